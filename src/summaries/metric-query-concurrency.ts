// How many metric queries the digest may run at once on a warehouse pool: several on a PostgreSQL
// server, one on the embedded PGlite, whose connections share one session (and its unnamed prepared
// statement), so concurrent parameterised queries from two connections clash.
import type pg from 'pg';

const known = new WeakMap<pg.Pool, boolean>();

/** Whether the pool is served by embedded PGlite (asked once per pool: `SELECT version()`). */
export async function isEmbeddedPool(pool: pg.Pool): Promise<boolean> {
  let embedded = known.get(pool);
  if (embedded === undefined) {
    const { rows } = await pool.query('SELECT version() AS v');
    embedded = /PGlite|emscripten/i.test(String(rows[0]?.v ?? ''));
    known.set(pool, embedded);
  }
  return embedded;
}

/** Metric queries to run at once: `wanted` when given, else 1 on PGlite and up to 4 (leaving pool room) on PostgreSQL. */
export async function metricQueryConcurrency(pool: pg.Pool, wanted?: number): Promise<number> {
  if (wanted !== undefined) return Math.max(1, Math.floor(wanted));
  if (await isEmbeddedPool(pool)) return 1;
  const max = (pool.options as { max?: number }).max ?? 10;
  return Math.max(1, Math.min(4, max - 1));
}
