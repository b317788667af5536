// A user's Slack user groups (for roles named by group id), fetched with usergroups.list and cached.
import type { WebClient } from '@slack/web-api';

const TTL_MS = 5 * 60_000;

/** Returns a lookup `userId -> group ids`, refreshing the group list at most every five minutes. */
export function userGroupLookup(
  client: WebClient,
  needed: () => boolean,
  clock: () => Date = () => new Date(),
): (userId: string) => Promise<string[]> {
  let cache: { at: number; members: Map<string, string[]> } | undefined;
  return async (userId) => {
    // Roles given only by user id never need the (rate-limited) group list.
    if (!needed()) return [];
    if (!cache || clock().getTime() - cache.at > TTL_MS) {
      const res = await client.usergroups.list({ include_users: true });
      const members = new Map<string, string[]>();
      for (const g of res.usergroups ?? [])
        for (const u of g.users ?? []) members.set(u, [...(members.get(u) ?? []), g.id!]);
      cache = { at: clock().getTime(), members };
    }
    return cache.members.get(userId) ?? [];
  };
}
