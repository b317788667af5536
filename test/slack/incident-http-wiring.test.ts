import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buttonClick, eventually, postSlack, resolveSubmission, slashCommand } from '../helpers/slack-http.ts';
import { startSlackTestApp, type SlackTestApp } from '../helpers/slack-test-app.ts';
import { testDatabaseKinds } from '../helpers/test-database.ts';
import { allowNetwork, blockNetwork, nockSlack, type SlackCall, type SlackScript } from '../helpers/nock-slack.ts';

const calls: SlackCall[] = [];
const named = (method: string) => calls.filter((c) => c.method === method);
const fakeSlack = (script: SlackScript = {}) => nockSlack(calls, script);

describe.each(testDatabaseKinds)('incidents over signed HTTP on %s', (kind) => {
  let t: SlackTestApp;
  beforeAll(async () => {
    blockNetwork();
    t = await startSlackTestApp(kind);
  });
  afterEach(() => {
    nock.cleanAll();
    calls.length = 0;
  });
  afterAll(async () => {
    await t?.close();
    allowNetwork();
  });

  const incidents = async () => (await t.db.pool.query('SELECT * FROM incidents ORDER BY id')).rows;

  it('opens an incident: channel, topic, invite, pinned card, alerts notice, and the timeline', async () => {
    fakeSlack();
    const res = await postSlack(
      t.base,
      slashCommand('/incident', 'new Refund spike in Jakarta sev=2 metric=refund_rate city=jakarta'),
    );
    expect(res.status).toBe(200);
    await eventually(
      () => named('response_url').some((c) => /Opened incident #\d+/.test(JSON.stringify(c.body))),
      10_000,
      'the confirmation',
    );

    expect(named('conversations.create')[0]!.body.name).toMatch(/^inc-\d{8}-\d+-refund-spike-in-jakarta$/);
    const [row] = await incidents();
    const channel = row.channel_id as string;
    expect(channel).toMatch(/^C0INC\d+$/);
    expect(named('conversations.setTopic')[0]!.body).toMatchObject({
      channel,
      topic: 'SEV2 · open · Refund spike in Jakarta',
    });
    expect(named('conversations.invite')[0]!.body).toMatchObject({ channel, users: 'U0OPENER' });
    const [card, notice] = named('chat.postMessage');
    expect(card!.body.channel).toBe(channel);
    expect(JSON.parse(card!.body.blocks!).some((b: { type: string }) => b.type === 'actions')).toBe(true);
    expect(named('pins.add')[0]!.body).toMatchObject({ channel, timestamp: row.card_ts });
    expect(notice!.body.channel).toBe('gne-alerts');
    expect(notice!.body.text).toContain(channel);
    expect(row).toMatchObject({
      title: 'Refund spike in Jakarta',
      severity: 2,
      status: 'open',
      metric_id: 'refund_rate',
    });
    expect(row.slice).toEqual({ city: 'jakarta' });
    const events = await t.db.pool.query('SELECT kind FROM incident_events WHERE incident_id = $1', [row.id]);
    expect(events.rows.map((e) => e.kind)).toEqual(['opened']);
  });

  it('does not open a second incident for a retried delivery of the same command', async () => {
    fakeSlack();
    const before = (await incidents()).length;
    const command = slashCommand('/incident', 'new POS down sev=1');
    await postSlack(t.base, command);
    await eventually(
      () => named('response_url').some((c) => /Opened incident/.test(JSON.stringify(c.body))),
      10_000,
      'the first open',
    );
    const retry = await postSlack(t.base, command, { retryNum: 1 });
    expect(retry.status).toBe(200);
    await t.settled();
    expect((await incidents()).length).toBe(before + 1);
    expect(named('conversations.create')).toHaveLength(1);
  });

  it('a retyped /incident new (a new command, same title, any case or spacing) points at the open incident instead of opening another', async () => {
    fakeSlack();
    await postSlack(t.base, slashCommand('/incident', 'new Payout delays in Manila sev=2'));
    await eventually(
      () => named('response_url').some((c) => /Opened incident/.test(JSON.stringify(c.body))),
      10_000,
      'the first open',
    );
    const first = (await incidents()).at(-1);
    await postSlack(t.base, slashCommand('/incident', 'new payout  delays in MANILA sev=2'));
    await postSlack(t.base, slashCommand('/incident', 'new Payout delays in Manila', { user_id: 'U0OTHER' }));
    const pointed = () => named('response_url').filter((c) => /still open, so no second one/.test(String(c.body.text)));
    await eventually(() => pointed().length === 2, 10_000, 'both pointed at the first incident');
    const [mine, theirs] = pointed().map((c) => String(c.body.text));
    expect(mine).toContain(`You opened incident #${first.id} "Payout delays in Manila"`);
    expect(mine).toContain(`<#${first.channel_id}>`);
    expect(theirs).toContain(`<@U0OPENER> opened incident #${first.id}`);
    expect((await incidents()).filter((r) => /payout delays/i.test(r.title))).toHaveLength(1);
    expect(named('conversations.create')).toHaveLength(1);
    // Resolved, the title is free again.
    await t.db.pool.query("UPDATE incidents SET status = 'resolved', resolved_at = now() WHERE id = $1", [first.id]);
    await postSlack(t.base, slashCommand('/incident', 'new Payout delays in Manila sev=2'));
    await eventually(() => named('conversations.create').length === 2, 10_000, 'a new incident opened');
  });

  it('rejects a bad signature and a stale timestamp with 401 and changes nothing', async () => {
    fakeSlack();
    const before = (await incidents()).length;
    const bad = await postSlack(t.base, slashCommand('/incident', 'new Forged'), { signature: 'v0=deadbeef' });
    expect(bad.status).toBe(401);
    const stale = await postSlack(t.base, slashCommand('/incident', 'new Replayed'), {
      timestamp: Math.floor(Date.now() / 1000) - 600,
    });
    expect(stale.status).toBe(401);
    await t.settled();
    expect((await incidents()).length).toBe(before);
    expect(calls.filter((c) => /Forged|Replayed/i.test(JSON.stringify(c.body)))).toEqual([]);
  });

  it('acknowledges from the card button once, updates the card in place, and refuses a second click', async () => {
    fakeSlack();
    const [row] = await incidents();
    const click = await postSlack(t.base, buttonClick('incident_ack', String(row.id)));
    expect(click.status).toBe(200);
    // The card is updated in place (and so is the alerts channel notice, when the incident has one).
    const cardUpdates = () => named('chat.update').filter((c) => c.body.channel === row.channel_id);
    await eventually(() => cardUpdates().length === 1, 10_000, 'the card update');
    expect(cardUpdates()[0]!.body).toMatchObject({ channel: row.channel_id, ts: row.card_ts });
    await eventually(
      () => named('chat.postMessage').some((c) => /acknowledged/.test(c.body.text ?? '')),
      10_000,
      'the channel told',
    );

    await postSlack(t.base, buttonClick('incident_ack', String(row.id), { userId: 'U0SECOND' }));
    await eventually(
      () => named('response_url').some((c) => /already acknowledged/i.test(JSON.stringify(c.body))),
      10_000,
      'the refusal',
    );
    const after = (await t.db.pool.query('SELECT status, acknowledged_by FROM incidents WHERE id = $1', [row.id]))
      .rows[0];
    expect(after).toEqual({ status: 'acknowledged', acknowledged_by: 'U0RESPONDER' });
    const acks = await t.db.pool.query(
      "SELECT count(*)::int AS n FROM incident_events WHERE incident_id = $1 AND kind = 'acknowledged'",
      [row.id],
    );
    expect(acks.rows[0].n).toBe(1);
  });

  it('escalates and resolves by command inside the incident channel, and needs a note to resolve', async () => {
    fakeSlack();
    const [row] = await incidents();
    await postSlack(t.base, slashCommand('/incident', 'escalate', { channel_id: row.channel_id }));
    await eventually(
      async () =>
        (await t.db.pool.query('SELECT status FROM incidents WHERE id = $1', [row.id])).rows[0].status === 'escalated',
      10_000,
      'escalated',
    );
    await postSlack(t.base, slashCommand('/incident', 'resolve', { channel_id: row.channel_id }));
    await eventually(
      () => named('response_url').some((c) => /needs a note/.test(JSON.stringify(c.body))),
      10_000,
      'the usage answer',
    );
    await postSlack(
      t.base,
      slashCommand('/incident', 'resolve ring suspended, vouchers refunded', { channel_id: row.channel_id }),
    );
    await eventually(
      async () =>
        (await t.db.pool.query('SELECT status FROM incidents WHERE id = $1', [row.id])).rows[0].status === 'resolved',
      10_000,
      'resolved',
    );
    const resolved = (
      await t.db.pool.query('SELECT resolution_note, resolved_by FROM incidents WHERE id = $1', [row.id])
    ).rows[0];
    expect(resolved).toEqual({ resolution_note: 'ring suspended, vouchers refunded', resolved_by: 'U0OPENER' });
    const audit = await t.db.pool.query('SELECT action FROM audit_log WHERE target = $1 ORDER BY id', [
      `incident:${row.id}`,
    ]);
    expect(audit.rows.map((a) => a.action)).toEqual([
      'incident.open',
      'incident.acknowledge',
      'incident.escalate',
      'incident.resolve',
    ]);
    // The resolve hook writes the incident summary (the template: no OpenAI key here) into the channel, and for
    // a SEV1/2 into the managers' channel too; both are waited for, so neither lands in a later test's calls.
    const summaries = () =>
      named('chat.postMessage').filter((c) => /Written from the data by vigil's template/.test(c.body.text ?? ''));
    await eventually(() => summaries().some((c) => c.body.channel === row.channel_id), 10_000, 'the incident summary');
    if (row.severity <= 2) await eventually(() => summaries().length >= 2, 10_000, 'the summary for the managers');
  });

  it('keeps the incident when an invite fails, and says so in the channel', async () => {
    fakeSlack({ 'conversations.invite': () => [200, { ok: false, error: 'cant_invite' }] });
    await postSlack(t.base, slashCommand('/incident', 'new Vendor QA drop sev=3'));
    await eventually(
      () => named('response_url').some((c) => /Opened incident/.test(JSON.stringify(c.body))),
      10_000,
      'the open finished despite the invite failure',
    );
    const last = (await incidents()).at(-1);
    expect(
      named('chat.postMessage').some(
        (c) =>
          c.body.channel === last.channel_id &&
          /could not invite/.test(c.body.text ?? '') &&
          /cant_invite/.test(c.body.text ?? ''),
      ),
    ).toBe(true);
    expect(last).toMatchObject({ title: 'Vendor QA drop', channel_id: expect.stringMatching(/^C0INC/) });
  });

  it('tries -2 when the channel name is taken', async () => {
    fakeSlack({ 'conversations.create': (n) => (n === 1 ? [200, { ok: false, error: 'name_taken' }] : undefined) });
    await postSlack(t.base, slashCommand('/incident', 'new Fake review burst'));
    await eventually(
      () => named('response_url').some((c) => /Opened incident/.test(JSON.stringify(c.body))),
      10_000,
      'the incident set up in the -2 channel',
    );
    const names = named('conversations.create').map((c) => c.body.name!);
    expect(names[1]).toBe(`${names[0]}-2`);
  });

  it('answers malformed input ephemerally with the usage and an example', async () => {
    fakeSlack();
    await postSlack(t.base, slashCommand('/incident', 'frobnicate'));
    await eventually(
      () => named('response_url').some((c) => JSON.stringify(c.body).includes('frobnicate')),
      10_000,
      'the usage answer',
    );
    const answer = JSON.stringify(
      named('response_url').find((c) => JSON.stringify(c.body).includes('frobnicate'))!.body,
    );
    expect(answer).toContain('Unknown subcommand');
    expect(answer).toContain('/incident new');
    expect(answer).toContain('ephemeral');
  });

  it('opens from the detector service call with metric evidence on the card, once per dedup key', async () => {
    fakeSlack();
    const evidence = {
      metricId: 'refund_rate',
      bucket: '2026-11-26T03:00:00.000Z',
      observed: 0.041,
      expected: 0.01,
      bandLow: 0.006,
      bandHigh: 0.016,
      unit: 'ratio' as const,
      slice: { city: 'jakarta', category: 'spa' },
      impact: '~310 orders refunded',
      contributors: [{ slice: { city: 'jakarta', category: 'spa', channel: 'live' }, observed: 0.09, expected: 0.011 }],
    };
    const input = {
      dedupKey: 'detector:refund_rate:city=jakarta,category=spa:2026-11-26T03',
      title: 'Refund rate, Jakarta × spa',
      severity: 2 as const,
      metricId: 'refund_rate',
      slice: evidence.slice,
      evidence,
      openedBy: 'vigil',
    };
    const first = await t.services.incidents.open(input);
    const again = await t.services.incidents.open(input);
    expect(first.created).toBe(true);
    expect(again).toMatchObject({ created: false, incident: { id: first.incident.id } });
    expect(named('conversations.create')).toHaveLength(1);
    const card = named('chat.postMessage').find((c) => c.body.channel === first.incident.channelId)!;
    const text = card.body.blocks!;
    expect(text).toContain('4.1%');
    expect(text).toContain('1.0%');
    expect(text).toContain('jakarta');
    expect(text).toContain('310 orders');
    // The detector is not a Slack user, so only real user ids are invited.
    expect(named('conversations.invite')).toHaveLength(0);
  });

  it('archives a resolved incident channel from the card', async () => {
    fakeSlack();
    const resolved = (
      await t.db.pool.query("SELECT id, channel_id FROM incidents WHERE status = 'resolved' ORDER BY id LIMIT 1")
    ).rows[0];
    await postSlack(t.base, buttonClick('incident_archive', String(resolved.id)));
    await eventually(() => named('conversations.archive').length === 1, 10_000, 'the archive call');
    expect(named('conversations.archive')[0]!.body.channel).toBe(resolved.channel_id);
  });

  it('resolves from the dialog: an empty note comes back as a field error in the ack, a note resolves', async () => {
    fakeSlack();
    const open = (await t.db.pool.query("SELECT id FROM incidents WHERE status <> 'resolved' ORDER BY id LIMIT 1"))
      .rows[0];
    await postSlack(t.base, buttonClick('incident_resolve', String(open.id), { userId: 'U0OPENER' }));
    await eventually(() => named('views.open').length === 1, 10_000, 'the dialog opened');
    expect(JSON.parse(named('views.open')[0]!.body.view!)).toMatchObject({
      callback_id: 'incident_resolve_view',
      private_metadata: String(open.id),
    });

    const empty = await postSlack(t.base, resolveSubmission(open.id, '   '));
    expect(empty.status).toBe(200);
    expect(JSON.parse(empty.body)).toEqual({
      response_action: 'errors',
      errors: { note: 'Say what fixed it or why it is closed.' },
    });
    const filled = await postSlack(t.base, resolveSubmission(open.id, 'refund rule rolled back'));
    expect(filled).toMatchObject({ status: 200, body: '' });
    await eventually(
      async () =>
        (await t.db.pool.query('SELECT status FROM incidents WHERE id = $1', [open.id])).rows[0].status === 'resolved',
      10_000,
      'resolved',
    );
    const row = (await t.db.pool.query('SELECT resolution_note, channel_id FROM incidents WHERE id = $1', [open.id]))
      .rows[0];
    expect(row.resolution_note).toBe('refund rule rolled back');
    // The channel is told after the state changes; wait for it so no call lands in the next test.
    await eventually(
      () =>
        named('conversations.setTopic').some(
          (c) => c.body.channel === row.channel_id && /resolved/.test(c.body.topic ?? ''),
        ),
      10_000,
      'the topic updated',
    );
  });
});
