// Counts the incidents in the bot's database, so the demo replay can say how many it opened.
import type pg from 'pg';

/** A countIncidents for createDemoReplay over the bot's pool. */
export function incidentCounter(pool: pg.Pool): () => Promise<number> {
  return async () => (await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM incidents')).rows[0]!.n;
}
