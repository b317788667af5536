// The digests table: drafts, reviews and posts of digests and incident summaries, one message per period (or incident) and channel.
import type pg from 'pg';
import type { ReplacedSentence, SummarySource } from '../drafting/draft-schema.ts';

/** A digest's lifecycle: stored as a draft, sent to review, posted, or discarded. */
export type DigestStatus = 'draft' | 'in_review' | 'posted' | 'discarded';

/** A stored digest or incident summary. */
export interface StoredDigest {
  id: number;
  kind: 'daily' | 'weekly' | 'incident';
  periodStart: Date;
  periodEnd: Date;
  incidentId: number | null;
  source: SummarySource;
  status: DigestStatus;
  text: string;
  blocks: unknown[] | null;
  facts: unknown;
  replaced: ReplacedSentence[];
  channelId: string | null;
  messageTs: string | null;
  reviewedBy: string | null;
  editedBy: string | null;
  postedAt: Date | null;
  /** The channel (as configured) this row is the one message of; null for drafts and decided reviews. */
  destination: string | null;
  language: string;
  /** How many times the posted message was updated in place. */
  updates: number;
  updatedAt: Date;
}

/** What a new digest row holds. */
export interface NewDigest {
  kind: StoredDigest['kind'];
  periodStart: Date;
  periodEnd: Date;
  incidentId?: number | null;
  source: SummarySource;
  status: DigestStatus;
  text: string;
  blocks?: unknown[] | null;
  facts: unknown;
  replaced: ReplacedSentence[];
  channelId?: string | null;
  messageTs?: string | null;
  postedAt?: Date | null;
  language?: string;
}

/** Stores a digest and returns its id. */
export async function insertDigest(pool: pg.Pool, d: NewDigest): Promise<number> {
  const { rows } = await pool.query<{ id: string }>(
    `INSERT INTO digests (kind, period_start, period_end, incident_id, source, status, text, blocks, facts, replaced, channel_id, message_ts, posted_at, language)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id`,
    valuesOf(d),
  );
  return Number(rows[0]!.id);
}

function valuesOf(d: NewDigest): unknown[] {
  return [
    d.kind,
    d.periodStart,
    d.periodEnd,
    d.incidentId ?? null,
    d.source,
    d.status,
    d.text,
    d.blocks ? JSON.stringify(d.blocks) : null,
    JSON.stringify(d.facts),
    JSON.stringify(d.replaced),
    d.channelId ?? null,
    d.messageTs ?? null,
    d.postedAt ?? null,
    d.language ?? 'en',
  ];
}

/** A claim on the one message of a period (or incident) at a destination: `claimed` means this run posts it. */
export interface DigestPostClaim {
  claimed: boolean;
  digest: StoredDigest;
}

/**
 * Claims the one message of (kind, period or incident, destination) before anything is posted: inserted here
 * (status posted, no message yet) this run posts it; otherwise the row already there comes back, posted or being
 * posted by another run. The unique indexes of migration 0018 make two racing runs insert it once.
 */
export async function claimDigestPost(pool: pg.Pool, d: NewDigest & { destination: string }): Promise<DigestPostClaim> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const { rows } = await pool.query(
      `INSERT INTO digests (kind, period_start, period_end, incident_id, source, status, text, blocks, facts, replaced, channel_id, message_ts, posted_at, language, destination)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) ON CONFLICT DO NOTHING RETURNING *`,
      [...valuesOf({ ...d, status: 'posted', channelId: null, messageTs: null, postedAt: null }), d.destination],
    );
    if (rows[0]) return { claimed: true, digest: toDigest(rows[0]) };
    const existing = await findDigestPost(pool, d, d.destination);
    // Gone between the two statements (its run failed and released it): claim again.
    if (existing) return { claimed: false, digest: existing };
  }
  throw new Error(`could not claim the ${d.kind} message for ${d.destination}`);
}

/** The one message of a period (or incident) at `destination`, or undefined. */
export async function findDigestPost(
  pool: pg.Pool,
  key: Pick<NewDigest, 'kind' | 'periodStart' | 'incidentId'>,
  destination: string,
): Promise<StoredDigest | undefined> {
  const { rows } =
    key.kind === 'incident'
      ? await pool.query("SELECT * FROM digests WHERE kind = 'incident' AND incident_id = $1 AND destination = $2", [
          key.incidentId ?? null,
          destination,
        ])
      : await pool.query('SELECT * FROM digests WHERE kind = $1 AND period_start = $2 AND destination = $3', [
          key.kind,
          key.periodStart,
          destination,
        ]);
  return rows[0] ? toDigest(rows[0]) : undefined;
}

/** How long a claimed message may wait for its post before another run takes it over (its run died in between). */
export const STALE_POST_CLAIM_MS = 5 * 60_000;

/** Takes over a claimed message left unposted for STALE_POST_CLAIM_MS; true when this run posts it now. */
export async function takeOverDigestPost(pool: pg.Pool, id: number): Promise<boolean> {
  const { rowCount } = await pool.query(
    `UPDATE digests SET updated_at = now()
      WHERE id = $1 AND message_ts IS NULL AND updated_at < now() - make_interval(secs => $2)`,
    [id, STALE_POST_CLAIM_MS / 1000],
  );
  return rowCount === 1;
}

/** Records where a claimed message landed (or landed again after it was deleted in Slack). */
export async function recordDigestPost(
  pool: pg.Pool,
  id: number,
  at: { channelId: string; ts: string },
  postedAt: Date,
): Promise<void> {
  await pool.query(
    'UPDATE digests SET channel_id = $2, message_ts = $3, posted_at = $4, updated_at = now() WHERE id = $1',
    [id, at.channelId, at.ts, postedAt],
  );
}

