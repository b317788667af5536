// Digest facts speed: a 120-day demo warehouse in a scratch database with a few incidents, anomalies,
// playbook runs and actions in the bot tables; the median time to build the daily facts (target < 2 s)
// and the weekly facts, against the catalog's 11 metric SQLs run as they are over the digest's day. The facts
// include the shipped vigil.yml's integrity counts and vendor scorecard.
import { loadConfig } from '../src/config/load-config.ts';
import { migrate } from '../src/db/migrate.ts';
import { seedDemo } from '../src/demo/seed-demo.ts';
import { addAction } from '../src/summaries/actions-store.ts';
import { buildDigestFacts, type FactsDeps } from '../src/summaries/build-digest-facts.ts';
import { digestPeriod } from '../src/summaries/digest-facts-period.ts';
import { metricQueryConcurrency } from '../src/summaries/metric-query-concurrency.ts';
import { queryWarehouse } from '../src/warehouse/query-warehouse.ts';
import { demoCatalog } from '../src/metrics/load-catalog.ts';
import { median, type BenchResult } from './bench-result.ts';
import { renderDigest } from '../src/blocks/render-digest.ts';
import { writeSummary } from '../src/summaries/write-summary.ts';
import { wordsBeforeScorecard } from '../test/blocks/digest-words.ts';
import { openScratchDatabase } from './scratch-database.ts';

const END = new Date('2026-11-26T00:00:00Z');
const DAYS = 120;
const SEED = 7;
const TIMEZONE = 'Asia/Jakarta';
const RUNS = Number(process.env.BENCH_DIGEST_RUNS ?? 5);
const TARGET_SECONDS = 2;

/** Runs the benchmark; see bench/run.ts. */
export default async function run(): Promise<BenchResult[]> {
  const db = await openScratchDatabase('bench_digest_facts', 6);
  try {
    await migrate(db.pool);
    console.error(`  seeding ${DAYS} days (seed ${SEED}) on ${db.where} ...`);
    await seedDemo(db.pool, { days: DAYS, seed: SEED, end: END });
    await seedBotTables(db.pool);
    await db.pool.query('ANALYZE');
    const catalog = demoCatalog();
    const sections = loadConfig({ VIGIL_CONFIG: 'vigil.yml', LOG_LEVEL: 'silent' }).workspace.digest;
    const deps: FactsDeps = { pool: db.pool, warehouse: db.pool, catalog, timezone: TIMEZONE, now: END, sections };
    const day = digestPeriod('daily', TIMEZONE, END);
    const params = { from: day.start.toISOString(), to: day.end.toISOString(), tz: TIMEZONE };
    const time = async (f: () => Promise<unknown>) => {
      const began = performance.now();
      await f();
      return (performance.now() - began) / 1000;
    };
    const baseline: number[] = [];
    const daily: number[] = [];
    const cold: number[] = [];
    const weekly: number[] = [];
    let notes = '';
    // Cold: the first digest after install, nothing kept. Steady state: the day before's digest has kept
    // every settled day, so the two newest days (the one that just settled and yesterday) are read.
    const forget = (days: number) =>
      db.pool.query(`DELETE FROM metric_day_totals WHERE day >= $1::date - $2::int`, [day.days[0], days]);
    for (let i = 0; i < RUNS; i++) {
      baseline.push(
        await time(async () => {
          for (const m of catalog) await queryWarehouse(db.pool, m.sql, params, `metric ${m.id}`);
        }),
      );
      await db.pool.query('DELETE FROM metric_day_totals');
      cold.push(await time(() => buildDigestFacts(deps, { kind: 'daily' })));
      // Last week's report kept the weeks before the daily range (untimed), as a running bot would have.
      await buildDigestFacts(deps, { kind: 'weekly' });
      await forget(1);
      daily.push(
        await time(async () => {
          const f = await buildDigestFacts(deps, { kind: 'daily' });
          notes = `daily ${f.label}: overall ${f.overall}; ${f.metrics.map((m) => `${m.id} ${m.status}`).join(', ')}; ${f.incidents.list.length} incidents listed`;
        }),
      );
      await forget(1);
      weekly.push(await time(() => buildDigestFacts(deps, { kind: 'weekly' })));
    }
    const concurrency = await metricQueryConcurrency(db.pool);
    console.error(
      `  daily ${daily.map((s) => s.toFixed(2)).join(', ')} s; weekly ${weekly.map((s) => s.toFixed(2)).join(', ')} s`,
    );
    const base = {
      name: `the catalog's ${catalog.length} metric SQLs over the digest's one day, one after another`,
      median: median(baseline),
    };
    const result = (kind: string, seconds: number[]): BenchResult => ({
      name: `${kind} digest facts on the ${DAYS}-day demo warehouse (${db.where})`,
      median: median(seconds),
      unit: 's',
      runs: RUNS,
      baseline: base,
      ratio: median(seconds) / Math.max(base.median, 1e-6),
      target: { text: `< ${TARGET_SECONDS} s`, met: median(seconds) < TARGET_SECONDS },
      notes: `max ${Math.max(...seconds).toFixed(2)} s; ${concurrency} metric queries at once${kind === 'daily' ? `; ${notes}` : ''}`,
    });
    // What a manager reads before the scorecard, on the demo's daily digest as the template writes it.
    const facts = await buildDigestFacts(deps, { kind: 'daily' });
    const written = await writeSummary(facts, { timezone: TIMEZONE });
    const words = wordsBeforeScorecard(renderDigest(facts, written, { workspaceName: 'GNE' }).blocks);
    return [
      {
        name: 'daily digest: words before the scorecard (demo, template)',
        median: words,
        unit: 'words',
        runs: 1,
        target: { text: '< 60 words', met: words < 60 },
        notes: `${facts.needsAttention.length} items need attention (${facts.needsAttention.map((a) => `${a.kind} ${a.ref}`).join(', ') || 'none'})`,
      },
      result('daily (steady state: the day before kept)', daily),
      result('daily (cold: first digest, nothing kept)', cold),
      result('weekly (steady state)', weekly),
    ];
  } finally {
    await db.close();
  }
}

