// The digests table (drafts, reviews, posts of digests and incident summaries) and the claims that keep replicas from posting one twice.
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
}

/** Stores a digest and returns its id. */
export async function insertDigest(pool: pg.Pool, d: NewDigest): Promise<number> {
  const { rows } = await pool.query<{ id: string }>(
    `INSERT INTO digests (kind, period_start, period_end, incident_id, source, status, text, blocks, facts, replaced, channel_id, message_ts, posted_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id`,
    [
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
    ],
  );
  return Number(rows[0]!.id);
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

/** Claims the scheduled digest of (kind, period) for this replica; false when another replica (or an earlier firing) has it. */
export async function claimDigest(
  pool: pg.Pool,
  kind: 'daily' | 'weekly',
  periodStart: Date,
  replica: string,
): Promise<boolean> {
  const { rowCount } = await pool.query(
    'INSERT INTO digest_claims (kind, period_start, replica) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
    [kind, periodStart, replica],
  );
  return rowCount === 1;
}

/** Records which digest a claim produced. */
export async function completeDigestClaim(
  pool: pg.Pool,
  kind: 'daily' | 'weekly',
  periodStart: Date,
  digestId: number,
): Promise<void> {
  await pool.query('UPDATE digest_claims SET digest_id = $3 WHERE kind = $1 AND period_start = $2', [
    kind,
    periodStart,
    digestId,
  ]);
}

/** Gives a claim up after a failed run, so a later firing can try again. */
export async function releaseDigestClaim(pool: pg.Pool, kind: 'daily' | 'weekly', periodStart: Date): Promise<void> {
  await pool.query('DELETE FROM digest_claims WHERE kind = $1 AND period_start = $2 AND digest_id IS NULL', [
    kind,
    periodStart,
  ]);
}

/** The newest daily or weekly digest posted to the managers (the Home tab shows it), or undefined. */
export async function latestPostedDigest(pool: pg.Pool): Promise<StoredDigest | undefined> {
  const { rows } = await pool.query(
    `SELECT * FROM digests WHERE status = 'posted' AND kind IN ('daily', 'weekly')
      ORDER BY period_start DESC, posted_at DESC NULLS LAST, id DESC LIMIT 1`,
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
  };
}
