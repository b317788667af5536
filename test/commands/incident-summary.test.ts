// /incident summary and action, and the summary on resolve: the template writes it, it is posted in the incident
// channel and, for SEV1/SEV2, to the managers (nock on Slack), and stored in digests; a second one updates those messages.
import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import incidentCommand from '../../commands/incident.ts';
import { IncidentService } from '../../src/incidents/incident-service.ts';
import { insertIncident } from '../../src/incidents/incident-store.ts';
import { createLogger } from '../../src/logging/create-logger.ts';
import { createSlackClient } from '../../src/slack/build-slack-app.ts';
import { incidentSummaryOnResolve } from '../../src/summaries/post-incident-summary.ts';
import { summaryWriterOf } from '../../src/summaries/summary-writer.ts';
import { openCommandHarness, type CommandHarness } from '../helpers/command-context.ts';
import { isolateSlack, nockSlack, type SlackCall } from '../helpers/nock-slack.ts';

const NOW = new Date('2026-03-02T02:00:00Z');

describe('incident summaries and actions', () => {
  let h: CommandHarness;
  const calls: SlackCall[] = [];
  isolateSlack(calls);
  const posts = () => calls.filter((c) => c.method === 'chat.postMessage');
  const logger = createLogger({ level: 'silent' });
  const open = async (key: string, severity: 2 | 3, channel: string) => {
    const { incident } = await insertIncident(h.db.pool, {
      dedupKey: key,
      title: `Refund spike ${key}`,
      severity,
      openedBy: 'U0OPENER',
      slice: { city: 'jakarta' },
    });
    await h.db.pool.query(
      "UPDATE incidents SET channel_id = $2, status = 'resolved', resolved_at = $3, resolved_by = 'U0RESP', resolution_note = 'agency suspended' WHERE id = $1",
      [incident.id, channel, NOW],
    );
    return incident.id;
  };

  beforeAll(async () => {
    h = await openCommandHarness('pglite', '', NOW);
    h.services.client = createSlackClient(h.config, logger);
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  it('/incident summary posts a SEV2 summary in its channel and to the managers, and stores it', async () => {
    nockSlack(calls);
    const id = await open('s1', 2, 'C0INCS1');
    const replies = await h.run(incidentCommand, `summary ${id}`);
    expect(posts().map((c) => c.body.channel)).toEqual(['C0INCS1', 'gne-digest']);
    expect(posts()[0]!.body.blocks).toContain(`Incident #${id} summary: Refund spike s1`);
    expect(posts()[0]!.body.blocks).toContain('Written by the template');
    expect(replies.at(-1)).toMatchObject({
      replace_original: true,
      text: expect.stringContaining(`Posted the summary of incident #${id} (template) in <#C0INCS1> and <#gne-digest>`),
    });
    const { rows } = await h.db.pool.query(
      'SELECT kind, status, incident_id, channel_id, source FROM digests WHERE incident_id = $1 ORDER BY id',
      [id],
    );
    expect(rows).toEqual([
      { kind: 'incident', status: 'posted', incident_id: String(id), channel_id: 'C0INCS1', source: 'template' },
      { kind: 'incident', status: 'posted', incident_id: String(id), channel_id: 'gne-digest', source: 'template' },
    ]);
  }, 30_000);

  it('a second /incident summary updates both messages in place; one deleted in Slack is posted anew', async () => {
    nockSlack(calls);
    const id = await open('s5', 2, 'C0INCS5');
    await h.run(incidentCommand, `summary ${id}`);
    const first = posts().map((c) => c.body.channel);
    expect(first).toEqual(['C0INCS5', 'gne-digest']);
    const stored = async () =>
      (
        await h.db.pool.query(
          'SELECT channel_id, message_ts, updates FROM digests WHERE incident_id = $1 ORDER BY id',
          [id],
        )
      ).rows;
    const before = await stored();
    const replies = await h.run(incidentCommand, `summary ${id}`);
    expect(posts()).toHaveLength(2);
    const updates = calls.filter((c) => c.method === 'chat.update');
    expect(updates.map((c) => [c.body.channel, c.body.ts])).toEqual(
      before.map((r: { channel_id: string; message_ts: string }) => [r.channel_id, r.message_ts]),
    );
    expect(replies.at(-1)!.text).toContain(`Updated the summary of incident #${id}`);
    expect(await stored()).toEqual(before.map((r: object) => ({ ...r, updates: 1 })));

    nock.cleanAll();
    calls.length = 0;
    nockSlack(calls, {
      'chat.update': (_n, body) =>
        body.channel === 'C0INCS5' ? [200, { ok: false, error: 'message_not_found' }] : undefined,
    });
    await h.run(incidentCommand, `summary ${id}`);
    expect(posts().map((c) => c.body.channel)).toEqual(['C0INCS5']);
    const after = await stored();
    expect(after[0]).toMatchObject({ channel_id: 'C0INCS5', updates: 2 });
    expect(after[0].message_ts).not.toBe(before[0].message_ts);
    expect(after[1]).toEqual({ ...before[1], updates: 2 });
  }, 30_000);

  it('a SEV3 summary stays in the incident channel', async () => {
    nockSlack(calls);
    const id = await open('s2', 3, 'C0INCS2');
    await h.run(incidentCommand, `summary ${id}`);
    expect(posts().map((c) => c.body.channel)).toEqual(['C0INCS2']);
  }, 30_000);

  it('resolving through the incident service posts the summary (the onResolved hook)', async () => {
    nockSlack(calls);
    const { config } = h.services;
    const pool = h.db.pool;
    const client = h.services.client!;
    const deps = { config, pool, logger, clock: () => NOW, write: summaryWriterOf(config, logger), client };
    const incidents = new IncidentService({
      pool,
      client,
      logger,
      clock: () => NOW,
      timezone: config.timezone,
      alertsChannel: 'gne-alerts',
      privateChannels: false,
      responders: async () => [],
      onResolved: incidentSummaryOnResolve(deps),
    });
    const { incident } = await insertIncident(pool, {
      dedupKey: 's3',
      title: 'Checkout errors',
      severity: 2,
      openedBy: 'U0OPENER',
    });
    await pool.query("UPDATE incidents SET channel_id = 'C0INCS3' WHERE id = $1", [incident.id]);
    const outcome = await incidents.act(incident.id, { kind: 'resolve', note: 'deploy rolled back' }, 'U0RESP');
    expect(outcome.ok).toBe(true);
    const summaries = posts().filter((c) => String(c.body.blocks ?? '').includes('summary: Checkout errors'));
    expect(summaries.map((c) => c.body.channel)).toEqual(['C0INCS3', 'gne-digest']);
  }, 30_000);

  it('/incident action adds an action with owner and due date, and action done completes it once', async () => {
    const id = await open('s4', 3, 'C0INCS4');
    const [added] = await h.run(
      incidentCommand,
      `action "suspend the agency cluster" <@U0OWNER|ann> due=2026-03-05 incident=${id}`,
    );
    expect(added).toMatchObject({
      response_type: 'in_channel',
      text: expect.stringMatching(
        /added action #\d+: suspend the agency cluster \(owner <@U0OWNER>, due 2026-03-05, incident #\d+\)/,
      ),
    });
    const actionId = Number(/action #(\d+)/.exec(added!.text)![1]);
    const { rows } = await h.db.pool.query('SELECT incident_id, owner, due_at, done_at FROM actions WHERE id = $1', [
      actionId,
    ]);
    expect(rows[0]).toMatchObject({
      incident_id: String(id),
      owner: 'U0OWNER',
      due_at: new Date('2026-03-04T16:00:00Z'),
      done_at: null,
    });
    const [done] = await h.run(incidentCommand, `action done ${actionId}`);
    expect(done!.text).toContain(`marked action #${actionId} done`);
    await expect(h.run(incidentCommand, `action done ${actionId}`)).rejects.toMatchObject({
      code: 'vigil_action_already_done',
    });
    const [bad] = await h.run(incidentCommand, 'action fix it due=tomorrow');
    expect(bad!.text).toContain('due must be a date YYYY-MM-DD');
  });
});
