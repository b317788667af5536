// Scale of one evaluation: a synthetic warehouse table of 90 days of hourly buckets for N merchants in a
// scratch database, one catalog metric sliced by merchant (N series), and createEvaluator's evaluate()
// timed end to end (warehouse queries, series, detectors, mutes) for growing N, against fetching the
// same rows alone. Then the detectors alone over 1,000,000 points against a loop summing the same arrays.
import { pino } from 'pino';
import type pg from 'pg';
import { metricSchema, type CatalogMetric } from '../src/metrics/metric-catalog-schema.ts';
import { migrate } from '../src/db/migrate.ts';
import { judgeSeries } from '../src/detect/judge-series.ts';
import { denseLayout, type SeriesValues } from '../src/metrics/series-layout.ts';
import { createEvaluator } from '../src/watch/create-evaluator.ts';
import { fetchMetricRows, mergeRanges } from '../src/watch/fetch-metric-rows.ts';
import { judgedBucket, rangesFor } from '../src/watch/judge-metric.ts';
import { judgeSpecOf } from '../src/detect/judge-spec.ts';
import { median, type BenchResult } from './bench-result.ts';
import { openScratchDatabase } from './scratch-database.ts';

const DAYS = 90;
const END = new Date('2025-06-03T00:00:00Z');
const TIMEZONE = 'Asia/Singapore';
const RUNS = 3;
const DETECTOR_RUNS = 5;
const TARGET_SECONDS = 10;
const TARGET_DETECTOR_SECONDS = 1;

function sizes(): number[] {
  const text = process.env.BENCH_SCALE_SERIES ?? '1000,3000,10000';
  return text
    .split(',')
    .map((s) => Number(s.trim()))
    .filter((n) => Number.isInteger(n) && n > 0);
}

/** The synthetic metric: a proportion per merchant per hour, with the catalog's default detector. */
function scaleMetric(): CatalogMetric {
  return metricSchema.parse({
    id: 'bench_failure_rate',
    title: 'Bench failure rate',
    description: 'Synthetic failures / attempts per merchant per hour (bench/watch-scale.bench.ts).',
    kind: 'ratio',
    rate_kind: 'proportion',
    grain: 'hour',
    bad: 'up',
    slices: [['merchant']],
    sql: `SELECT bucket, merchant, num AS numerator, den AS denominator
            FROM bench_scale.series WHERE bucket >= :from AND bucket < :to`,
  });
}

/** (Re)creates bench_scale.series: DAYS x 24 hourly rows for each of n merchants, daily seasonality, 1 % of merchants failing at the end. */
async function createTable(pool: pg.Pool, n: number): Promise<{ rows: number; seconds: number }> {
  const began = performance.now();
  await pool.query('CREATE SCHEMA IF NOT EXISTS bench_scale');
  await pool.query('DROP TABLE IF EXISTS bench_scale.series');
  await pool.query(
    'CREATE TABLE bench_scale.series (bucket timestamptz NOT NULL, merchant text NOT NULL, num int NOT NULL, den int NOT NULL)',
  );
  await pool.query('SELECT setseed(0.42)');
  // Bucket-major order, as a warehouse loaded hour by hour would be; den follows the hour of day.
  await pool.query(
    `INSERT INTO bench_scale.series
     SELECT b, 'm' || lpad(m::text, 6, '0'), CASE WHEN m % 100 = 0 AND b >= $2::timestamptz - interval '4 hours' THEN d / 2
                                                  ELSE least(d, floor(d * 0.05 + random() * 3)::int) END, d
       FROM generate_series($2::timestamptz - make_interval(days => $3::int), $2::timestamptz - interval '1 hour', interval '1 hour') b
      CROSS JOIN LATERAL (SELECT m, (20 + 15 * sin(extract(hour FROM b) * pi() / 12) + (m % 7) * 3 + random() * 6)::int AS d
                            FROM generate_series(1, $1::int) m) x`,
    [n, END.toISOString(), DAYS],
  );
  await pool.query('CREATE INDEX ON bench_scale.series (bucket)');
  await pool.query('ANALYZE bench_scale.series');
  const { rows } = await pool.query('SELECT count(*)::int AS n FROM bench_scale.series');
  return { rows: rows[0].n as number, seconds: (performance.now() - began) / 1000 };
}

interface ScalePoint {
  series: number;
  seconds: number[];
  fetchSeconds: number[];
  rowsFetched: number;
  queries: number;
  judged: number;
  anomalies: number;
  tableRows: number;
}

