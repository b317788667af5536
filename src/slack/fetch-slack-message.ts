// One message of a channel by its ts, from conversations.history (a thread reply: conversations.replies).
import type { WebClient } from '@slack/web-api';

/** What the timeline keeps of a message. */
export interface FetchedMessage {
  ts: string;
  /** The author: a user id, else the bot id, else "unknown". */
  author: string;
  text: string;
}

interface RawMessage {
  ts?: string;
  user?: string;
  bot_id?: string;
  text?: string;
  files?: unknown[];
}

/** The message `ts` of `channel`, or undefined when Slack has no such message (deleted, or not visible to vigil). */
export async function fetchSlackMessage(
  client: WebClient,
  channel: string,
  ts: string,
): Promise<FetchedMessage | undefined> {
  // latest = oldest = ts, inclusive: exactly that message (docs.slack.dev/reference/methods/conversations.history).
  const range = { channel, latest: ts, oldest: ts, inclusive: true, limit: 1 };
  const top = await client.conversations.history(range);
  const found = (top.messages as RawMessage[] | undefined)?.find((m) => m.ts === ts);
  if (found) return messageOf(found, ts);
  // A reply is not in the channel's history; replies accepts the ts of any message in the thread.
  const thread = await client.conversations.replies({ ...range, ts });
  const reply = (thread.messages as RawMessage[] | undefined)?.find((m) => m.ts === ts);
  return reply ? messageOf(reply, ts) : undefined;
}

/** The timeline's view of a message Slack sent in full (a pin_added event carries it). */
export function messageOf(raw: RawMessage, ts: string): FetchedMessage {
  const text = raw.text?.trim() || (raw.files?.length ? '(a file)' : '(no text)');
  return { ts, author: raw.user ?? raw.bot_id ?? 'unknown', text };
}
