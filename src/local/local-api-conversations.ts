// conversations.* of the local Web API, answering like Slack (name_taken, already_archived, channel_not_found…).
import { LOCAL_BOT } from './local-people.ts';
import { channelMessages, threadMessages } from './local-message-store.ts';
import { channelArg, fail, need, slackChannel, slackMessage, str, type LocalMethod } from './local-api-shapes.ts';
import {
  addMember,
  createChannel,
  findChannel,
  findUser,
  listChannels,
  listMembers,
  updateChannel,
} from './local-store.ts';

// Slack channel names: lowercase letters, digits, hyphens and underscores, at most 80 characters.
const CHANNEL_NAME = /^[a-z0-9_-]{1,80}$/;

/** The conversations.* methods vigil (and a curious developer) may call. */
export const conversationMethods: Record<string, LocalMethod> = {
  async 'conversations.create'(args, { pool }) {
    const name = need(args, 'name');
    if (!CHANNEL_NAME.test(name)) fail(name.length > 80 ? 'invalid_name_maxlength' : 'invalid_name_specials');
    if (await findChannel(pool, name)) fail('name_taken');
    const channel = await createChannel(pool, name, str(args, 'is_private') === 'true');
    await addMember(pool, channel.id, LOCAL_BOT.userId);
    return { channel: slackChannel(channel, [LOCAL_BOT.userId]) };
  },
  async 'conversations.invite'(args, ctx) {
    const channel = await channelArg(ctx, args);
    if (channel.archived) fail('is_archived');
    const users = need(args, 'users')
      .split(',')
      .map((u) => u.trim())
      .filter(Boolean);
    for (const u of users) if (!(await findUser(ctx.pool, u))) fail('user_not_found');
    let added = 0;
    for (const u of users) if (await addMember(ctx.pool, channel.id, u)) added++;
    if (added === 0) fail('already_in_channel');
    return { channel: slackChannel(channel, await listMembers(ctx.pool, channel.id)) };
  },
  async 'conversations.join'(args, ctx) {
    const channel = await channelArg(ctx, args);
    if (channel.archived) fail('is_archived');
    await addMember(ctx.pool, channel.id, LOCAL_BOT.userId);
    return { channel: slackChannel(channel) };
  },
  async 'conversations.open'(args, ctx) {
    const user = need(args, 'users').split(',')[0]!;
    const channel = (await findChannel(ctx.pool, user)) ?? fail('user_not_found');
    return { channel: { id: channel.id } };
  },
  async 'conversations.setTopic'(args, ctx) {
    const channel = await channelArg(ctx, args);
    await updateChannel(ctx.pool, channel.id, { topic: str(args, 'topic') ?? '' });
    return { channel: slackChannel({ ...channel, topic: str(args, 'topic') ?? '' }) };
  },
  async 'conversations.setPurpose'(args, ctx) {
    const channel = await channelArg(ctx, args);
    await updateChannel(ctx.pool, channel.id, { purpose: str(args, 'purpose') ?? '' });
    return { channel: slackChannel({ ...channel, purpose: str(args, 'purpose') ?? '' }) };
  },
  async 'conversations.info'(args, ctx) {
    const channel = await channelArg(ctx, args);
    return { channel: slackChannel(channel, await listMembers(ctx.pool, channel.id)) };
  },
  async 'conversations.archive'(args, ctx) {
    const channel = await channelArg(ctx, args);
    if (channel.archived) fail('already_archived');
    await updateChannel(ctx.pool, channel.id, { archived: true });
    return {};
  },
  async 'conversations.unarchive'(args, ctx) {
    const channel = await channelArg(ctx, args);
    if (!channel.archived) fail('not_archived');
    await updateChannel(ctx.pool, channel.id, { archived: false });
    return {};
  },
  async 'conversations.list'(args, { pool }) {
    const excludeArchived = str(args, 'exclude_archived') === 'true';
    const channels = (await listChannels(pool)).filter(
      (c) => !(excludeArchived && c.archived) && !c.id.startsWith('D'),
    );
    return { channels: channels.map((c) => slackChannel(c)), response_metadata: { next_cursor: '' } };
  },
  async 'conversations.members'(args, ctx) {
    const channel = await channelArg(ctx, args);
    return { members: await listMembers(ctx.pool, channel.id), response_metadata: { next_cursor: '' } };
  },
  async 'conversations.history'(args, ctx) {
    const channel = await channelArg(ctx, args);
    const limit = Math.min(Number(str(args, 'limit') ?? 100) || 100, 999);
    const latest = str(args, 'latest');
    const oldest = str(args, 'oldest');
    const inclusive = str(args, 'inclusive') === 'true' || str(args, 'inclusive') === '1';
    const all = (await channelMessages(ctx.pool, channel.id, undefined, 10_000))
      // inclusive (latest = oldest = ts) reads exactly one message, as fetch-slack-message.ts asks.
      .filter((m) => !latest || m.ts < latest || (inclusive && m.ts === latest))
      .filter((m) => !oldest || m.ts > oldest || (inclusive && m.ts === oldest))
      .reverse();
    return {
      messages: all.slice(0, limit).map((m) => slackMessage(m, ctx.baseUrl())),
      has_more: all.length > limit,
      response_metadata: { next_cursor: '' },
    };
  },
  async 'conversations.replies'(args, ctx) {
    const channel = await channelArg(ctx, args);
    const messages = await threadMessages(ctx.pool, channel.id, need(args, 'ts'));
    if (messages.length === 0) fail('thread_not_found');
    return {
      messages: messages.map((m) => slackMessage(m, ctx.baseUrl())),
      has_more: false,
      response_metadata: { next_cursor: '' },
    };
  },
};