/** Gives up a claimed message that could not be posted, so a later run posts it. */
export async function releaseDigestPost(pool: pg.Pool, id: number): Promise<void> {
  await pool.query('DELETE FROM digests WHERE id = $1 AND message_ts IS NULL', [id]);
}

/** What a message updated in place now says. */
export type DigestContent = Pick<
  NewDigest,
  'source' | 'text' | 'blocks' | 'facts' | 'replaced' | 'periodEnd' | 'language'
>;

/** Stores the new content of a message updated in place, and counts the update. */
export async function refreshDigestPost(pool: pg.Pool, id: number, c: DigestContent): Promise<void> {
  await pool.query(
    `UPDATE digests SET source = $2, text = $3, blocks = $4, facts = $5, replaced = $6, period_end = $7, language = $8,
            updates = updates + 1, updated_at = now() WHERE id = $1`,
    [
      id,
      c.source,
      c.text,
      c.blocks ? JSON.stringify(c.blocks) : null,
      JSON.stringify(c.facts),
      JSON.stringify(c.replaced),
      c.periodEnd,
      c.language ?? 'en',
    ],
  );
}

/** A stored digest, or undefined. */
export async function getDigest(pool: pg.Pool, id: number): Promise<StoredDigest | undefined> {
  const { rows } = await pool.query('SELECT * FROM digests WHERE id = $1', [id]);
  return rows[0] ? toDigest(rows[0]) : undefined;
}

/** What changes when a digest moves on (posted, discarded, edited). */
export interface DigestUpdate {
  status?: DigestStatus;
  text?: string;
  blocks?: unknown[] | null;
  channelId?: string | null;
  messageTs?: string | null;
  postedAt?: Date | null;
  reviewedBy?: string;
  editedBy?: string;
  destination?: string | null;
}

const COLUMNS: Record<keyof DigestUpdate, string> = {
  status: 'status',
  text: 'text',
  blocks: 'blocks',
  channelId: 'channel_id',
  messageTs: 'message_ts',
  postedAt: 'posted_at',
  reviewedBy: 'reviewed_by',
  editedBy: 'edited_by',
  destination: 'destination',
};

/**
 * Updates a digest, only while its status is one of `from` (so two reviewers clicking Approve post it once);
 * returns the updated digest, or undefined when it had already moved on.
 */
export async function updateDigest(
  pool: pg.Pool,
  id: number,
  change: DigestUpdate,
  from: DigestStatus[],
): Promise<StoredDigest | undefined> {
  const keys = (Object.keys(change) as Array<keyof DigestUpdate>).filter((k) => change[k] !== undefined);
  const sets = keys.map((k, i) => `${COLUMNS[k]} = $${i + 3}`);
  const values = keys.map((k) => (k === 'blocks' && change.blocks ? JSON.stringify(change.blocks) : change[k]));
  const { rows } = await pool.query(
    `UPDATE digests SET ${sets.length ? sets.join(', ') : 'status = status'} WHERE id = $1 AND status = ANY($2::text[]) RETURNING *`,
    [id, from, ...values],
  );
  return rows[0] ? toDigest(rows[0]) : undefined;
}

/**
 * Decides a review as posted and makes it the period's message at `destination`; `owner` false when the period has
 * a message there already (the review is then decided, and the caller updates that message). Undefined when decided before.
 */
export async function claimReviewedPost(
  pool: pg.Pool,
  id: number,
  change: DigestUpdate,
  destination: string,
): Promise<{ digest: StoredDigest; owner: boolean } | undefined> {
  try {
    const digest = await updateDigest(pool, id, { ...change, status: 'posted', destination }, ['in_review']);
    return digest && { digest, owner: true };
  } catch (err) {
    if ((err as { code?: string }).code !== '23505') throw err;
    const digest = await updateDigest(pool, id, { ...change, status: 'posted' }, ['in_review']);
    return digest && { digest, owner: false };
  }
}

/** The newest daily or weekly digest posted to the managers (the Home tab shows it), or undefined. */
export async function latestPostedDigest(pool: pg.Pool): Promise<StoredDigest | undefined> {
  // A period has one message per destination; the managers' is posted first (also_to channels after it).
  const { rows } = await pool.query(
    `SELECT * FROM digests WHERE status = 'posted' AND kind IN ('daily', 'weekly')
      ORDER BY period_start DESC, destination IS NULL, posted_at ASC NULLS LAST, id ASC LIMIT 1`,
  );
  return rows[0] ? toDigest(rows[0]) : undefined;
}

function toDigest(r: Record<string, unknown>): StoredDigest {
  return {
    id: Number(r.id),
    kind: r.kind as StoredDigest['kind'],
    periodStart: r.period_start as Date,
    periodEnd: r.period_end as Date,
    incidentId: r.incident_id === null ? null : Number(r.incident_id),
    source: r.source as SummarySource,
    status: r.status as DigestStatus,
    text: r.text as string,
    blocks: (r.blocks as unknown[] | null) ?? null,
    facts: r.facts,
    replaced: (r.replaced as ReplacedSentence[]) ?? [],
    channelId: (r.channel_id as string | null) ?? null,
    messageTs: (r.message_ts as string | null) ?? null,
    reviewedBy: (r.reviewed_by as string | null) ?? null,
    editedBy: (r.edited_by as string | null) ?? null,
    postedAt: (r.posted_at as Date | null) ?? null,
    destination: (r.destination as string | null) ?? null,
    language: (r.language as string | undefined) ?? 'en',
    updates: Number(r.updates ?? 0),
    updatedAt: r.updated_at as Date,
  };
}
