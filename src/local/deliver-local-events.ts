// Turns the page's commands, clicks and modal submissions into real-shaped Slack payloads and delivers them
// to the Bolt app with processEvent, as Socket Mode would; acks come back to the page.
import { randomBytes } from 'node:crypto';
import type { App } from '@slack/bolt';
import type { Logger } from 'pino';
import { LocalApiError, type LocalApiContext } from './local-api-shapes.ts';
import type { LocalAction, LocalCommand, LocalShortcutRun, LocalViewSubmit } from './local-page-contract.ts';
import { LOCAL_BOT } from './local-people.ts';
import { closeView, findMessage, findView, homeViewOf, insertMessage, saveView } from './local-message-store.ts';
import { findChannel, findUser, listUsers, localId } from './local-store.ts';
import { actionOf, escapeMentions, findElement } from './local-interaction-parts.ts';

// Slack shows "operation_timeout" when nothing acks within 3 s (docs.slack.dev/interactivity/implementing-slash-commands).
const ACK_TIMEOUT_MS = 3000;
// After the ack the page waits this long for the listener's follow-up (a card, a reply) before it refreshes.
const SETTLE_MS = 4000;

/** What the page gets back: ok, or an error to show; modal field errors by block_id. */
export interface DeliveryReply {
  ok: boolean;
  error?: string;
  errors?: Record<string, string>;
}

/** What delivery needs: the Bolt app, the Web API context (triggers, response URLs), a logger. */
export interface LocalDeliveryDeps {
  app: () => App;
  ctx: LocalApiContext;
  logger: Logger;
}

