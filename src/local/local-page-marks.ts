// Reactions and pins on the local page: a person marks a message, the store changes, and the bot gets the
// event Slack would send (reaction_added/removed, pin_added/removed).
import type { DeliveryReply } from './deliver-local-events.ts';
import { LocalApiError, slackMessage } from './local-api-shapes.ts';
import { LOCAL_PEOPLE } from './local-people.ts';
import { findMessage, pinMessage, setReaction, unpinMessage, type MessageRow } from './local-message-store.ts';
import { findChannel, type ChannelRow } from './local-store.ts';
import type { LocalDb } from './local-store.ts';
import type { LocalDelivery } from './deliver-local-events.ts';

/** What marking a message needs: the local store and the delivery to the bot. */
export interface MarkDeps {
  pool: LocalDb;
  delivery: LocalDelivery;
}

/** A person's reaction toggled on a message, then delivered to the bot as Slack would. */
export async function react(deps: MarkDeps, body: Record<string, unknown>): Promise<DeliveryReply> {
  const { user, channel, message } = await messageOfPage(deps, body);
  const name = typeof body.name === 'string' ? body.name.replace(/^:|:$/g, '') : '';
  if (!/^[a-z0-9_+'-]+(::skin-tone-[2-6])?$/.test(name)) refuse('Pick an emoji by its name, e.g. pushpin.');
  const had = message.reactions.some((r) => r.name === name && r.users.includes(user));
  await setReaction(deps.pool, { channelId: channel.id, ts: message.ts }, name, user, !had);
  return deps.delivery.event({
    type: had ? 'reaction_removed' : 'reaction_added',
    user,
    reaction: name,
    item_user: message.userId,
    item: { type: 'message', channel: channel.id, ts: message.ts },
  });
}

/** A message pinned or unpinned by a person; pin_added carries the message as Slack's does. */
export async function pin(deps: MarkDeps, body: Record<string, unknown>): Promise<DeliveryReply> {
  const { user, channel, message } = await messageOfPage(deps, body);
  if (message.pinned) await unpinMessage(deps.pool, channel.id, message.ts);
  else await pinMessage(deps.pool, channel.id, message.ts);
  return deps.delivery.event({
    type: message.pinned ? 'pin_removed' : 'pin_added',
    user,
    channel_id: channel.id,
    item: {
      type: 'message',
      channel: channel.id,
      created: Math.floor(Date.now() / 1000),
      created_by: user,
      message: slackMessage(message, ''),
    },
    ...(message.pinned ? { has_pins: false } : {}),
  });
}

async function messageOfPage(
  deps: MarkDeps,
  body: Record<string, unknown>,
): Promise<{ user: string; channel: ChannelRow; message: MessageRow }> {
  const s = (k: string) => (typeof body[k] === 'string' ? (body[k] as string) : '');
  if (!LOCAL_PEOPLE.some((p) => p.id === s('user'))) refuse(`No local person ${s('user')}.`);
  const channel = (await findChannel(deps.pool, s('channel'))) ?? refuse(`No channel ${s('channel')}.`);
  const message =
    (await findMessage(deps.pool, channel.id, s('messageTs'))) ?? refuse('That message is gone; refresh the page.');
  if (message.ephemeralTo) refuse('Only visible to you: such a message cannot be pinned or reacted to.');
  return { user: s('user'), channel, message };
}

function refuse(message: string): never {
  throw new LocalApiError(message);
}
