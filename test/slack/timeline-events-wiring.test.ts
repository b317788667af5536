// A timeline of what people said, over signed HTTP with Slack faked at the network: the timeline emoji and pins in an
// incident channel add the message (text fetched with conversations.history, or taken from the pin event), removing
// them takes it off, and `/incident timeline` shows it beside vigil's events in local time (VIGIL_TIMEZONE).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, postSlack, slashCommand } from '../helpers/slack-http.ts';
import { pinEvent, postSlackEvent, reactionEvent } from '../helpers/slack-events.ts';
import { startSlackTestApp, type SlackTestApp } from '../helpers/slack-test-app.ts';
import { testDatabaseKinds } from '../helpers/test-database.ts';
import { isolateSlack, nockSlack, type SlackCall, type SlackScript } from '../helpers/nock-slack.ts';

// 2026-01-01 00:01 and 00:02 UTC: 08:01 and 08:02 in Asia/Singapore, VIGIL_TIMEZONE's default.
const SAID_TS = '1767225660.000200';
const PINNED_TS = '1767225720.000300';

describe.each(testDatabaseKinds)('the people timeline over signed HTTP on %s', (kind) => {
  const calls: SlackCall[] = [];
  isolateSlack(calls);
  let t: SlackTestApp;
  let id: number;
  let channel: string;
  let cardTs: string;
  beforeAll(async () => {
    t = await startSlackTestApp(kind);
  });
  afterAll(async () => t?.close());

  const named = (method: string) => calls.filter((c) => c.method === method);
  const entries = async () =>
    (
      await t.db.pool.query(
        'SELECT message_ts, author, text, marks FROM incident_timeline_messages WHERE incident_id = $1 ORDER BY posted_at',
        [id],
      )
    ).rows;
  // conversations.history answers with the message asked for (latest = oldest = its ts), as Slack does.
  const history: SlackScript = {
    'conversations.history': (_n, body) =>
      body.latest === SAID_TS
        ? [200, { ok: true, messages: [{ type: 'message', ts: SAID_TS, user: 'U0CAROL', text: 'refunds paused' }] }]
        : [200, { ok: true, messages: [] }],
  };

  it('opens the incident whose channel the messages are in', async () => {
    nockSlack(calls);
    await postSlack(t.base, slashCommand('/incident', 'new Refund spike in Jakarta sev=2'));
    await eventually(
      () => named('response_url').some((c) => /Opened incident/.test(JSON.stringify(c.body))),
      10_000,
      'the open',
    );
    const row = (await t.db.pool.query('SELECT id, channel_id, card_ts FROM incidents ORDER BY id DESC LIMIT 1'))
      .rows[0];
    [id, channel, cardTs] = [Number(row.id), row.channel_id as string, row.card_ts as string];
  });

  it('reaction_added with the timeline emoji puts the message on the timeline; another emoji or channel adds nothing', async () => {
    nockSlack(calls, history);
    // Ignored ones first: the later delivery's entry is the sign the earlier ones were handled.
    expect(
      await postSlackEvent(t.base, reactionEvent('reaction_added', { channel, ts: SAID_TS, reaction: 'eyes' })),
    ).toBe(200);
    await postSlackEvent(t.base, reactionEvent('reaction_added', { channel: 'C0GENERAL', ts: SAID_TS }));
    await postSlackEvent(t.base, reactionEvent('reaction_added', { channel, ts: SAID_TS, user: 'U0BOB' }));
    await eventually(async () => (await entries()).length === 1, 10_000, 'the entry');
    expect(await entries()).toEqual([
      { message_ts: SAID_TS, author: 'U0CAROL', text: 'refunds paused', marks: ['reaction:U0BOB'] },
    ]);
    expect(named('conversations.history').map((c) => [c.body.channel, c.body.latest, c.body.inclusive])).toEqual([
      [channel, SAID_TS, 'true'],
    ]);
    const audit = await t.db.pool.query("SELECT actor, target FROM audit_log WHERE action = 'incident.timeline_add'");
    expect(audit.rows).toEqual([{ actor: 'U0BOB', target: `incident:${id}` }]);
  });

  it('pin_added puts the pinned message on the timeline from the event itself; the pinned card stays off it', async () => {
    nockSlack(calls);
    await postSlackEvent(
      t.base,
      pinEvent('pin_added', { channel, message: { ts: cardTs, user: 'U0VIGIL', text: 'SEV2 incident' } }),
    );
    await postSlackEvent(
      t.base,
      pinEvent('pin_added', { channel, message: { ts: PINNED_TS, user: 'U0DAVE', text: 'rolled back the <rule>' } }),
    );
    await eventually(async () => (await entries()).length === 2, 10_000, 'the pinned entry');
    expect((await entries())[1]).toEqual({
      message_ts: PINNED_TS,
      author: 'U0DAVE',
      text: 'rolled back the <rule>',
      marks: ['pin'],
    });
    expect(named('conversations.history')).toEqual([]);
  });

  it('/incident timeline shows the people timeline and vigil events together, in local time', async () => {
    nockSlack(calls);
    await t.db.pool.query("UPDATE incident_events SET at = '2026-01-01T00:00:00Z' WHERE incident_id = $1", [id]);
    await postSlack(t.base, slashCommand('/incident', 'timeline', { channel_id: channel }));
    await eventually(() => named('response_url').length === 1, 10_000, 'the timeline');
    const blocks = named('response_url')[0]!.body.blocks as unknown as Array<{ text?: { text: string } }>;
    expect(blocks[1]!.text!.text.split('\n')).toEqual([
      '*Thu 1 Jan*',
      '08:00 <@U0OPENER> opened as SEV2',
      '08:01 :speech_balloon: <@U0CAROL>: "refunds paused"',
      '08:02 :speech_balloon: <@U0DAVE>: "rolled back the <rule>"',
    ]);
  });

  it('reaction_removed and pin_removed take the messages off again', async () => {
    nockSlack(calls);
    await postSlackEvent(t.base, reactionEvent('reaction_removed', { channel, ts: SAID_TS, user: 'U0BOB' }));
    await postSlackEvent(
      t.base,
      pinEvent('pin_removed', { channel, message: { ts: PINNED_TS, user: 'U0DAVE', text: 'rolled back the <rule>' } }),
    );
    // The removal is audited after the entry goes: both are the signal.
    const removals = async () =>
      (await t.db.pool.query("SELECT count(*)::int AS n FROM audit_log WHERE action = 'incident.timeline_remove'"))
        .rows[0].n as number;
    await eventually(async () => (await removals()) === 2, 10_000, 'both removals');
    expect(await entries()).toEqual([]);
  });
});
