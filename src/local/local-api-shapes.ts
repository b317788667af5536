// The shared parts of the local Web API: its context, its errors, and channels and messages shaped as Slack answers them.
import type { LocalDb } from './local-store.ts';
import { LOCAL_BOT } from './local-people.ts';
import type { MessageRow } from './local-message-store.ts';
import { findChannel, type ChannelRow } from './local-store.ts';

/** Where a response_url posts: the channel, the user who acted, and the message that carried the action. */
export interface ResponseTarget {
  channelId: string;
  userId: string;
  messageTs?: string;
  threadTs?: string;
}

/** What every local Web API method can reach. */
export interface LocalApiContext {
  pool: LocalDb;
  /** http://127.0.0.1:PORT, where files and response URLs are served. */
  baseUrl(): string;
  /** trigger_id -> the user who acted (views.open opens the modal for them). */
  triggers: Map<string, string>;
  /** response_url token -> where it posts. */
  responses: Map<string, ResponseTarget>;
  /** The access token, carried by the upload URLs handed to the WebClient (it sends no Authorization there). */
  secret?: string;
}

/** A local Web API method: arguments in, Slack's answer out (without `ok`). */
export type LocalMethod = (args: Record<string, unknown>, ctx: LocalApiContext) => Promise<Record<string, unknown>>;

/** A Slack error answer ({ ok: false, error }). */
export class LocalApiError extends Error {
  constructor(readonly slackError: string) {
    super(slackError);
    this.name = 'LocalApiError';
  }
}

/** Throws Slack's error code. */
export function fail(code: string): never {
  throw new LocalApiError(code);
}

/** A string argument, or undefined. */
export function str(args: Record<string, unknown>, key: string): string | undefined {
  const v = args[key];
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
}

/** A required string argument; missing is Slack's invalid_arguments. */
export function need(args: Record<string, unknown>, key: string): string {
  return str(args, key) || fail(key === 'channel' ? 'channel_not_found' : 'invalid_arguments');
}

/** The channel an argument names, or Slack's channel_not_found. */
export async function channelArg(
  ctx: LocalApiContext,
  args: Record<string, unknown>,
  key = 'channel',
): Promise<ChannelRow> {
  return (await findChannel(ctx.pool, need(args, key))) ?? fail('channel_not_found');
}

/** A channel as conversations.* answers it. */
export function slackChannel(c: ChannelRow, members?: string[]): Record<string, unknown> {
  const im = c.id.startsWith('D');
  return {
    id: c.id,
    name: c.name,
    is_channel: !im && !c.isPrivate,
    is_group: !im && c.isPrivate,
    is_im: im,
    is_private: c.isPrivate || im,
    is_archived: c.archived,
    is_member: true,
    created: Math.floor(c.createdAt.getTime() / 1000),
    creator: LOCAL_BOT.userId,
    topic: { value: c.topic, creator: '', last_set: 0 },
    purpose: { value: c.purpose, creator: '', last_set: 0 },
    ...(members ? { num_members: members.length } : {}),
  };
}

/** A message as chat.* and conversations.history answer it. */
export function slackMessage(m: MessageRow, baseUrl: string): Record<string, unknown> {
  return {
    type: 'message',
    ts: m.ts,
    user: m.userId,
    text: m.text,
    ...(m.userId === LOCAL_BOT.userId ? { bot_id: LOCAL_BOT.botId, app_id: 'A0VIGIL' } : {}),
    ...(m.blocks ? { blocks: m.blocks } : {}),
    ...(m.files?.length
      ? { files: m.files.map((f) => ({ id: f.id, title: f.title, url_private: `${baseUrl}/local/files/${f.id}` })) }
      : {}),
    ...(m.threadTs ? { thread_ts: m.threadTs } : {}),
    ...(m.replyCount > 0 ? { reply_count: m.replyCount } : {}),
    ...(m.edited ? { edited: { user: m.userId, ts: m.ts } } : {}),
    ...(m.pinned ? { pinned_to: [m.channelId] } : {}),
    ...(m.reactions?.length
      ? { reactions: m.reactions.map((r) => ({ name: r.name, users: r.users, count: r.users.length })) }
      : {}),
  };
}