// A handful of rows in every table the digest reads, so each of its queries has something to find.
async function seedBotTables(pool: FactsDeps['pool']): Promise<void> {
  const ids: number[] = [];
  for (const [title, severity, metric, opened, resolved] of [
    ['Refund rate, city=jakarta', 2, 'refund_rate', '2026-11-25T02:00:00Z', null],
    ['Redemption failures, pos=legacy', 3, 'redemption_failure_rate', '2026-11-25T05:00:00Z', '2026-11-25T09:00:00Z'],
    ['CS first-response SLA, vendor=b', 3, 'cs_first_response_sla', '2026-11-21T11:00:00Z', null],
    ['Order volume', 1, 'order_volume', '2026-11-12T11:00:00Z', '2026-11-12T14:00:00Z'],
  ] as const) {
    const { rows } = await pool.query(
      `INSERT INTO incidents (title, severity, metric_id, opened_by, opened_at, acknowledged_at, acknowledged_by, resolved_at, resolution_note, status, evidence)
       VALUES ($1, $2, $3, 'vigil', $4, $4::timestamptz + interval '9 minutes', 'UACK', $5, CASE WHEN $5::timestamptz IS NULL THEN NULL ELSE 'fixed' END,
               CASE WHEN $5::timestamptz IS NULL THEN 'acknowledged' ELSE 'resolved' END, $6) RETURNING id`,
      [
        title,
        severity,
        metric,
        opened,
        resolved,
        JSON.stringify({
          metricId: metric,
          bucket: opened,
          observed: 2,
          expected: 1,
          unit: 'ratio',
          slice: {},
          impact: '~100 orders',
        }),
      ],
    );
    ids.push(Number(rows[0].id));
  }
  for (const [k, id] of ids.entries()) {
    await pool.query(
      `INSERT INTO anomalies (metric_id, slice, slice_key, bucket, observed, expected, impact, incident_id)
       SELECT 'refund_rate', jsonb_build_object('city', 'c' || g), 'city=c' || g, '2026-11-25T00:00:00Z'::timestamptz + g * interval '1 hour', 0.05, 0.03, 100 * g, $1
         FROM generate_series(1, 12) AS g ON CONFLICT DO NOTHING`,
      [k === 0 ? id : null],
    );
    await pool.query(
      "INSERT INTO playbook_runs (playbook_id, requested_by, incident_id, status, findings, started_at) VALUES ('refund-spike', 'U1', $1, 'succeeded', $2, '2026-11-25T03:00:00Z')",
      [id, JSON.stringify([`finding for incident ${id}`])],
    );
    await addAction(
      pool,
      {
        text: `follow up on incident ${id}`,
        createdBy: 'U1',
        owner: 'UOWN',
        incidentId: id,
        dueAt: new Date('2026-11-27T00:00:00Z'),
      },
      new Date('2026-11-25T04:00:00Z'),
    );
  }
  await pool.query("INSERT INTO metric_health (metric_id, status) VALUES ('cost_per_ticket', 'stale')");
}
