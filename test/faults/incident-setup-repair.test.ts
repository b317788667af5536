// Incident opens while Slack fails, answers late or loses its answer: the incident becomes whole once Slack is back,
// with one channel, no duplicate, the opener told, and the timeline saying what happened.
import { WebClient } from '@slack/web-api';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../src/db/migrate.ts';
import { startEscalationTimer } from '../../src/escalation/escalation-timer.ts';
import { IncidentService } from '../../src/incidents/incident-service.ts';
import type { SetUpTiming } from '../../src/incidents/setup-timing.ts';
import { createLogger } from '../../src/logging/create-logger.ts';
import { slackClientOptions } from '../../src/slack/slack-client-options.ts';
import { testConfig } from '../helpers/command-context.ts';
import { startFakeSlack, type FakeSlack } from '../helpers/fake-slack-server.ts';
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from '../helpers/test-database.ts';

const logger = createLogger({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
const FAST: SetUpTiming = { leaseMs: 5_000, firstRetryMs: 300, maxRetryMs: 2_000 };

describe.each(testDatabaseKinds)('incident set-up under Slack faults on %s', (kind) => {
  let db: TestDatabase;
  let fake: FakeSlack;
  beforeAll(async () => {
    db = await openTestDatabase(kind);
    await migrate(db.pool);
    fake = await startFakeSlack();
  }, 60_000);
  afterAll(async () => {
    await fake?.close();
    await db?.close();
  });

  /** The service as vigil wires it (the real retry policy), on the fake Slack; `timeoutMs` is the per-call timeout. */
  function service(timeoutMs = 10_000, retries?: number): IncidentService {
    const options = slackClientOptions(fake.apiUrl, logger);
    const client = new WebClient('xoxb-test', {
      ...options,
      timeout: timeoutMs,
      ...(retries === undefined ? {} : { retryConfig: { retries } }),
    });
    return new IncidentService({
      pool: db.pool,
      client,
      logger,
      clock: () => new Date(),
      timezone: 'UTC',
      alertsChannel: 'gne-alerts',
      privateChannels: false,
      responders: async () => [],
      repair: FAST,
    });
  }
  const row = async (id: number) => (await db.pool.query('SELECT * FROM incidents WHERE id = $1', [id])).rows[0];
  const channelsOf = (id: number) =>
    [...fake.channels.keys()].filter((name) => new RegExp(`^inc-\\d{8}-${id}-`).test(name));
  const kinds = async (id: number) =>
    (await db.pool.query('SELECT kind, detail FROM incident_events WHERE incident_id = $1 ORDER BY at, id', [id])).rows;

  it('repairs an open that met 13 s of Slack 500s: one channel, card posted and pinned, notice, opener told, timeline', async () => {
    const failUntil = Date.now() + 13_000;
    const failing = () => (Date.now() < failUntil ? { status: 500 } : undefined);
    for (const m of [
      'conversations.create',
      'chat.postMessage',
      'pins.add',
      'conversations.setTopic',
      'conversations.invite',
    ])
      fake.hooks[m] = failing;
    const incidents = service();
    try {
      const { incident } = await incidents.open({
        dedupKey: 'fault-500',
        title: 'Refund spike in Jakarta',
        severity: 2,
        openedBy: 'U0OPENER',
      });
      expect(incident.channelId).toBeNull();
      expect(await row(incident.id)).toMatchObject({ setup_attempts: 1, card_ts: null });
      const timer = startEscalationTimer(
        {
          pool: db.pool,
          client: new WebClient('xoxb-test', slackClientOptions(fake.apiUrl, logger)),
          logger,
          config: testConfig(),
          clock: () => new Date(),
        },
        200,
        (now) => incidents.repairDue(now),
      );
      try {
        await expect
          .poll(async () => (await row(incident.id)).setup_next_at, { timeout: 60_000, interval: 200 })
          .toBeNull();
      } finally {
        await timer();
      }
      const after = await row(incident.id);
      expect(channelsOf(incident.id)).toEqual([after.channel_name]);
      expect(after).toMatchObject({
        channel_id: fake.channels.get(after.channel_name)!.id,
        card_pinned: true,
        notice_channel: 'gne-alerts',
      });
      expect(after.card_ts).toEqual(expect.any(String));
      const ok = (m: string) => fake.calls.filter((c) => c.method === m);
      expect(ok('pins.add').at(-1)!.body).toMatchObject({ channel: after.channel_id, timestamp: after.card_ts });
      // The alerts channel's notice links the channel: posted with the link, or (when it was first posted while the
      // channel could not be made, as on a slow machine) updated in place to carry it.
      expect(
        [...ok('chat.postMessage'), ...ok('chat.update')].some(
          (c) => c.body.channel === 'gne-alerts' && String(c.body.text).includes(`<#${after.channel_id}>`),
        ),
      ).toBe(true);
      expect(
        ok('chat.postMessage').filter(
          (c) => c.body.channel === 'U0OPENER' && /is set up now/.test(String(c.body.text)),
        ),
      ).toHaveLength(1);
      expect(
        (await db.pool.query("SELECT count(*)::int AS n FROM incidents WHERE title = 'Refund spike in Jakarta'"))
          .rows[0].n,
      ).toBe(1);
      const events = await kinds(incident.id);
      expect(events[0]!.kind).toBe('opened');
      expect(events.at(-1)).toMatchObject({ kind: 'setup_completed', detail: { attempts: after.setup_attempts + 1 } });
      const failures = events.filter((e) => e.kind === 'slack_error');
      expect(failures[0]!.detail).toMatchObject({ step: 'create_channel' });
      expect(
        failures.every((e) =>
          ['create_channel', 'notice_alerts_channel', 'post_card', 'pin_card', 'set_topic'].includes(
            String(e.detail.step),
          ),
        ),
      ).toBe(true);
      expect(events.filter((e) => !['opened', 'slack_error', 'setup_completed'].includes(e.kind))).toEqual([]);
    } finally {
      for (const m of Object.keys(fake.hooks)) delete fake.hooks[m];
    }
  }, 120_000);

  it('tells the alerts channel while the channel cannot be made, then updates that notice in place to link the channel', async () => {
    fake.hooks['conversations.create'] = () => ({ status: 200, json: { ok: false, error: 'restricted_action' } });
    const incidents = service();
    let id: number;
    try {
      id = (
        await incidents.open({
          dedupKey: 'notice-first',
          title: 'Chargebacks climbing',
          severity: 2,
          openedBy: 'U0OPENER',
        })
      ).incident.id;
    } finally {
      delete fake.hooks['conversations.create'];
    }
    const early = await row(id);
    expect(early).toMatchObject({ channel_id: null, notice_channel: 'gne-alerts' });
    const notices = () =>
      fake.calls.filter(
        (c) =>
          c.method === 'chat.postMessage' &&
          c.body.channel === 'gne-alerts' &&
          String(c.body.text).includes('Chargebacks climbing'),
      );
    expect(notices()).toHaveLength(1);
    expect(String(notices()[0]!.body.text)).toContain('not set up yet; vigil is retrying');

    expect(await incidents.repairDue(new Date(Date.now() + 60_000))).toEqual([id]);
    const after = await row(id);
    expect(after.setup_next_at).toBeNull();
    expect(notices()).toHaveLength(1);
    const updated = fake.calls.filter((c) => c.method === 'chat.update' && c.body.ts === early.notice_ts);
    expect(updated).toHaveLength(1);
    expect(updated[0]!.body).toMatchObject({ channel: 'gne-alerts' });
    expect(String(updated[0]!.body.text)).toContain(`<#${after.channel_id}>`);
  });

  it('two replicas repairing at once set an incident up once (the claim keeps them apart)', async () => {
    fake.hooks['conversations.create'] = () => ({ status: 200, json: { ok: false, error: 'restricted_action' } });
    const first = service();
    let id: number;
    try {
      id = (await first.open({ dedupKey: 'two-replicas', title: 'Payout delays', severity: 2, openedBy: 'vigil' }))
        .incident.id;
    } finally {
      delete fake.hooks['conversations.create'];
    }
    const otherPool = new pg.Pool({ connectionString: db.url, max: 2 });
    try {
      const second = new IncidentService({
        pool: otherPool,
        client: new WebClient('xoxb-test', slackClientOptions(fake.apiUrl, logger)),
        logger,
        clock: () => new Date(),
        timezone: 'UTC',
        alertsChannel: 'gne-alerts',
        privateChannels: false,
        responders: async () => [],
        repair: FAST,
      });
      const later = new Date(Date.now() + 60_000);
      const [a, b] = await Promise.all([first.repairDue(later), second.repairDue(later)]);
      expect([...a, ...b]).toEqual([id]);
    } finally {
      await otherPool.end();
    }
    const creates = fake.calls.filter(
      (c) => c.method === 'conversations.create' && /-payout-delays$/.test(String(c.body.name)),
    );
    expect(creates).toHaveLength(2); // the refused one at open, then one repair
    expect(channelsOf(id)).toHaveLength(1);
  });

  it('reuses the channel Slack made when the answer to conversations.create was lost (timeout), making no second one', async () => {
    // The first create is done by Slack but never answered; the client's retry then meets name_taken.
    let lostOnce = false;
    fake.hooks['conversations.create'] = () => (lostOnce ? undefined : ((lostOnce = true), { hang: 'after' }));
    try {
      const { incident } = await service(1_000).open({
        dedupKey: 'fault-timeout',
        title: 'POS down',
        severity: 1,
        openedBy: 'U0OPENER',
      });
      expect(channelsOf(incident.id)).toHaveLength(1);
      expect(incident.channelName).toBe(channelsOf(incident.id)[0]);
      expect(incident.channelId).toBe(fake.channels.get(incident.channelName!)!.id);
      expect((await row(incident.id)).setup_next_at).toBeNull();
    } finally {
      delete fake.hooks['conversations.create'];
    }
  }, 60_000);

  it('with no client retry, looks the channel up at once after a lost answer and adopts it', async () => {
    let lostOnce = false;
    fake.hooks['conversations.create'] = () => (lostOnce ? undefined : ((lostOnce = true), { hang: 'after' }));
    try {
      const { incident } = await service(1_000, 0).open({
        dedupKey: 'fault-timeout-no-retry',
        title: 'Voucher redemption failing',
        severity: 2,
        openedBy: 'U0OPENER',
      });
      expect(channelsOf(incident.id)).toEqual([incident.channelName]);
      expect(fake.calls.filter((c) => c.method === 'conversations.list').length).toBeGreaterThan(0);
      expect((await row(incident.id)).setup_next_at).toBeNull();
    } finally {
      delete fake.hooks['conversations.create'];
    }
  }, 60_000);

  it('gives a channel left from an earlier database (same name, made before the incident) a -2 instead of adopting it', async () => {
    const incidents = service();
    const next = Number((await db.pool.query('SELECT coalesce(max(id), 0) + 1 AS id FROM incidents')).rows[0].id);
    const date = new Date().toISOString().slice(0, 10).replaceAll('-', '');
    // No open in this file has met a taken dedup key yet, so the sequence has not skipped: the next id is max + 1.
    fake.channels.set(`inc-${date}-${next}-fake-review-burst`, {
      id: 'C0OLD',
      created: Math.floor(Date.now() / 1000) - 3600,
    });
    const { incident } = await incidents.open({
      dedupKey: 'leftover',
      title: 'Fake review burst',
      severity: 3,
      openedBy: 'U0OPENER',
    });
    expect(incident.id).toBe(next);
    expect(incident.channelName).toBe(`inc-${date}-${next}-fake-review-burst-2`);
    expect(incident.channelId).not.toBe('C0OLD');
  });

  it('without channels:read (conversations.list refused), a taken name falls back to -2 rather than retrying forever', async () => {
    const incidents = service();
    const next = Number((await db.pool.query('SELECT coalesce(max(id), 0) + 1 AS id FROM incidents')).rows[0].id);
    const date = new Date().toISOString().slice(0, 10).replaceAll('-', '');
    fake.channels.set(`inc-${date}-${next}-refund-ring`, { id: 'C0TAKEN', created: Math.floor(Date.now() / 1000) });
    fake.hooks['conversations.list'] = () => ({ status: 200, json: { ok: false, error: 'missing_scope' } });
    try {
      const { incident } = await incidents.open({
        dedupKey: 'no-scope',
        title: 'Refund ring',
        severity: 3,
        openedBy: 'U0OPENER',
      });
      expect(incident.id).toBe(next);
      expect(incident.channelName).toBe(`inc-${date}-${next}-refund-ring-2`);
      expect((await row(next)).setup_next_at).toBeNull();
    } finally {
      delete fake.hooks['conversations.list'];
    }
  });

  it('resumes a half-done open when the same open is retried (same dedup key), instead of making a duplicate', async () => {
    fake.hooks['chat.postMessage'] = () => ({ status: 200, json: { ok: false, error: 'channel_not_found' } });
    const incidents = service();
    try {
      const first = await incidents.open({
        dedupKey: 'retried',
        title: 'Moderation backlog',
        severity: 3,
        openedBy: 'U0OPENER',
      });
      expect(first.incident.channelId).toEqual(expect.any(String));
      expect((await row(first.incident.id)).card_ts).toBeNull();
    } finally {
      delete fake.hooks['chat.postMessage'];
    }
    const again = await incidents.open({
      dedupKey: 'retried',
      title: 'Moderation backlog',
      severity: 3,
      openedBy: 'U0OPENER',
    });
    expect(again).toMatchObject({ created: false, incident: { id: again.incident.id } });
    const after = await row(again.incident.id);
    expect(after).toMatchObject({ setup_next_at: null, card_pinned: true, channel_id: again.incident.channelId });
    expect(after.card_ts).toEqual(expect.any(String));
    expect(channelsOf(again.incident.id)).toHaveLength(1);
    expect(
      (await db.pool.query("SELECT count(*)::int AS n FROM incidents WHERE dedup_key = 'retried'")).rows[0].n,
    ).toBe(1);
  });
});
