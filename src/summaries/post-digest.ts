// Posts a rendered summary to a Slack channel (by name or id), or replaces one in place (posting anew when it was deleted).
import type { WebClient } from '@slack/web-api';
import type { SlackMessage } from '../blocks/block-limits.ts';

/** Where a message landed: the channel id Slack resolved the name to, and the message ts. */
export interface PostedMessage {
  channelId: string;
  ts: string;
}

/** Posts `message` to `channel` (a name such as "gne-digest" or an id); throws Slack's error. */
export async function postSummaryMessage(
  client: WebClient,
  channel: string,
  message: SlackMessage,
): Promise<PostedMessage> {
  const res = await client.chat.postMessage({
    channel,
    text: message.text,
    blocks: message.blocks,
    unfurl_links: false,
    unfurl_media: false,
  });
  return { channelId: res.channel ?? channel, ts: res.ts! };
}

/** Replaces a posted message in place (a review message once it is approved or discarded). */
export async function updateSummaryMessage(client: WebClient, at: PostedMessage, message: SlackMessage): Promise<void> {
  await client.chat.update({ channel: at.channelId, ts: at.ts, text: message.text, blocks: message.blocks });
}

/** Slack's error code of a failed Web API call (`message_not_found`), or undefined. */
export function slackErrorOf(err: unknown): string | undefined {
  return (err as { data?: { error?: string } }).data?.error;
}

/** Updates a posted message in place; when Slack no longer has it (message_not_found: deleted) posts it anew in its channel. */
export async function updateOrRepost(
  client: WebClient,
  at: PostedMessage,
  message: SlackMessage,
): Promise<{ at: PostedMessage; reposted: boolean }> {
  try {
    await updateSummaryMessage(client, at, message);
    return { at, reposted: false };
  } catch (err) {
    if (slackErrorOf(err) !== 'message_not_found') throw err;
    return { at: await postSummaryMessage(client, at.channelId, message), reposted: true };
  }
}
