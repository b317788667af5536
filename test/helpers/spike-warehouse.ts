// A small warehouse for detector tests: `<schema>.attempts` with hourly buckets, 2 cities x 5 categories at about
// 5 % failures (a little deterministic wobble), and every Jakarta category failing 40 % in [spikeFrom, spikeTo).
import type pg from 'pg';

/** Creates (or recreates) `<schema>.attempts` with hours from `from` to `to`, both included. */
export async function createSpikeWarehouse(
  pool: pg.Pool,
  schema: string,
  hours: { from: Date; spikeFrom: Date; spikeTo: Date; to: Date },
): Promise<void> {
  await pool.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
  await pool.query(`DROP TABLE IF EXISTS ${schema}.attempts`);
  await pool.query(
    `CREATE TABLE ${schema}.attempts (bucket timestamptz, city text, category text, failures int, attempts int)`,
  );
  await pool.query(
    `INSERT INTO ${schema}.attempts
     SELECT b, c, k,
            CASE WHEN c = 'jakarta' AND b >= $2 AND b < $3 THEN 40 ELSE 4 + ((extract(epoch FROM b)::bigint / 3600 + length(k)) % 3)::int END,
            100
       FROM generate_series($1::timestamptz, $4::timestamptz, interval '1 hour') AS b,
            unnest(ARRAY['jakarta', 'manila']) AS c, unnest(ARRAY['spa', 'gym', 'food', 'salon', 'tours']) AS k`,
    [hours.from, hours.spikeFrom, hours.spikeTo, hours.to],
  );
}