async function measure(pool: pg.Pool, n: number): Promise<ScalePoint> {
  console.error(`  ${n} series: writing ${DAYS} days x 24 h x ${n} rows ...`);
  const table = await createTable(pool, n);
  console.error(`  ${n} series: ${table.rows} rows in ${table.seconds.toFixed(1)} s; evaluating ...`);
  const metric = scaleMetric();
  let judged = 0;
  let anomalies = 0;
  const evaluate = createEvaluator({
    pool,
    warehouse: pool,
    logger: pino({ level: 'silent' }),
    timezone: TIMEZONE,
    catalog: [metric],
    notify: async () => {},
    onVerdict: (_m, v) => {
      judged = v.judged;
    },
  });
  const seconds: number[] = [];
  const fetchSeconds: number[] = [];
  let rowsFetched = 0;
  let queries = 0;
  for (let i = 0; i < RUNS; i++) {
    let began = performance.now();
    const result = await evaluate({ at: END, grain: 'hour', dryRun: true });
    seconds.push((performance.now() - began) / 1000);
    if (result.errors.length) throw new Error(`evaluation failed: ${JSON.stringify(result.errors)}`);
    anomalies = result.anomalies;
    began = performance.now();
    const ranges = rangesFor(metric, judgedBucket(metric, END, TIMEZONE));
    queries = mergeRanges(ranges).length;
    const rows = await fetchMetricRows(pool, metric, 'hour', TIMEZONE, ranges);
    fetchSeconds.push((performance.now() - began) / 1000);
    rowsFetched = rows.length;
  }
  console.error(
    `  ${n} series: evaluate ${seconds.map((s) => s.toFixed(2)).join(', ')} s; fetch alone ${fetchSeconds.map((s) => s.toFixed(2)).join(', ')} s`,
  );
  return { series: n, seconds, fetchSeconds, rowsFetched, queries, judged, anomalies, tableRows: table.rows };
}

// A small deterministic generator, so the detector bench judges the same numbers every run.
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The detectors alone: judgeSeries over `series` x `points` judged points (plus the weeks of history they read). */
function detectorBench(series: number, points: number): BenchResult {
  const metric = scaleMetric();
  const spec = judgeSpecOf(metric);
  const history = metric.detector.baseline_weeks * 168 + metric.detector.window_buckets;
  const length = history + points;
  const layout = denseLayout(0, length - 1, 168);
  const rand = mulberry32(42);
  const data: SeriesValues[] = [];
  for (let s = 0; s < series; s++) {
    const num = new Float64Array(length);
    const den = new Float64Array(length);
    for (let i = 0; i < length; i++) {
      den[i] = Math.round(20 + 15 * Math.sin(((i % 24) * Math.PI) / 12) + (s % 7) * 3 + rand() * 6);
      num[i] = Math.min(den[i]!, Math.floor(den[i]! * 0.05 + rand() * 3));
    }
    data.push({ num, den, events: null });
  }
  const judge: number[] = [];
  const sum: number[] = [];
  let episodes = 0;
  let checksum = 0;
  for (let r = 0; r < DETECTOR_RUNS; r++) {
    let began = performance.now();
    episodes = 0;
    for (const values of data) episodes += judgeSeries(layout, values, spec, history, length - 1).episodes.length;
    judge.push((performance.now() - began) / 1000);
    began = performance.now();
    let total = 0;
    for (const values of data) {
      for (let i = 0; i < length; i++) total += values.num[i]! + values.den[i]!;
    }
    sum.push((performance.now() - began) / 1000);
    checksum += total;
  }
  const seconds = median(judge);
  const floor = median(sum);
  return {
    name: `detectors alone: judgeSeries over ${(series * points).toLocaleString('en-US')} points (${series} series x ${points})`,
    median: seconds,
    unit: 's',
    runs: DETECTOR_RUNS,
    baseline: { name: 'a plain loop summing the same num and den arrays', median: floor },
    ratio: seconds / floor,
    target: { text: `< ${TARGET_DETECTOR_SECONDS} s`, met: seconds < TARGET_DETECTOR_SECONDS },
    notes:
      `runs ${judge.map((s) => s.toFixed(2)).join(', ')} s; ${((seconds / (series * points)) * 1e9).toFixed(0)} ns per judged point; ` +
      `each series carries ${history} buckets of history (baseline_weeks ${metric.detector.baseline_weeks}); ${episodes} episodes; checksum ${checksum.toExponential(3)}`,
  };
}

/** Runs the benchmark; see bench/run.ts. */
export default async function run(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  const db = await openScratchDatabase('bench_scale');
  const points: ScalePoint[] = [];
  try {
    await migrate(db.pool);
    for (const n of sizes()) points.push(await measure(db.pool, n));
  } finally {
    await db.close();
  }
  const first = points[0]!;
  const firstSeconds = median(first.seconds);
  for (const p of points) {
    const seconds = median(p.seconds);
    const fetch = median(p.fetchSeconds);
    const growth =
      p === first
        ? ''
        : `; x${(seconds / firstSeconds).toFixed(2)} the time of ${first.series} series for x${(p.series / first.series).toFixed(1)} the series`;
    results.push({
      name: `evaluate ${p.series.toLocaleString('en-US')} series x ${DAYS} days hourly, end to end (${db.where})`,
      median: seconds,
      unit: 's',
      runs: p.seconds.length,
      baseline: { name: 'fetchMetricRows of the same ranges alone', median: fetch },
      ratio: seconds / fetch,
      ...(p.series >= 10_000 ? { target: { text: `< ${TARGET_SECONDS} s`, met: seconds < TARGET_SECONDS } } : {}),
      notes:
        `runs ${p.seconds.map((s) => s.toFixed(2)).join(', ')} s; ${((seconds / p.series) * 1e6).toFixed(0)} us per series${growth}; ` +
        `table ${p.tableRows.toLocaleString('en-US')} rows, ${p.rowsFetched.toLocaleString('en-US')} fetched in ${p.queries} queries; ` +
        `${p.judged} slices judged, ${p.anomalies} firing (dry run)`,
    });
  }
  results.push(detectorBench(1000, 1000));
  return results;
}
