// The Slack side of an incident: its channel, topic, invites, pinned card and notices.
import type { WebClient } from '@slack/web-api';
import { nthChannelName } from './channel-name.ts';

// The name carries the incident number, so a taken name is a leftover (a channel from a deleted
// database) or our own earlier try; a few suffixes are plenty. conversations.create is Tier 2,
// about 20 a minute (docs.slack.dev/reference/methods/conversations.create).
const MAX_NAME_ATTEMPTS = 3;
// A channel created this long before the incident was opened cannot be ours (clock skew allowance).
const CREATED_SKEW_S = 60;
// conversations.list pages of up to 1000 (docs.slack.dev/reference/methods/conversations.list); 20 pages is a big workspace.
const LIST_PAGE = 1000;
const LIST_MAX_PAGES = 20;

/** The Slack error code of a Web API failure (`name_taken`, `ratelimited`, ...), or the message. */
export function slackErrorCode(err: unknown): string {
  const data = (err as { data?: { error?: string } }).data;
  return data?.error ?? (err as { code?: string }).code ?? (err as Error).message;
}

/** A channel as vigil keeps it. */
export interface SlackChannelRef {
  id: string;
  name: string;
}

/**
 * Creates the incident's channel, opened at `since`. When Slack's answer is lost (a timeout, a 5xx, a
 * network error) or the name is taken, the channel may be ours from an earlier try: it is looked up by
 * name and reused when it was created since the incident opened, so no try leaves an extra channel.
 * A taken name that is not ours gets `-2`, `-3`.
 */
export async function createIncidentChannel(
  client: WebClient,
  baseName: string,
  isPrivate: boolean,
  since: Date,
): Promise<SlackChannelRef> {
  for (let attempt = 1; ; attempt++) {
    const name = nthChannelName(baseName, attempt);
    try {
      const res = await client.conversations.create({ name, is_private: isPrivate });
      return { id: res.channel!.id!, name: res.channel!.name ?? name };
    } catch (err) {
      const taken = slackErrorCode(err) === 'name_taken';
      if (!taken && !answerLost(err)) throw err;
      // A look-up Slack could not answer throws: better to retry later than to guess and make a second
      // channel. One it refused (missing_scope: no channels:read) cannot find anything, ever.
      const ours = await findOurChannel(client, name, since).catch((lookUp: unknown) => {
        if (answerLost(lookUp)) throw lookUp;
        return undefined;
      });
      if (ours) return ours;
      if (!taken || attempt >= MAX_NAME_ATTEMPTS) throw err;
    }
  }
}

// No usable answer (a timeout, a network error, a 5xx): Slack may have done it anyway.
function answerLost(err: unknown): boolean {
  const code = (err as { code?: string }).code;
  return code === 'slack_webapi_request_error' || code === 'slack_webapi_http_error';
}

/** The channel named `name` created at or after `since`, if there is one (conversations.list has no name filter, so it pages). */
export async function findOurChannel(
  client: WebClient,
  name: string,
  since: Date,
): Promise<SlackChannelRef | undefined> {
  let cursor: string | undefined;
  for (let page = 0; page < LIST_MAX_PAGES; page++) {
    const res = await client.conversations.list({
      types: 'public_channel,private_channel',
      exclude_archived: true,
      limit: LIST_PAGE,
      ...(cursor ? { cursor } : {}),
    });
    const found = res.channels?.find((c) => c.name === name);
    if (found?.id) {
      const created = Number(found.created ?? 0);
      return created >= since.getTime() / 1000 - CREATED_SKEW_S ? { id: found.id, name } : undefined;
    }
    cursor = res.response_metadata?.next_cursor || undefined;
    if (!cursor) return undefined;
  }
  return undefined;
}

/** Invites the users; returns the failure code when Slack refused (the caller says so in the channel). */
export async function inviteUsers(client: WebClient, channel: string, users: string[]): Promise<string | undefined> {
  const unique = [...new Set(users)];
  if (unique.length === 0) return undefined;
  try {
    await client.conversations.invite({ channel, users: unique.join(',') });
    return undefined;
  } catch (err) {
    const code = slackErrorCode(err);
    return code === 'already_in_channel' ? undefined : code;
  }
}

/** Pins the message; one already pinned counts as done. */
export async function pinMessage(client: WebClient, channel: string, ts: string): Promise<void> {
  try {
    await client.pins.add({ channel, timestamp: ts });
  } catch (err) {
    if (slackErrorCode(err) !== 'already_pinned') throw err;
  }
}

/** Posts a message and returns its ts and channel id. */
export async function post(
  client: WebClient,
  channel: string,
  message: { text: string; blocks?: unknown[] },
): Promise<string> {
  return (await postTo(client, channel, message)).ts;
}

/** Posts a message and returns where it landed: the channel id (a name or user id resolved by Slack) and ts. */
export async function postTo(
  client: WebClient,
  channel: string,
  message: { text: string; blocks?: unknown[] },
): Promise<{ channel: string; ts: string }> {
  const res = await client.chat.postMessage({
    channel,
    text: message.text,
    ...(message.blocks ? { blocks: message.blocks as never } : {}),
  });
  return { channel: res.channel ?? channel, ts: res.ts! };
}
