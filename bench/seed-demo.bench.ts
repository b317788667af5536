// Seeding 120 days of the demo marketplace: on a fresh embedded PGlite each run, and on PostgreSQL when
// TEST_DATABASE_URL is set; against the database's own write floor for the same number of rows.
import type pg from 'pg';
import { openDatabase } from '../src/db/open-database.ts';
import { seedDemo } from '../src/demo/seed-demo.ts';
import { openTestDatabase } from '../test/helpers/test-database.ts';
import { median, type BenchResult } from './bench-result.ts';

const DAYS = 120;
const RUNS = 3;
const END = new Date('2025-06-03T10:00:00Z');
const TARGET_SECONDS = 60;

interface Run {
  seconds: number;
  rows: number;
  floorSeconds: number;
}

/** Seconds for one plain INSERT ... SELECT generate_series of `rows` rows, 9 columns like an average warehouse row. */
async function writeFloor(pool: pg.Pool, rows: number): Promise<number> {
  await pool.query(`CREATE TABLE bench_write_floor (id bigint, ref bigint, at timestamptz, amount numeric(12,2), kind text,
    ok boolean, label text, n int, later timestamptz)`);
  const began = performance.now();
  await pool.query(
    `INSERT INTO bench_write_floor SELECT g, g % 9973, to_timestamp(1.7e9 + g), (g % 10000) / 100.0, 'refund',
    g % 2 = 0, 'dv-' || g, g % 97, to_timestamp(1.7e9 + 2 * g) FROM generate_series(1, $1::int) g`,
    [rows],
  );
  const seconds = (performance.now() - began) / 1000;
  await pool.query('DROP TABLE bench_write_floor');
  return seconds;
}

async function runOnce(pool: pg.Pool): Promise<Run> {
  const result = await seedDemo(pool, { days: DAYS, seed: 1, end: END });
  const rows = Object.values(result.rows).reduce((a, b) => a + b, 0);
  return { seconds: result.ms / 1000, rows, floorSeconds: await writeFloor(pool, rows) };
}

function report(where: string, runs: Run[]): BenchResult[] {
  const seconds = median(runs.map((r) => r.seconds));
  const floor = median(runs.map((r) => r.floorSeconds));
  const rows = runs[0]!.rows;
  return [
    {
      name: `seed ${DAYS} days (${where})`,
      median: seconds,
      unit: 's',
      runs: runs.length,
      baseline: { name: 'INSERT ... SELECT generate_series of the same row count', median: floor },
      ratio: seconds / floor,
      target: { text: `< ${TARGET_SECONDS} s`, met: seconds < TARGET_SECONDS },
      notes: `${rows} rows; runs ${runs.map((r) => r.seconds.toFixed(1)).join(', ')} s; the seed also builds indexes and runs ANALYZE`,
    },
    {
      name: `seed ${DAYS} days throughput (${where})`,
      median: rows / seconds,
      unit: 'rows/s',
      runs: runs.length,
      baseline: { name: 'write floor', median: rows / floor },
      ratio: floor / seconds,
    },
  ];
}

/** Runs the benchmark; see bench/run.ts. */
export default async function run(): Promise<BenchResult[]> {
  const embedded: Run[] = [];
  for (let i = 0; i < RUNS; i++) {
    const db = await openDatabase({});
    try {
      embedded.push(await runOnce(db.pool));
    } finally {
      await db.close();
    }
  }
  const results = report('embedded PGlite', embedded);
  if (process.env.TEST_DATABASE_URL) {
    const db = await openTestDatabase('postgres');
    try {
      const runs: Run[] = [];
      for (let i = 0; i < RUNS; i++) runs.push(await runOnce(db.pool));
      results.push(...report('PostgreSQL', runs));
    } finally {
      await db.close();
    }
  }
  return results;
}
