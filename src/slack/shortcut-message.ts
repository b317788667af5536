// A message a shortcut was used on: its link, and putting it on an incident's timeline with the user's mark.
import type { WebClient } from '@slack/web-api';
import type { DeclareSource } from '../blocks/render-declare-modal.ts';
import { timeOfSlackTs } from '../incidents/timeline-message-store.ts';
import type { Services } from './services.ts';

/** The message's permalink, or undefined when Slack will not give one (chat.getPermalink needs no scope). */
export async function permalinkOf(
  client: WebClient,
  at: { channelId: string; ts: string },
): Promise<string | undefined> {
  const answer = await client.chat.getPermalink({ channel: at.channelId, message_ts: at.ts }).catch(() => undefined);
  return answer?.permalink;
}

/** Puts the message on incident `incidentId`'s timeline marked `shortcut:<userId>`; true when it was not there. */
export async function markFromShortcut(
  services: Services,
  incidentId: number,
  message: DeclareSource,
  userId: string,
): Promise<boolean> {
  const { added } = await services.incidents.addMessageToTimeline({
    incidentId,
    channelId: message.channelId,
    messageTs: message.ts,
    author: message.author,
    text: message.text,
    postedAt: timeOfSlackTs(message.ts),
    addedBy: userId,
    mark: `shortcut:${userId}`,
    ...(message.permalink ? { permalink: message.permalink } : {}),
  });
  return added;
}
