// Paging that wakes someone: a SEV1/2 pages the primary on call at once (a DM and a mention in the channel), so
// does raising an incident to SEV1/2, an escalation names who escalated, and PagerDuty is told of the open once
// however often the open is processed; a failing paging service is said in the channel and the incident still opens.
import nock from 'nock';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config/load-config.ts';
import { migrate } from '../../src/db/migrate.ts';
import type { EscalationDeps } from '../../src/escalation/escalation-deps.ts';
import { pageSecondary } from '../../src/escalation/page-on-call.ts';
import { IncidentService, incidentServiceWithoutSlack } from '../../src/incidents/incident-service.ts';
import { createIncidentPaging, escalatedReason } from '../../src/paging/create-incident-paging.ts';
import { pagingProvidersOf } from '../../src/paging/paging-providers-of.ts';
import { DEFAULT_RETRY } from '../../src/paging/post-with-retry.ts';
import { createSlackClient } from '../../src/slack/build-slack-app.ts';
import { testConfig } from '../helpers/command-context.ts';
import { allowNetwork, blockNetwork, nockSlack, type SlackCall } from '../helpers/nock-slack.ts';
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from '../helpers/test-database.ts';

const NOW = new Date('2026-02-02T10:00:00Z');
const ROTA = `oncall:
  rotation:
    start: "2026-01-05T09:00"
    primary: [U0PRIMA]
    secondary: [U0SECON]
`;
const PD_ENV = { PAGERDUTY_ROUTING_KEY: 'R0UTINGKEY', PAGERDUTY_EVENTS_URL: 'https://events.pagerduty.com/v2/enqueue' };
// Retries that never wait: the waits asked for are recorded instead.
const waits: number[] = [];
const retry = { ...DEFAULT_RETRY, sleep: async (ms: number) => void waits.push(ms) };

