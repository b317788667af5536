import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buttonClick, eventually, postSlack, slashCommand } from '../helpers/slack-http.ts';
import { startSlackTestApp, type SlackTestApp } from '../helpers/slack-test-app.ts';
import { allowNetwork, blockNetwork, nockSlack, type SlackCall, type SlackScript } from '../helpers/nock-slack.ts';

const calls: SlackCall[] = [];
const named = (m: string) => calls.filter((c) => c.method === m);
const fakeSlack = (script: SlackScript = {}) => nockSlack(calls, script);

describe('Slack faults and roles (HTTP mode, embedded database)', () => {
  let t: SlackTestApp;
  beforeAll(async () => {
    blockNetwork();
    t = await startSlackTestApp('pglite', 'roles:\n  responder: [U0RESPONDER]\n  manager: [U0MANAGER]\n');
  });
  afterEach(() => {
    nock.cleanAll();
    calls.length = 0;
  });
  afterAll(async () => {
    await t?.close();
    allowNetwork();
  });

  it('waits out a 429 for its Retry-After, then posts the card', async () => {
    fakeSlack({
      'chat.postMessage': (n) =>
        n === 1 ? [429, { ok: false, error: 'ratelimited' }, { 'retry-after': '1' }] : undefined,
    });
    await postSlack(t.base, slashCommand('/incident', 'new Rate limited open'));
    await eventually(
      () => named('response_url').some((c) => /Opened incident/.test(JSON.stringify(c.body))),
      15_000,
      'the open finished after the 429',
    );
    const [limited, retried] = named('chat.postMessage');
    expect(retried!.at - limited!.at).toBeGreaterThanOrEqual(950);
    const row = (await t.db.pool.query("SELECT card_ts FROM incidents WHERE title = 'Rate limited open'")).rows[0];
    expect(row.card_ts).toBeTruthy();
  });

  it('retries a 5xx a bounded number of times, then records the failure and keeps the incident for the timer to finish', async () => {
    fakeSlack({ 'pins.add': () => [503, 'upstream unavailable'] });
    await postSlack(t.base, slashCommand('/incident', 'new Pins are down'));
    await eventually(
      () => named('response_url').some((c) => /Opened incident/.test(JSON.stringify(c.body))),
      30_000,
      'the open finished',
    );
    // vigil retries the pin itself, so the channel is not asked to do it by hand.
    expect(named('chat.postMessage').some((c) => /pin_card/.test(c.body.text ?? ''))).toBe(false);
    // One try and three retries (SLACK_RETRY_CONFIG), not the client's default of ten over half an hour.
    expect(named('pins.add')).toHaveLength(4);
    const row = (
      await t.db.pool.query(
        "SELECT id, channel_id, card_ts, card_pinned, setup_next_at FROM incidents WHERE title = 'Pins are down'",
      )
    ).rows[0];
    expect(row.channel_id).toMatch(/^C0INC/);
    expect(row).toMatchObject({ card_pinned: false, setup_next_at: expect.any(Date) });
    const events = await t.db.pool.query(
      "SELECT detail FROM incident_events WHERE incident_id = $1 AND kind = 'slack_error'",
      [row.id],
    );
    expect(events.rows.map((e) => e.detail.step)).toContain('pin_card');
  }, 40_000);

  it('refuses resolve to someone without a role, answers ephemerally, audits, and changes nothing', async () => {
    fakeSlack();
    const { rows } = await t.db.pool.query('SELECT id, status FROM incidents ORDER BY id LIMIT 1');
    const id = rows[0].id;
    await postSlack(t.base, slashCommand('/incident', `resolve ${id} closing it`, { user_id: 'U0OUTSIDER' }));
    await eventually(
      () => named('response_url').some((c) => /You may not resolve/.test(JSON.stringify(c.body))),
      10_000,
      'the refusal',
    );
    expect((await t.db.pool.query('SELECT status FROM incidents WHERE id = $1', [id])).rows[0].status).toBe(
      rows[0].status,
    );
    const audit = await t.db.pool.query("SELECT actor, target FROM audit_log WHERE action = 'resolve.denied'");
    expect(audit.rows).toEqual([{ actor: 'U0OUTSIDER', target: `incident:${id}` }]);
  });

  it('lets anyone acknowledge, and a responder escalate, from the card', async () => {
    fakeSlack();
    const { rows } = await t.db.pool.query("SELECT id FROM incidents WHERE status = 'open' ORDER BY id LIMIT 1");
    const id = String(rows[0].id);
    await postSlack(t.base, buttonClick('incident_ack', id, { userId: 'U0OUTSIDER' }));
    await eventually(
      async () =>
        (await t.db.pool.query('SELECT status FROM incidents WHERE id = $1', [id])).rows[0].status === 'acknowledged',
      10_000,
      'acknowledged',
    );
    await postSlack(t.base, buttonClick('incident_escalate', id, { userId: 'U0OUTSIDER' }));
    await eventually(
      () => named('response_url').some((c) => /You may not escalate/.test(JSON.stringify(c.body))),
      10_000,
      'escalate refused',
    );
    await postSlack(t.base, buttonClick('incident_escalate', id, { userId: 'U0RESPONDER' }));
    await eventually(
      async () =>
        (await t.db.pool.query('SELECT status FROM incidents WHERE id = $1', [id])).rows[0].status === 'escalated',
      10_000,
      'escalated',
    );
    // The page names who escalated (nobody is on call here, so it goes to the incident channel only).
    const channel = (await t.db.pool.query('SELECT channel_id FROM incidents WHERE id = $1', [id])).rows[0].channel_id;
    await eventually(
      () =>
        named('chat.postMessage').some(
          (c) => c.body.channel === channel && /was escalated by <@U0RESPONDER>/.test(c.body.text ?? ''),
        ),
      10_000,
      'the page naming the responder',
    );
  });
});
