// The digest_claims table: one scheduled firing per (kind, period) across replicas.
import type pg from 'pg';

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
