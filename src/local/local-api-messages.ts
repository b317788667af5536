// chat.*, pins.*, reactions.* and the files upload v2 methods of the local Web API.
import { LOCAL_BOT } from './local-people.ts';
import {
  deleteMessage,
  findFile,
  findMessage,
  insertFile,
  insertMessage,
  pinMessage,
  pinnedMessages,
  setReaction,
  unpinMessage,
  updateFile,
  updateMessage,
} from './local-message-store.ts';
import {
  channelArg,
  fail,
  need,
  slackMessage,
  str,
  type LocalApiContext,
  type LocalMethod,
} from './local-api-shapes.ts';
import { localId } from './local-store.ts';

/** The chat, pins and files methods. */
export const messageMethods: Record<string, LocalMethod> = {
  async 'chat.postMessage'(args, ctx) {
    const channel = await channelArg(ctx, args);
    if (channel.archived) fail('is_archived');
    const { text, blocks } = content(args);
    const m = await insertMessage(ctx.pool, {
      channelId: channel.id,
      userId: LOCAL_BOT.userId,
      text,
      blocks,
      threadTs: str(args, 'thread_ts') ?? null,
    });
    return { channel: channel.id, ts: m.ts, message: slackMessage(m, ctx.baseUrl()) };
  },
  async 'chat.postEphemeral'(args, ctx) {
    const channel = await channelArg(ctx, args);
    const { text, blocks } = content(args);
    const m = await insertMessage(ctx.pool, {
      channelId: channel.id,
      userId: LOCAL_BOT.userId,
      text,
      blocks,
      threadTs: str(args, 'thread_ts') ?? null,
      ephemeralTo: need(args, 'user'),
    });
    return { message_ts: m.ts };
  },
  async 'chat.update'(args, ctx) {
    const channel = await channelArg(ctx, args);
    const ts = need(args, 'ts');
    const blocks = Array.isArray(args.blocks) ? args.blocks : undefined;
    if (
      !(await updateMessage(ctx.pool, channel.id, ts, { text: str(args, 'text') ?? '', ...(blocks ? { blocks } : {}) }))
    )
      fail('message_not_found');
    const m = (await findMessage(ctx.pool, channel.id, ts))!;
    return { channel: channel.id, ts, text: m.text, message: slackMessage(m, ctx.baseUrl()) };
  },
  async 'chat.delete'(args, ctx) {
    const channel = await channelArg(ctx, args);
    const ts = need(args, 'ts');
    if (!(await deleteMessage(ctx.pool, channel.id, ts))) fail('message_not_found');
    return { channel: channel.id, ts };
  },
  async 'chat.getPermalink'(args, ctx) {
    const channel = await channelArg(ctx, args);
    const ts = need(args, 'message_ts');
    if (!(await findMessage(ctx.pool, channel.id, ts))) fail('message_not_found');
    return { channel: channel.id, permalink: `${ctx.baseUrl()}/?channel=${channel.id}&ts=${ts}` };
  },
  async 'pins.add'(args, ctx) {
    const channel = await channelArg(ctx, args);
    const outcome = await pinMessage(ctx.pool, channel.id, need(args, 'timestamp'));
    if (outcome !== 'ok') fail(outcome === 'message_not_found' ? 'message_not_found' : 'already_pinned');
    return {};
  },
  async 'pins.remove'(args, ctx) {
    const channel = await channelArg(ctx, args);
    const outcome = await unpinMessage(ctx.pool, channel.id, need(args, 'timestamp'));
    if (outcome !== 'ok') fail(outcome);
    return {};
  },
  async 'pins.list'(args, ctx) {
    const channel = await channelArg(ctx, args);
    const pinned = await pinnedMessages(ctx.pool, channel.id);
    return {
      items: pinned.map((m) => ({
        type: 'message',
        channel: channel.id,
        created: Math.floor(Number(m.ts)),
        created_by: LOCAL_BOT.userId,
        message: slackMessage(m, ctx.baseUrl()),
      })),
    };
  },
  // The bot reacts as itself (a bot token); people react on the page (local-page-routes.ts).
  async 'reactions.add'(args, ctx) {
    return botReaction(args, ctx, true);
  },
  async 'reactions.remove'(args, ctx) {
    return botReaction(args, ctx, false);
  },
  async 'reactions.get'(args, ctx) {
    const channel = await channelArg(ctx, args);
    const m = (await findMessage(ctx.pool, channel.id, need(args, 'timestamp'))) ?? fail('message_not_found');
    return { type: 'message', channel: channel.id, message: slackMessage(m, ctx.baseUrl()) };
  },
  async 'files.getUploadURLExternal'(args, ctx) {
    const filename = need(args, 'filename');
    if (!Number(str(args, 'length'))) fail('invalid_arguments');
    const id = localId('F');
    await insertFile(ctx.pool, id, filename, filename);
    return {
      upload_url: `${ctx.baseUrl()}/local/upload/${id}${ctx.secret ? `?token=${ctx.secret}` : ''}`,
      file_id: id,
    };
  },
  async 'files.completeUploadExternal'(args, ctx) {
    const files = Array.isArray(args.files)
      ? (args.files as { id?: string; title?: string }[])
      : fail('invalid_arguments');
    const done: { id: string; title: string }[] = [];
    for (const f of files) {
      const stored = f.id ? await findFile(ctx.pool, f.id) : undefined;
      if (!stored || !stored.bytes) fail('file_not_found');
      if (f.title) await updateFile(ctx.pool, stored.id, { title: f.title });
      done.push({ id: stored.id, title: f.title ?? stored.title });
    }
    if (str(args, 'channel_id') || str(args, 'channels')) {
      const channel = await channelArg(ctx, {
        channel: str(args, 'channel_id') ?? str(args, 'channels')!.split(',')[0],
      });
      if (channel.archived) fail('is_archived');
      await insertMessage(ctx.pool, {
        channelId: channel.id,
        userId: LOCAL_BOT.userId,
        text: str(args, 'initial_comment') ?? '',
        blocks: Array.isArray(args.blocks) ? args.blocks : null,
        files: done,
        threadTs: str(args, 'thread_ts') ?? null,
      });
    }
    return { files: done.map((f) => fileInfo(ctx, f)) };
  },
  async 'files.info'(args, ctx) {
    const f = (await findFile(ctx.pool, need(args, 'file'))) ?? fail('file_not_found');
    return { file: fileInfo(ctx, f) };
  },
};

