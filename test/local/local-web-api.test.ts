// The local Web API against the real @slack/web-api WebClient: what vigil's Slack code path will see.
import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalWorkspace } from '../../src/local/local-workspace.ts';
import { callLocalMethod } from '../../src/local/local-web-api.ts';
import { serveLocalWorkspace, type ServedLocalWorkspace } from '../helpers/local-workspace-server.ts';
import { testDatabaseKinds, type TestDatabase } from '../helpers/test-database.ts';

// The smallest valid PNG (1x1), as a chart upload would carry.
const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082',
  'hex',
);

describe.each(testDatabaseKinds)('the local Web API (%s)', (kind) => {
  let db: TestDatabase;
  let local: LocalWorkspace;
  let client: WebClient;
  let base: string;

  let served: ServedLocalWorkspace | undefined;

  beforeAll(async () => {
    served = await serveLocalWorkspace(kind, 'vigil-local-api-');
    ({ db, local, client, base } = served);
  }, 60_000);
  afterAll(async () => {
    await served?.close();
  });

  it('knows the bot and the local people, and seeds the channels of vigil.yml', async () => {
    expect(await client.auth.test()).toMatchObject({
      ok: true,
      user_id: 'U0VIGIL',
      bot_id: 'B0VIGIL',
      team_id: 'T0LOCAL',
    });
    const people = (await client.users.list({})).members!.map((m) => m.real_name);
    expect(people).toEqual(expect.arrayContaining(['Ria (responder)', 'Maya (manager)', 'Ade (admin)']));
    const names = (await client.conversations.list({})).channels!.map((c) => c.name);
    expect(names).toEqual(expect.arrayContaining(['gne-alerts', 'gne-digest', 'gne-escalation', 'gne-digest-review']));
    await expect(client.users.info({ user: 'U0NOBODY' })).rejects.toMatchObject({
      data: { ok: false, error: 'user_not_found' },
    });
  });

  it('creates a channel, posts, updates, threads and reads history like Slack', async () => {
    const created = await client.conversations.create({ name: 'inc-local-test' });
    const channel = created.channel!.id!;
    expect(channel).toMatch(/^C[A-Z0-9]+$/);
    await expect(client.conversations.create({ name: 'inc-local-test' })).rejects.toMatchObject({
      data: { error: 'name_taken' },
    });
    await expect(client.conversations.create({ name: 'Not A Name' })).rejects.toMatchObject({
      data: { error: 'invalid_name_specials' },
    });
    await client.conversations.invite({ channel, users: 'U0LRESP,U0LMGR' });
    await expect(client.conversations.invite({ channel, users: 'U0LRESP' })).rejects.toMatchObject({
      data: { error: 'already_in_channel' },
    });
    await client.conversations.setTopic({ channel, topic: 'SEV2 · open' });
    expect((await client.conversations.info({ channel })).channel).toMatchObject({
      name: 'inc-local-test',
      topic: { value: 'SEV2 · open' },
      num_members: 3,
    });

    const card = await client.chat.postMessage({
      channel,
      text: 'card',
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: '*open*' } }],
    });
    const second = await client.chat.postMessage({ channel: '#inc-local-test', text: 'by name' });
    expect(card.channel).toBe(channel);
    expect(Number(second.ts)).toBeGreaterThan(Number(card.ts));
    expect(card.ts).toMatch(/^\d{10}\.\d{6}$/);
    await client.chat.update({
      channel,
      ts: card.ts!,
      text: 'card acked',
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: '*acknowledged*' } }],
    });
    await client.chat.postMessage({ channel, text: 'in the thread', thread_ts: card.ts! });
    await client.pins.add({ channel, timestamp: card.ts! });
    await expect(client.pins.add({ channel, timestamp: card.ts! })).rejects.toMatchObject({
      data: { error: 'already_pinned' },
    });
    await expect(client.chat.update({ channel, ts: '1.000001', text: 'x' })).rejects.toMatchObject({
      data: { error: 'message_not_found' },
    });

    const history = await client.conversations.history({ channel });
    expect(history.messages!.map((m) => m.text)).toEqual(['by name', 'card acked']);
    expect(history.messages![1]).toMatchObject({
      reply_count: 1,
      pinned_to: [channel],
      edited: {},
      blocks: [{ text: { text: '*acknowledged*' } }],
    });
    const replies = await client.conversations.replies({ channel, ts: card.ts! });
    expect(replies.messages!.map((m) => m.text)).toEqual(['card acked', 'in the thread']);

    await client.conversations.archive({ channel });
    await expect(client.chat.postMessage({ channel, text: 'late' })).rejects.toMatchObject({
      data: { error: 'is_archived' },
    });
    await expect(client.chat.postMessage({ channel: 'C0MISSING', text: 'x' })).rejects.toMatchObject({
      data: { error: 'channel_not_found' },
    });
  });

  it('takes a chart through files upload v2 into a thread and serves it back', async () => {
    const parent = await client.chat.postMessage({ channel: 'gne-alerts', text: 'parent' });
    const alerts = parent.channel!;
    const res = await client.filesUploadV2({
      channel_id: alerts,
      thread_ts: parent.ts!,
      file: PNG,
      filename: 'chart.png',
      title: 'Refund rate, 28 days',
      initial_comment: 'the chart',
    });
    expect(res.ok).toBe(true);
    const [reply] = (await client.conversations.replies({ channel: alerts, ts: parent.ts! })).messages!.slice(1);
    expect(reply).toMatchObject({ text: 'the chart', files: [{ title: 'Refund rate, 28 days' }] });
    const got = await fetch(`${base}/local/files/${reply!.files![0]!.id}`, {
      headers: { authorization: `Bearer ${local.botToken()}` },
    });
    expect(got.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await got.arrayBuffer()).equals(PNG)).toBe(true);
  });

  it('stores a modal opened with views.open for the user of the trigger', async () => {
    const ctx = {
      pool: db.pool,
      baseUrl: () => base,
      triggers: new Map([['1.trigger', 'U0LMGR']]),
      responses: new Map(),
    };
    const view = {
      type: 'modal',
      callback_id: 'x_view',
      title: { type: 'plain_text', text: 'Edit' },
      private_metadata: '42',
      blocks: [],
    };
    const opened = await callLocalMethod(ctx, 'views.open', { trigger_id: '1.trigger', view });
    expect(opened).toMatchObject({ ok: true, view: { callback_id: 'x_view', private_metadata: '42' } });
    const state = await (await fetch(`${base}/local/page/state?user=U0LMGR&token=${local.botToken()}`)).json();
    expect(state.openView).toMatchObject({
      viewId: (opened.view as { id: string }).id,
      view: { callback_id: 'x_view' },
    });
    expect(await callLocalMethod(ctx, 'views.open', { trigger_id: 'nope', view })).toEqual({
      ok: false,
      error: 'invalid_trigger_id',
    });
    expect(await callLocalMethod(ctx, 'no.such.method', {})).toEqual({ ok: false, error: 'unknown_method' });
  });

  it("asks for the workspace's token, as Slack asks for a token", async () => {
    const res = await fetch(`${base}/local/api/auth.test`, { method: 'POST' });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({
      ok: false,
      error: 'not_authed',
      hint: expect.stringContaining('vigil local url'),
    });
    await expect(
      new WebClient('xoxb-local', { slackApiUrl: local.apiUrl(), retryConfig: { retries: 0 } }).auth.test(),
    ).rejects.toThrow(/401/);
  });
});
