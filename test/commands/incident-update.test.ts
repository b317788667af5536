// /incident update: the update is posted in the incident channel, the card shows when the next one is due, the
// timeline records it, and the promised time (or the severity's cadence) is stored; bad input changes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import incidentCommand from '../../commands/incident.ts';
import { insertIncident } from '../../src/incidents/incident-store.ts';
import { openCommandHarness, type CommandHarness } from '../helpers/command-context.ts';
import { isolateSlack, nockSlack, type SlackCall } from '../helpers/nock-slack.ts';
import { testDatabaseKinds } from '../helpers/test-database.ts';

// 10:00 in Singapore (the default VIGIL_TIMEZONE).
const NOW = new Date('2026-03-02T02:00:00Z');

describe.each(testDatabaseKinds)('/incident update on %s', (kind) => {
  let h: CommandHarness;
  const calls: SlackCall[] = [];
  isolateSlack(calls);
  const open = async (key: string, severity: 1 | 2 | 3 | 4) => {
    const { incident } = await insertIncident(h.db.pool, {
      dedupKey: key,
      title: `Refund spike ${key}`,
      severity,
      openedBy: 'U0OPENER',
    });
    await h.db.pool.query(
      "UPDATE incidents SET channel_id = $2, card_ts = '1700000000.000100', opened_at = $3 WHERE id = $1",
      [incident.id, `C0${key.toUpperCase()}`, new Date(NOW.getTime() - 15 * 60_000)],
    );
    return incident.id;
  };
  const row = async (id: number) =>
    (await h.db.pool.query('SELECT last_update_at, next_update_at FROM incidents WHERE id = $1', [id])).rows[0];

  beforeAll(async () => {
    h = await openCommandHarness(kind, '', NOW);
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  it('posts the update in the channel, stores the promised time, and shows it on the card and the timeline', async () => {
    nockSlack(calls);
    const id = await open('u1', 2);
    const replies = await h.run(
      incidentCommand,
      `update #${id} 41 merchants suspended, refunds going out next=14:00`,
      'U0RESP',
    );
    const post = calls.find((c) => c.method === 'chat.postMessage');
    expect(post?.body.channel).toBe('C0U1');
    expect(post?.body.text).toContain(':mega: *Update* from <@U0RESP>: 41 merchants suspended, refunds going out');
    expect(post?.body.text).toMatch(/Next update by <!date\^1772431200\^/);
    const card = calls.find((c) => c.method === 'chat.update');
    expect(String(card?.body.blocks)).toContain('*Next update*');
    expect(await row(id)).toEqual({ last_update_at: NOW, next_update_at: new Date('2026-03-02T06:00:00Z') });
    const { rows } = await h.db.pool.query(
      "SELECT actor, detail FROM incident_events WHERE incident_id = $1 AND kind = 'update'",
      [id],
    );
    expect(rows).toEqual([
      {
        actor: 'U0RESP',
        detail: { text: '41 merchants suspended, refunds going out', next_update_at: '2026-03-02T06:00:00.000Z' },
      },
    ]);
    expect(replies.at(-1)?.text).toMatch(
      new RegExp(`Posted your update on incident #${id} in <#C0U1>\\. Next update by`),
    );
  }, 30_000);

  it('without next= the severity cadence sets the next update (SEV1: 30 minutes after this one)', async () => {
    nockSlack(calls);
    const id = await open('u2', 1);
    await h.run(incidentCommand, `update #${id} still investigating`, 'U0RESP');
    expect(await row(id)).toEqual({ last_update_at: NOW, next_update_at: null });
    const post = calls.find((c) => c.method === 'chat.postMessage');
    expect(post?.body.text).toMatch(new RegExp(`Next update by <!date\\^${(NOW.getTime() + 30 * 60_000) / 1000}\\^`));
  }, 30_000);

  it('refuses a bad next= or a resolved incident with what to do, storing and posting nothing', async () => {
    nockSlack(calls);
    const id = await open('u3', 2);
    const bad = await h.run(incidentCommand, `update #${id} on it next=soon`, 'U0RESP');
    expect(JSON.stringify(bad)).toMatch(/neither a duration \(30m, 2h\) nor a time of day/);
    await h.db.pool.query(
      "UPDATE incidents SET status = 'resolved', resolved_at = $2, resolved_by = 'U0RESP', resolution_note = 'done' WHERE id = $1",
      [id, NOW],
    );
    const late = await h.run(incidentCommand, `update #${id} on it`, 'U0RESP');
    expect(late.at(-1)?.text).toMatch(/is resolved, so it cannot be updated\. Reopen it first/);
    expect(await row(id)).toEqual({ last_update_at: null, next_update_at: null });
    expect(calls).toEqual([]);
  }, 30_000);
});