function fileInfo(ctx: LocalApiContext, f: { id: string; title: string }): Record<string, unknown> {
  return {
    id: f.id,
    title: f.title,
    name: f.title,
    mimetype: 'image/png',
    url_private: `${ctx.baseUrl()}/local/files/${f.id}`,
  };
}

// The bot's own reaction added or taken off; Slack's error when there is nothing to do.
async function botReaction(
  args: Record<string, unknown>,
  ctx: LocalApiContext,
  on: boolean,
): Promise<Record<string, never>> {
  const channel = await channelArg(ctx, args);
  const where = { channelId: channel.id, ts: need(args, 'timestamp') };
  const outcome = await setReaction(ctx.pool, where, reactionName(args), LOCAL_BOT.userId, on);
  if (outcome !== 'ok') fail(outcome);
  return {};
}

// An emoji name as Slack takes it: without colons; a missing one is invalid_name.
function reactionName(args: Record<string, unknown>): string {
  const name = (str(args, 'name') ?? '').replace(/^:|:$/g, '');
  return /^[a-z0-9_+'-]+(::skin-tone-[2-6])?$/.test(name) ? name : fail('invalid_name');
}

// Slack refuses a message with neither text nor blocks.
function content(args: Record<string, unknown>): { text: string; blocks: unknown[] | null } {
  const blocks = Array.isArray(args.blocks) && args.blocks.length > 0 ? args.blocks : null;
  const text = str(args, 'text') ?? '';
  if (!text && !blocks) fail('no_text');
  return { text, blocks };
}
