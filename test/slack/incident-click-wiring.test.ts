// Card buttons with a value that names no incident, or a missing one, and an /incident new whose first reply fails:
// signed HTTP requests through the real Bolt app, nock on Slack.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buttonClick, eventually, postSlack, slashCommand } from '../helpers/slack-http.ts';
import { startSlackTestApp, type SlackTestApp } from '../helpers/slack-test-app.ts';
import { testDatabaseKinds } from '../helpers/test-database.ts';
import { isolateSlack, nockSlack, type SlackCall } from '../helpers/nock-slack.ts';

const calls: SlackCall[] = [];
isolateSlack(calls);
// Bolt's authorize asks auth.test once per app; every other call is something a click caused.
const webApiCalls = () => calls.filter((c) => c.method !== 'response_url' && c.method !== 'auth.test');
const replies = (pattern: RegExp) =>
  calls.filter((c) => c.method === 'response_url' && pattern.test(String(c.body.text)));

describe.each(testDatabaseKinds)('incident card clicks and interim replies on %s', (kind) => {
  let t: SlackTestApp;
  beforeAll(async () => {
    t = await startSlackTestApp(kind, 'roles:\n  admin: [U0ADMIN]\n');
  });
  afterAll(async () => {
    await t?.close();
  });
  const deliveries = async (trigger: string) =>
    (
      await t.db.pool.query('SELECT count(*)::int AS n FROM slack_deliveries WHERE delivery_key LIKE $1', [
        `%${trigger}%`,
      ])
    ).rows[0].n;

  it('refuses a button value that is not an incident number with a coded reply, before any query', async () => {
    nockSlack(calls);
    for (const [i, value] of ['abc', '0', '-3', '1.5', '99999999999999999999', ''].entries()) {
      const triggerId = `bad-value-${kind}-${i}`;
      await postSlack(t.base, buttonClick('incident_ack', value, { userId: 'U0ADMIN', triggerId }));
      await eventually(
        () => replies(/vigil_action_value_invalid/).length === i + 1,
        10_000,
        `the refusal of "${value}"`,
      );
      // Not even the retry de-duplication saw it: the value was read before the first query.
      expect(await deliveries(triggerId)).toBe(0);
    }
    expect(replies(/vigil_action_value_invalid/)[0]!.body.text).toMatch(
      /^That button does not name an incident \(it carries "abc"\), so nothing was done/,
    );
    expect(webApiCalls()).toEqual([]);
  });

  it('tells the clicker that a missing incident does not exist, for every button, changing nothing', async () => {
    nockSlack(calls);
    const buttons = [
      'incident_ack',
      'incident_escalate',
      'incident_reopen',
      'incident_resolve',
      'incident_archive',
      'incident_run_playbook',
    ];
    for (const [i, button] of buttons.entries()) {
      await postSlack(t.base, buttonClick(button, '424242', { userId: 'U0ADMIN', triggerId: `missing-${kind}-${i}` }));
      await eventually(
        () => replies(/Incident #424242 does not exist/).length === i + 1,
        10_000,
        `the answer to ${button}`,
      );
    }
    expect(replies(/Incident #424242/).map((c) => c.body.text)).toEqual(
      buttons.map(
        () =>
          'Incident #424242 does not exist (it may have been deleted); `/incident list` shows the open ones (vigil_incident_not_found).',
      ),
    );
    // No dialog for a note that could not be saved, no archive, no chooser.
    expect(webApiCalls()).toEqual([]);
    const audit = await t.db.pool.query('SELECT count(*)::int AS n FROM incident_events WHERE incident_id = 424242');
    expect(audit.rows[0].n).toBe(0);
  });

  it('opens the incident (row, channel, card) when the "Opening…" reply to the response_url fails', async () => {
    nockSlack(calls, {
      response_url: (_n, body) => (/Opening/.test(String(body.text)) ? [500, 'upstream error'] : undefined),
    });
    await postSlack(t.base, slashCommand('/incident', `new Cosmetic reply fails ${kind}`, { user_id: 'U0ADMIN' }));
    await eventually(() => replies(/Opened incident #\d+/).length === 1, 15_000, 'the confirmation');
    expect(replies(/Opening "Cosmetic reply fails/)).toHaveLength(1);
    const { rows } = await t.db.pool.query('SELECT id, channel_id, card_ts FROM incidents WHERE title = $1', [
      `Cosmetic reply fails ${kind}`,
    ]);
    expect(rows).toHaveLength(1);
    expect(rows[0].channel_id).toMatch(/^C0INC\d+$/);
    expect(rows[0].card_ts).toBeTruthy();
    expect(replies(/Opened incident/)[0]!.body.text).toContain(`Opened incident #${rows[0].id}`);
    expect(replies(/Something went wrong/)).toEqual([]);
  });
});
