// Lanes: with Slack holding every incident open's conversations.create, commands that only read the database
// (/vigil status, /metrics list, /incident list, /oncall) still answer, before any of the held opens can.
import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allowNetwork, blockNetwork, nockSlack, type SlackCall } from '../helpers/nock-slack.ts';
import { eventually, postSlack, slashCommand } from '../helpers/slack-http.ts';
import { startSlackTestApp, type SlackTestApp } from '../helpers/slack-test-app.ts';
import { testDatabaseKinds } from '../helpers/test-database.ts';

describe.each(testDatabaseKinds)('database-only commands while Slack hangs on incident opens, on %s', (kind) => {
  let t: SlackTestApp;
  beforeAll(async () => {
    blockNetwork();
    t = await startSlackTestApp(kind);
  });
  afterAll(async () => {
    await t?.close();
    allowNetwork();
  });

  it('answers /vigil status, /metrics list, /incident list and /oncall while both slow-lane slots wait on Slack', async () => {
    const calls: SlackCall[] = [];
    const held: Array<() => void> = [];
    const replies: Array<{ id: string; text: string }> = [];
    // Both matched before nockSlack's catch-alls: channel creation waits until the test lets it answer, and
    // response_url posts are kept by path, so each command's answer is known.
    nock('https://slack.com')
      .persist()
      .post('/api/conversations.create')
      .reply(function (_uri, _body, callback) {
        const id = `C0HELD${held.length + 1}`;
        held.push(() => callback(null, [200, { ok: true, channel: { id, name: id.toLowerCase() } }]));
      });
    nock('https://hooks.slack.com')
      .persist()
      .post(/\/lanes\//)
      .reply(function (uri, body) {
        replies.push({ id: uri.split('/').at(-1)!, text: String((body as { text?: unknown }).text) });
        return [200, 'ok'];
      });
    nockSlack(calls);
    const replyTo = (id: string) => `https://hooks.slack.com/commands/T0VIGIL/lanes/${id}`;
    const opened = () => replies.filter((r) => r.id.startsWith('open') && /Opened incident/.test(r.text));
    await postSlack(t.base, slashCommand('/incident', 'new Held open one sev=2', { response_url: replyTo('open-1') }));
    await postSlack(t.base, slashCommand('/incident', 'new Held open two sev=2', { response_url: replyTo('open-2') }));
    await eventually(() => held.length === 2, 15_000, 'both opens waiting on conversations.create');

    const fast = [
      ['/vigil', 'status'],
      ['/metrics', 'list'],
      ['/incident', 'list'],
      ['/oncall', ''],
    ] as const;
    for (const [command, text] of fast)
      await postSlack(t.base, slashCommand(command, text, { response_url: replyTo(command.slice(1)) }));
    await eventually(
      () => fast.every(([command]) => replies.some((r) => r.id === command.slice(1))),
      15_000,
      'the database-only commands answered',
    );
    // The ordering is the point: both opens still wait on Slack when all four have answered.
    expect(opened()).toHaveLength(0);
    expect(held).toHaveLength(2);

    for (const release of held) release();
    await eventually(() => opened().length === 2, 15_000, 'both opens done').catch((err: unknown) => {
      throw new Error(`${String(err)}: ${JSON.stringify(replies)}`);
    });
    await t.settled();
  });
});