describe.each(testDatabaseKinds)('paging on %s', (kind) => {
  let db: TestDatabase;
  let config: Config;
  let service: IncidentService;
  const calls: SlackCall[] = [];
  const pd: Array<Record<string, unknown>> = [];
  let pdReply: () => [number, unknown] = () => [202, { status: 'success' }];
  const logger = pino({ level: 'silent' });
  const posts = () => calls.filter((c) => c.method === 'chat.postMessage').map((c) => c.body);

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    await migrate(db.pool);
    blockNetwork();
    config = testConfig(ROTA, PD_ENV);
    const client = createSlackClient(config, logger);
    const slack: EscalationDeps = { pool: db.pool, client, logger, config, clock: () => NOW };
    service = new IncidentService({
      pool: db.pool,
      client,
      logger,
      clock: () => NOW,
      timezone: 'UTC',
      alertsChannel: 'gne-alerts',
      privateChannels: false,
      responders: async () => [],
      onEscalated: (incident, actor, reason) =>
        pageSecondary(slack, incident, escalatedReason(actor, reason), NOW).then(() => {}),
      paging: createIncidentPaging({
        slack,
        pool: db.pool,
        logger,
        clock: () => NOW,
        providers: pagingProvidersOf(config, retry),
        say: (incident, text) => service.say(incident, text),
      }),
    });
  }, 60_000);
  beforeEach(() => {
    nockSlack(calls);
    nock('https://events.pagerduty.com')
      .persist()
      .post('/v2/enqueue')
      .reply(function (_uri, body) {
        pd.push(body as Record<string, unknown>);
        return pdReply();
      });
  });
  afterEach(() => {
    nock.cleanAll();
    calls.length = 0;
    pd.length = 0;
    waits.length = 0;
    pdReply = () => [202, { status: 'success' }];
  });
  afterAll(async () => {
    allowNetwork();
    await db?.close();
  });

  const open = (key: string, severity: 1 | 2 | 3 | 4) =>
    service.open({ dedupKey: `${key}-${kind}`, title: 'Refund spike in Jakarta', severity, openedBy: 'U0OPENER' });

  it('pages the primary at once when a SEV1 opens: a DM and a mention in the new channel, on the timeline', async () => {
    const { incident } = await open('sev1', 1);
    const channel = incident.channelId!;
    const dm = posts().find((p) => p.channel === 'U0PRIMA');
    expect(dm?.text).toBe(
      `:rotating_light: SEV1 <#${channel}> "Refund spike in Jakarta" was opened. Please acknowledge or hand it on.`,
    );
    expect(posts().find((p) => p.channel === channel && p.text?.startsWith('<@U0PRIMA>'))?.text).toContain(
      'was opened',
    );
    const events = await service.timeline(incident.id);
    expect(events.find((e) => e.kind === 'paged')?.detail).toEqual({
      role: 'primary',
      user: 'U0PRIMA',
      reason: 'opened',
    });
  });

  it('does not page at once for a SEV3, but does when it is raised to SEV2, naming who raised it', async () => {
    const { incident } = await open('raise', 3);
    expect(posts().filter((p) => p.channel === 'U0PRIMA')).toEqual([]);
    await service.act(incident.id, { kind: 'set_severity', severity: 2 }, 'U0RAISER');
    expect(
      posts()
        .filter((p) => p.channel === 'U0PRIMA')
        .map((p) => p.text),
    ).toEqual([
      `:rotating_light: SEV2 <#${incident.channelId}> "Refund spike in Jakarta" was raised to SEV2 by <@U0RAISER>. Please acknowledge or hand it on.`,
    ]);
    // Lowering it again pages nobody.
    await service.act(incident.id, { kind: 'set_severity', severity: 4 }, 'U0RAISER');
    expect(posts().filter((p) => p.channel === 'U0PRIMA')).toHaveLength(1);
  });

  it('names who escalated in the page to the secondary', async () => {
    const { incident } = await open('escalate', 3);
    await service.act(incident.id, { kind: 'escalate', reason: 'customers cannot pay' }, 'U0ESCAL');
    expect(
      posts()
        .filter((p) => p.channel === 'U0SECON')
        .map((p) => p.text),
    ).toEqual([expect.stringContaining('was escalated by <@U0ESCAL> (customers cannot pay).')]);
    expect(posts().find((p) => p.channel === incident.channelId && p.text?.startsWith('<@U0SECON>'))).toBeDefined();
  });

  it('triggers, acknowledges and resolves in PagerDuty once each, however often the open is processed', async () => {
    const first = await open('pd', 2);
    // A Slack retry of the same /incident new, and the same moment told twice (another replica): no second trigger.
    await open('pd', 2);
    await service.act(first.incident.id, { kind: 'acknowledge' }, 'U0PRIMA');
    await service.act(first.incident.id, { kind: 'resolve', note: 'rolled back' }, 'U0PRIMA');
    const key = `pd-${kind}`;
    expect(pd.map((b) => [b.event_action, b.dedup_key, b.routing_key])).toEqual([
      ['trigger', key, 'R0UTINGKEY'],
      ['acknowledge', key, 'R0UTINGKEY'],
      ['resolve', key, 'R0UTINGKEY'],
    ]);
    expect(pd[0]!.payload).toMatchObject({
      summary: 'SEV2: Refund spike in Jakarta',
      source: 'vigil',
      severity: 'error',
    });
    const { rows } = await db.pool.query(
      'SELECT action, delivered_at IS NOT NULL AS delivered FROM paging_deliveries WHERE incident_id = $1 ORDER BY action',
      [first.incident.id],
    );
    expect(rows).toEqual([
      { action: 'acknowledge', delivered: true },
      { action: 'resolve', delivered: true },
      { action: 'trigger', delivered: true },
    ]);
  });

  it('says in the channel when PagerDuty fails, and the incident still opens', async () => {
    pdReply = () => [500, { status: 'error' }];
    const { incident, created } = await open('pd-down', 1);
    expect(created).toBe(true);
    expect((await service.get(incident.id)).channelId).toBe(incident.channelId);
    expect(pd).toHaveLength(3); // the bound: three tries
    expect(waits).toEqual([1_000, 2_000]);
    const said = posts().filter((p) => p.channel === incident.channelId && p.text?.startsWith(':warning: PagerDuty'));
    expect(said.map((p) => p.text)).toEqual([
      expect.stringContaining(
        'PagerDuty was not told to trigger this incident: PagerDuty did not take the request (3 tries): HTTP 500',
      ),
    ]);
    // The failed delivery is not recorded as made, so a later attempt may make it.
    const { rows } = await db.pool.query('SELECT count(*)::int AS n FROM paging_deliveries WHERE incident_id = $1', [
      incident.id,
    ]);
    expect(rows[0].n).toBe(0);
    // The primary was still paged in Slack.
    expect(posts().some((p) => p.channel === 'U0PRIMA')).toBe(true);
  });

  it('tells PagerDuty without Slack too (a bot with Slack off), paging nobody in Slack', async () => {
    const quiet = incidentServiceWithoutSlack({
      pool: db.pool,
      logger,
      timezone: 'UTC',
      clock: () => NOW,
      paging: createIncidentPaging({
        pool: db.pool,
        logger,
        clock: () => NOW,
        providers: pagingProvidersOf(config, retry),
        say: async () => {},
      }),
    });
    const { incident } = await quiet.open({
      dedupKey: `quiet-${kind}`,
      title: 'Refund spike in Jakarta',
      severity: 1,
      openedBy: 'vigil',
    });
    await quiet.act(incident.id, { kind: 'resolve', note: 'recovered' }, 'vigil');
    expect(pd.map((b) => b.event_action)).toEqual(['trigger', 'resolve']);
    expect(calls).toEqual([]);
  });

  it('runs the paging services at once when the deferring queue is full, rather than dropping the trigger', async () => {
    const deferred: Array<() => Promise<void>> = [];
    const pager = createIncidentPaging({
      pool: db.pool,
      logger,
      clock: () => NOW,
      providers: pagingProvidersOf(config, retry),
      say: async () => {},
      defer: (job) => deferred.push(job) === 1,
    });
    const { incident } = await open('full-queue', 3);
    pd.length = 0;
    await db.pool.query('DELETE FROM paging_deliveries WHERE incident_id = $1', [incident.id]);
    await pager.tell(incident, { kind: 'opened' }); // queued
    expect(pd).toEqual([]);
    await pager.tell(incident, { kind: 'acknowledged', actor: 'U0PRIMA' }); // the queue is full: at once
    await deferred[0]!();
    expect(pd.map((b) => b.event_action)).toEqual(['acknowledge', 'trigger']);
  });
});