/** The three deliveries, and a wait for listeners still running (for a clean stop). */
export function localDelivery(deps: LocalDeliveryDeps) {
  const { ctx } = deps;
  const running = new Set<Promise<unknown>>();
  const team = { id: LOCAL_BOT.teamId, domain: 'local' };
  const trigger = (userId: string) => {
    const id = `${Date.now()}.${randomBytes(6).toString('hex')}`;
    ctx.triggers.set(id, userId);
    return id;
  };
  const responseUrl = (target: { channelId: string; userId: string; messageTs?: string }) => {
    const token = randomBytes(12).toString('hex');
    ctx.responses.set(token, target);
    return `${ctx.baseUrl()}/local/response/${token}`;
  };
  const userOf = async (id: string) =>
    (await findUser(ctx.pool, id)) ?? refuse(`No local person ${id}; pick one of the people in the workspace.`);

  async function deliver(
    body: Record<string, unknown>,
    onAck: (response: unknown) => Promise<DeliveryReply | void>,
  ): Promise<DeliveryReply> {
    let acked: (r: { response: unknown }) => void = () => {};
    const ack = new Promise<{ response: unknown }>((resolve) => (acked = resolve));
    const run = deps
      .app()
      .processEvent({
        body,
        ack: async (response) => acked({ response }),
        retryNum: undefined,
        retryReason: undefined,
        customProperties: {},
      })
      .catch((err: unknown) => deps.logger.error({ err }, 'local delivery failed'));
    running.add(run);
    void run.finally(() => running.delete(run));
    const first = await Promise.race([
      ack,
      run.then(() => 'done' as const),
      sleep(ACK_TIMEOUT_MS).then(() => 'late' as const),
    ]);
    if (first === 'late') return { ok: false, error: 'vigil did not answer within 3 seconds (operation_timeout).' };
    const got = first === 'done' ? await Promise.race([ack, sleep(0).then(() => undefined)]) : first;
    if (!got) return { ok: false, error: 'Nothing in vigil handles that (dispatch_failed).' };
    const reply = (await onAck(got.response)) ?? { ok: true };
    await Promise.race([run, sleep(SETTLE_MS)]);
    return reply;
  }

  // A button or select in a view: the person's Home tab, or an open modal (container type view, no message).
  async function viewAction(user: { id: string; name: string }, a: LocalAction): Promise<DeliveryReply> {
    const home = await homeViewOf(ctx.pool, user.id);
    const modal = home?.id === a.viewId ? undefined : await findView(ctx.pool, a.viewId ?? '');
    const view: Record<string, unknown> =
      (home?.id === a.viewId ? home : modal && modal.open && modal.userId === user.id ? modal.view : undefined) ??
      refuse('That view is closed; open it again.');
    const element =
      findElement((view.blocks as unknown[]) ?? [], a.actionId, a.blockId) ??
      refuse(`The view has no ${a.actionId} control.`);
    const body = {
      type: 'block_actions',
      team,
      user: { id: user.id, username: user.name, name: user.name, team_id: team.id },
      api_app_id: 'A0VIGIL',
      token: 'local',
      trigger_id: trigger(user.id),
      container: { type: 'view', view_id: a.viewId },
      view: { ...view, id: a.viewId },
      actions: [actionOf(a, element)],
    };
    return deliver(body, async () => {});
  }

  return {
    /** A slash command typed in the composer ("/incident new … sev=2"). */
    async command(c: LocalCommand): Promise<DeliveryReply> {
      const user = await userOf(c.user);
      const channel = (await findChannel(ctx.pool, c.channel)) ?? refuse(`No channel ${c.channel}.`);
      const m =
        /^(\/[a-z0-9_-]+)(?:\s+([\s\S]*))?$/i.exec(c.text.trim()) ??
        refuse('A slash command starts with / and its name, e.g. /incident help.');
      const body = {
        token: 'local',
        team_id: team.id,
        team_domain: team.domain,
        channel_id: channel.id,
        channel_name: channel.name,
        user_id: user.id,
        user_name: user.name.split(' ')[0]!.toLowerCase(),
        command: m[1]!.toLowerCase(),
        text: escapeMentions((m[2] ?? '').trim(), await listUsers(ctx.pool)),
        api_app_id: 'A0VIGIL',
        is_enterprise_install: 'false',
        response_url: responseUrl({ channelId: channel.id, userId: user.id }),
        trigger_id: trigger(user.id),
      };
      return deliver(body, async (response) => {
        const r =
          typeof response === 'string'
            ? { text: response }
            : (response as { text?: string; blocks?: unknown[] } | undefined);
        if (r?.text || r?.blocks)
          await insertMessage(ctx.pool, {
            channelId: channel.id,
            userId: LOCAL_BOT.userId,
            text: r.text ?? '',
            blocks: r.blocks ?? null,
            ephemeralTo: user.id,
          });
      });
    },
    /** A button or select on a message. */
    async action(a: LocalAction): Promise<DeliveryReply> {
      const user = await userOf(a.user);
      if (a.viewId && !a.messageTs) return viewAction(user, a);
      const channel = (await findChannel(ctx.pool, a.channel)) ?? refuse(`No channel ${a.channel}.`);
      const message =
        (await findMessage(ctx.pool, channel.id, a.messageTs)) ?? refuse('That message is gone; refresh the page.');
      const element =
        findElement(message.blocks ?? [], a.actionId, a.blockId) ?? refuse(`The message has no ${a.actionId} control.`);
      const ephemeral = message.ephemeralTo !== null;
      const body = {
        type: 'block_actions',
        team,
        user: { id: user.id, username: user.name, name: user.name, team_id: team.id },
        api_app_id: 'A0VIGIL',
        token: 'local',
        trigger_id: trigger(user.id),
        container: { type: 'message', message_ts: message.ts, channel_id: channel.id, is_ephemeral: ephemeral },
        channel: { id: channel.id, name: channel.name },
        // Slack leaves the message out of clicks on ephemeral messages.
        ...(ephemeral
          ? {}
          : {
              message: {
                type: 'message',
                ts: message.ts,
                user: message.userId,
                text: message.text,
                blocks: message.blocks ?? [],
                ...(message.threadTs ? { thread_ts: message.threadTs } : {}),
              },
            }),
        response_url: responseUrl({
          channelId: channel.id,
          userId: user.id,
          messageTs: message.ts,
          ...(message.threadTs ? { threadTs: message.threadTs } : {}),
        }),
        actions: [actionOf(a, element)],
      };
      return deliver(body, async () => {});
    },
    /** A shortcut from the global menu (type shortcut) or a message's menu (type message_action). */
    async shortcut(s: LocalShortcutRun): Promise<DeliveryReply> {
      const user = await userOf(s.user);
      const common = {
        team,
        user: { id: user.id, username: user.name, name: user.name, team_id: team.id },
        api_app_id: 'A0VIGIL',
        token: 'local',
        callback_id: s.callbackId,
        trigger_id: trigger(user.id),
        action_ts: (Date.now() / 1000).toFixed(6),
        is_enterprise_install: false,
        enterprise: null,
      };
      if (!s.messageTs) return deliver({ type: 'shortcut', ...common }, async () => {});
      const channel = (await findChannel(ctx.pool, s.channel ?? '')) ?? refuse(`No channel ${s.channel ?? ''}.`);
      const message =
        (await findMessage(ctx.pool, channel.id, s.messageTs)) ?? refuse('That message is gone; refresh the page.');
      const body = {
        type: 'message_action',
        ...common,
        channel: { id: channel.id, name: channel.name },
        message_ts: message.ts,
        message: {
          type: 'message',
          ts: message.ts,
          user: message.userId,
          text: message.text,
          ...(message.blocks ? { blocks: message.blocks } : {}),
          ...(message.threadTs ? { thread_ts: message.threadTs } : {}),
          ...(message.userId === LOCAL_BOT.userId ? { bot_id: LOCAL_BOT.botId } : {}),
        },
        response_url: responseUrl({ channelId: channel.id, userId: user.id }),
      };
      return deliver(body, async () => {});
    },
    /** An open modal submitted; its errors (response_action: errors) come back to the page. */
    async view(v: LocalViewSubmit): Promise<DeliveryReply> {
      const user = await userOf(v.user);
      const stored = await findView(ctx.pool, v.viewId);
      if (!stored || !stored.open || stored.userId !== user.id) refuse('That dialog is closed; open it again.');
      const view = { ...stored.view, state: { values: v.values } };
      const body = {
        type: 'view_submission',
        team,
        user: { id: user.id, username: user.name, name: user.name, team_id: team.id },
        api_app_id: 'A0VIGIL',
        token: 'local',
        trigger_id: trigger(user.id),
        view,
        response_urls: [],
      };
      return deliver(body, async (response) => {
        const r = (response ?? {}) as {
          response_action?: string;
          errors?: Record<string, string>;
          view?: Record<string, unknown>;
        };
        if (r.response_action === 'errors')
          return {
            ok: false,
            error: Object.values(r.errors ?? {}).join(' ') || 'The form has errors.',
            errors: r.errors ?? {},
          };
        if (r.response_action === 'update' && r.view)
          await saveView(ctx.pool, stored.id, user.id, { ...r.view, id: stored.id });
        else if (r.response_action === 'push' && r.view) await saveView(ctx.pool, localId('V'), user.id, r.view);
        else await closeView(ctx.pool, stored.id);
      });
    },
    /** An Events API event (reaction_added, pin_added, app_home_opened…) in its event_callback envelope; Bolt acks events itself. */
    async event(event: Record<string, unknown>): Promise<DeliveryReply> {
      const now = Date.now() / 1000;
      const body = {
        token: 'local',
        team_id: team.id,
        api_app_id: 'A0VIGIL',
        type: 'event_callback',
        event_id: `Ev${randomBytes(6).toString('hex').toUpperCase()}`,
        event_time: Math.floor(now),
        event: { event_ts: now.toFixed(6), ...event },
        authorizations: [{ team_id: team.id, user_id: LOCAL_BOT.userId, is_bot: true }],
      };
      return deliver(body, async () => {});
    },
    /** Waits for listeners still running (a clean stop). */
    async idle(): Promise<void> {
      await Promise.allSettled([...running]);
    },
  };
}

/** The delivery functions. */
export type LocalDelivery = ReturnType<typeof localDelivery>;

function refuse(message: string): never {
  throw new LocalApiError(message);
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms).unref());
}
