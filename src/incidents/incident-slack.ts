// The Slack side of an incident: its channel, topic, invites, pinned card and notices.
import type { WebClient } from '@slack/web-api';
import { nthChannelName } from './channel-name.ts';

const MAX_NAME_ATTEMPTS = 20;

/** The Slack error code of a Web API failure (`name_taken`, `ratelimited`, ...), or the message. */
export function slackErrorCode(err: unknown): string {
  const data = (err as { data?: { error?: string } }).data;
  return data?.error ?? (err as { code?: string }).code ?? (err as Error).message;
}

/** Creates the channel, trying `-2`, `-3` ... while the name is taken. */
export async function createIncidentChannel(client: WebClient, baseName: string, isPrivate: boolean): Promise<{ id: string; name: string }> {
  for (let attempt = 1; ; attempt++) {
    const name = nthChannelName(baseName, attempt);
    try {
      const res = await client.conversations.create({ name, is_private: isPrivate });
      return { id: res.channel!.id!, name: res.channel!.name ?? name };
    } catch (err) {
      if (slackErrorCode(err) !== 'name_taken' || attempt >= MAX_NAME_ATTEMPTS) throw err;
    }
  }
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

/** Posts a message and returns its ts. */
export async function post(client: WebClient, channel: string, message: { text: string; blocks?: unknown[] }): Promise<string> {
  const res = await client.chat.postMessage({ channel, text: message.text, ...(message.blocks ? { blocks: message.blocks as never } : {}) });
  return res.ts!;
}
