// The one message of a digest period (or an incident summary) per channel: claimed in the database before Slack is
// called, posted by the run that claimed it, updated in place by every later run, and posted anew if deleted in Slack.
import type { WebClient } from '@slack/web-api';
import type pg from 'pg';
import type { SlackMessage } from '../blocks/block-limits.ts';
import {
  claimDigestPost,
  recordDigestPost,
  refreshDigestPost,
  releaseDigestPost,
  takeOverDigestPost,
  type DigestContent,
  type NewDigest,
  type StoredDigest,
} from './digest-store.ts';
import { postSummaryMessage, updateOrRepost, type PostedMessage } from './post-digest.ts';

/** What became of the message: posted first, updated in place, posted anew (it was deleted), or left to the run posting it. */
export type PostDelivery = 'posted' | 'updated' | 'reposted' | 'skipped';

/** The message's row, what became of it, and where it is (absent when skipped). */
export interface PostOnceResult {
  digestId: number;
  delivery: PostDelivery;
  at?: PostedMessage;
}

/** What posting once needs. */
export interface PostOnceDeps {
  pool: pg.Pool;
  client: WebClient;
  clock: () => Date;
}

/** The key a destination is stored under: the configured channel without its "#". */
export const destinationKey = (channel: string): string => channel.replace(/^#/, '');

/** Posts `message` to `destination` once per (kind, period or incident); every later call updates that message in place. */
export async function postOnce(
  deps: PostOnceDeps,
  row: Omit<NewDigest, 'status'> & { destination: string },
  message: SlackMessage,
): Promise<PostOnceResult> {
  const claim = await claimDigestPost(deps.pool, {
    ...row,
    status: 'posted',
    destination: destinationKey(row.destination),
  });
  const id = claim.digest.id;
  if (!claim.claimed) {
    if (claim.digest.messageTs) return updatePosted(deps, claim.digest, row, message);
    // Claimed by a run posting it right now (or one that died before it could: taken over after a while).
    if (!(await takeOverDigestPost(deps.pool, id))) return { digestId: id, delivery: 'skipped' };
    await refreshDigestPost(deps.pool, id, row);
  }
  try {
    const at = await postSummaryMessage(deps.client, row.destination, message);
    await recordDigestPost(deps.pool, id, at, deps.clock());
    return { digestId: id, delivery: 'posted', at };
  } catch (err) {
    await releaseDigestPost(deps.pool, id).catch(() => {});
    throw err;
  }
}

/** Updates the posted message of `existing` with new content (stored first); posts it anew when Slack lost it. */
export async function updatePosted(
  deps: PostOnceDeps,
  existing: StoredDigest,
  content: DigestContent,
  message: SlackMessage,
): Promise<PostOnceResult> {
  if (!existing.channelId || !existing.messageTs) return { digestId: existing.id, delivery: 'skipped' };
  await refreshDigestPost(deps.pool, existing.id, { ...content, blocks: message.blocks });
  const { at, reposted } = await updateOrRepost(
    deps.client,
    { channelId: existing.channelId, ts: existing.messageTs },
    message,
  );
  if (reposted) await recordDigestPost(deps.pool, existing.id, at, deps.clock());
  return { digestId: existing.id, delivery: reposted ? 'reposted' : 'updated', at };
}
