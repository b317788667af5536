// The local workspace delivers reactions, pins, shortcuts and the Home tab to a Bolt app as Slack would, and its
// Web API answers the reactions.*, pins.*, views.publish and one-message conversations.history calls that follow.
import { App } from '@slack/bolt';
import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalMessages, LocalState } from '../../src/local/local-page-contract.ts';
import { LocalReceiver } from '../../src/local/local-receiver.ts';
import { readShortcuts } from '../../src/local/local-shortcuts.ts';
import type { LocalWorkspace } from '../../src/local/local-workspace.ts';
import { DECLARE_SHORTCUTS } from '../../src/slack/register-declare-incident.ts';
import { TIMELINE_SHORTCUT } from '../../src/slack/register-timeline-shortcut.ts';
import { serveLocalWorkspace, type ServedLocalWorkspace } from '../helpers/local-workspace-server.ts';
import { testDatabaseKinds } from '../helpers/test-database.ts';

describe.each(testDatabaseKinds)('local workspace events and shortcuts (%s)', (kind) => {
  let local: LocalWorkspace;
  let client: WebClient;
  let base: string;
  let auth: Record<string, string>;
  const seen: Array<Record<string, unknown>> = [];

  const post = async (what: string, body: unknown) =>
    (await (
      await fetch(`${base}/local/page/${what}`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      })
    ).json()) as { ok: boolean; error?: string };
  const get = async <T>(path: string) => (await (await fetch(`${base}${path}`, { headers: auth })).json()) as T;

  let served: ServedLocalWorkspace | undefined;

  beforeAll(async () => {
    served = await serveLocalWorkspace(kind, 'vigil-local-events-');
    ({ local, client, base } = served);
    auth = { authorization: `Bearer ${local.botToken()}` };
    const app = new App({
      token: local.botToken(),
      botId: 'B0VIGIL',
      botUserId: 'U0VIGIL',
      receiver: new LocalReceiver(),
      tokenVerificationEnabled: false,
      clientOptions: { slackApiUrl: local.apiUrl(), retryConfig: { retries: 0 } },
    });
    for (const type of ['reaction_added', 'reaction_removed', 'pin_added', 'pin_removed'] as const)
      app.event(type, async ({ event }) => void seen.push(event as never));
    app.event('app_home_opened', async ({ event, client: c }) => {
      seen.push(event as never);
      await c.views.publish({
        user_id: event.user,
        view: {
          type: 'home',
          blocks: [
            {
              type: 'actions',
              elements: [{ type: 'button', action_id: 'home_declare', text: { type: 'plain_text', text: 'Declare' } }],
            },
          ],
        },
      });
    });
    app.action('home_declare', async ({ ack, body }) => {
      await ack();
      seen.push(body as never);
    });
    app.shortcut(/.*/, async ({ ack, shortcut, client: c }) => {
      await ack();
      seen.push(shortcut as never);
      await c.views.open({
        trigger_id: shortcut.trigger_id,
        view: { type: 'modal', callback_id: 'declare', title: { type: 'plain_text', text: 'Declare' }, blocks: [] },
      });
    });
    local.attach(app);
  }, 60_000);
  afterAll(async () => {
    await served?.close();
  });

  const alertsId = async () =>
    (await get<LocalState>('/local/page/state?user=U0LRESP')).channels.find((c) => c.name === 'gne-alerts')!.id;

  it('offers the shortcuts of manifest.yml, as registered by the bot', async () => {
    const shortcuts = readShortcuts();
    expect(shortcuts.map((s) => [s.callbackId, s.type])).toEqual([
      [DECLARE_SHORTCUTS.global, 'global'],
      [DECLARE_SHORTCUTS.message, 'message'],
      [TIMELINE_SHORTCUT, 'message'],
    ]);
    expect((await get<LocalState>('/local/page/state?user=U0LRESP')).shortcuts).toEqual(shortcuts);
    expect(readShortcuts('/nowhere/manifest.yml')).toEqual([]);
  });

  it('toggles a reaction and a pin from the page and delivers the four events', async () => {
    const channel = await alertsId();
    const { ts } = await client.chat.postMessage({ channel, text: 'refunds are failing in Jakarta' });
    seen.length = 0;
    const where = { user: 'U0LRESP', channel, messageTs: ts };
    expect(await post('reaction', { ...where, name: 'pushpin' })).toEqual({ ok: true });
    const shown = await get<LocalMessages>(`/local/page/messages?channel=${channel}&user=U0LRESP`);
    expect(shown.messages.find((m) => m.ts === ts)?.reactions).toEqual([
      { name: 'pushpin', count: 1, users: ['U0LRESP'] },
    ]);
    expect(await post('reaction', { ...where, name: 'pushpin' })).toEqual({ ok: true });
    expect(await post('pin', where)).toEqual({ ok: true });
    expect((await client.pins.list({ channel })).items).toHaveLength(1);
    expect(await post('pin', where)).toEqual({ ok: true });
    expect(seen.map((e) => e.type)).toEqual(['reaction_added', 'reaction_removed', 'pin_added', 'pin_removed']);
    expect(seen[0]).toMatchObject({
      user: 'U0LRESP',
      reaction: 'pushpin',
      item_user: 'U0VIGIL',
      item: { type: 'message', channel, ts },
    });
    expect(seen[2]).toMatchObject({
      user: 'U0LRESP',
      channel_id: channel,
      item: { type: 'message', channel, message: { ts, text: 'refunds are failing in Jakarta' } },
    });
    expect(await post('reaction', { ...where, name: '<b>' })).toMatchObject({ ok: false });
    expect(await post('pin', { ...where, messageTs: '1.000000' })).toMatchObject({ ok: false });
  });

  it('answers reactions.*, pins.* and a one-message conversations.history as Slack does', async () => {
    const channel = await alertsId();
    const first = await client.chat.postMessage({ channel, text: 'one' });
    await client.chat.postMessage({ channel, text: 'two' });
    await client.reactions.add({ channel, timestamp: first.ts!, name: 'eyes' });
    await expect(client.reactions.add({ channel, timestamp: first.ts!, name: 'eyes' })).rejects.toThrow(
      /already_reacted/,
    );
    const got = await client.reactions.get({ channel, timestamp: first.ts! });
    expect(got.message?.reactions).toEqual([{ name: 'eyes', users: ['U0VIGIL'], count: 1 }]);
    await client.reactions.remove({ channel, timestamp: first.ts!, name: 'eyes' });
    await expect(client.reactions.remove({ channel, timestamp: first.ts!, name: 'eyes' })).rejects.toThrow(
      /no_reaction/,
    );
    await client.pins.add({ channel, timestamp: first.ts! });
    await client.pins.remove({ channel, timestamp: first.ts! });
    await expect(client.pins.remove({ channel, timestamp: first.ts! })).rejects.toThrow(/no_pin/);
    const one = await client.conversations.history({
      channel,
      latest: first.ts!,
      oldest: first.ts!,
      inclusive: true,
      limit: 1,
    });
    expect(one.messages?.map((m) => m.text)).toEqual(['one']);
  });

  it('runs a global and a message shortcut with a trigger that opens a modal', async () => {
    const channel = await alertsId();
    const { ts } = await client.chat.postMessage({ channel, text: 'checkout latency is up' });
    seen.length = 0;
    expect(await post('shortcut', { user: 'U0LMGR', callbackId: 'declare_incident' })).toEqual({ ok: true });
    expect(
      await post('shortcut', { user: 'U0LMGR', callbackId: 'declare_incident_from_message', channel, messageTs: ts }),
    ).toEqual({ ok: true });
    expect(seen[0]).toMatchObject({ type: 'shortcut', callback_id: 'declare_incident', user: { id: 'U0LMGR' } });
    expect(seen[1]).toMatchObject({
      type: 'message_action',
      callback_id: 'declare_incident_from_message',
      channel: { id: channel },
      message_ts: ts,
      message: { text: 'checkout latency is up', user: 'U0VIGIL' },
    });
    expect((await get<LocalState>('/local/page/state?user=U0LMGR')).openView).toMatchObject({
      view: { callback_id: 'declare' },
    });
    expect(await post('shortcut', { user: 'U0LMGR', callbackId: 'declare_incident_from_message' })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/message shortcut/),
    });
    expect(await post('shortcut', { user: 'U0LMGR', callbackId: 'nope' })).toMatchObject({ ok: false });
  });

  it('opens the Home tab: app_home_opened, the published view in the state, and its buttons delivered', async () => {
    seen.length = 0;
    expect((await get<LocalState>('/local/page/state?user=U0LADMIN')).home).toBeNull();
    expect(await post('home', { user: 'U0LADMIN' })).toEqual({ ok: true });
    expect(seen[0]).toMatchObject({ type: 'app_home_opened', user: 'U0LADMIN', tab: 'home', channel: 'D0LADMIN' });
    const home = (await get<LocalState>('/local/page/state?user=U0LADMIN')).home!;
    expect(home).toMatchObject({ viewId: 'VH0LADMIN', view: { type: 'home' } });
    // Another person's Home tab is theirs alone.
    expect((await get<LocalState>('/local/page/state?user=U0LRESP')).home).toBeNull();
    expect(
      await post('action', {
        user: 'U0LADMIN',
        channel: '',
        messageTs: '',
        viewId: home.viewId,
        actionId: 'home_declare',
      }),
    ).toEqual({ ok: true });
    expect(seen[1]).toMatchObject({
      type: 'block_actions',
      container: { type: 'view', view_id: 'VH0LADMIN' },
      view: { type: 'home' },
      actions: [{ action_id: 'home_declare' }],
    });
    expect(
      await post('action', {
        user: 'U0LRESP',
        channel: '',
        messageTs: '',
        viewId: home.viewId,
        actionId: 'home_declare',
      }),
    ).toMatchObject({ ok: false });
    await expect(client.views.publish({ user_id: 'U0NOBODY', view: { type: 'home', blocks: [] } })).rejects.toThrow(
      /user_not_found/,
    );
  });
});
