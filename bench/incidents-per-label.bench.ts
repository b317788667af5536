// Incidents per injected incident on the live path: each seed's demo is seeded into a scratch database, the
// last weeks replayed with backtestIncidents (createEvaluator tick by tick, resolved on the recovery note) and
// with the plain runBacktest; every label is matched to the incidents that describe it (its metric or a related
// metric, overlapping time, a consistent slice). Incidents per label found (mean, max), recall of both, run time.
import pino from 'pino';
import { migrate } from '../src/db/migrate.ts';
import { seedDemo } from '../src/demo/seed-demo.ts';
import { demoCatalog } from '../src/metrics/load-catalog.ts';
import { backtestIncidents, type BacktestIncident } from '../src/watch/backtest-incidents.ts';
import { readLabels, runBacktest } from '../src/watch/run-backtest.ts';
import { matches, type LabelledIncident } from '../src/watch/score-backtest.ts';
import { namesLabel } from './likely-cause.bench.ts';
import { median, type BenchResult } from './bench-result.ts';
import { openScratchDatabase } from './scratch-database.ts';

const DAY = 86_400_000;
const END = new Date('2025-06-03T10:00:00Z');
const TIMEZONE = 'Asia/Singapore';
// run-backtest.ts scores alerts with this grace after a label's end; incidents get the same.
const GRACE_MS = 6 * 3_600_000;
const TUNED_SEED = 7;

function listFromEnv(name: string, fallback: string): number[] {
  return (process.env[name] ?? fallback)
    .split(',')
    .map((s) => Number(s.trim()))
    .filter((n) => Number.isInteger(n) && n >= 0);
}

/** Does the incident describe the label: its metric or a related one, overlapping in time, a consistent slice? */
export function incidentMatches(incident: BacktestIncident, label: LabelledIncident, until: Date): boolean {
  if (incident.metric === null) return false;
  if (incident.metric !== label.metric && !incident.related_metrics.includes(label.metric)) return false;
  const alert = {
    metric: incident.metric,
    slice: incident.slices[0] ?? {},
    contributors: incident.slices.slice(1),
    start: incident.opened_at,
    end: incident.resolved_at ?? until.toISOString(),
    firedAt: incident.opened_at,
    severity: incident.severity,
    score: 0,
  };
  return matches(alert, { ...label, metric: incident.metric }, GRACE_MS);
}

interface SeedRun {
  seed: number;
  labels: number;
  perLabel: number[];
  incidents: number;
  unmatched: number;
  plainFound: number;
  seconds: number;
  plainSeconds: number;
  ticks: number;
  errors: number;
  worst: string;
  /** Labels whose first incident's card named the cause at open (its likely cause), and the misses in words. */
  causeRight: number;
  causeMisses: string[];
}

async function runSeed(seed: number, days: number, replayDays: number): Promise<SeedRun & { where: string }> {
  const warehouse = await openScratchDatabase(`bench_incidents_s${seed}`);
  const state = await openScratchDatabase(`bench_incidents_state_s${seed}`);
  try {
    console.error(`  seed ${seed}: seeding ${days} days (${warehouse.where}) ...`);
    await seedDemo(warehouse.pool, { days, seed, end: END });
    // The state database is throwaway: commits need not wait for the disk (the CLI's is in memory).
    if (state.where === 'PostgreSQL') {
      const { rows } = await state.pool.query<{ db: string }>('SELECT current_database() AS db');
      await state.pool.query(`ALTER DATABASE ${rows[0]!.db} SET synchronous_commit = off`);
      await state.pool.query('SET synchronous_commit = off');
    }
    await migrate(state.pool);
    const labels = (await readLabels(warehouse.pool)) ?? [];
    const metrics = demoCatalog();
    const from = new Date(END.getTime() - replayDays * DAY);
    const to = END;
    const ids = new Set(metrics.map((m) => m.id));
    const inWindow = labels.filter(
      (l) => ids.has(l.metric) && Date.parse(l.end) > from.getTime() && Date.parse(l.start) < to.getTime(),
    );

    let began = performance.now();
    const plain = await runBacktest(warehouse.pool, metrics, TIMEZONE, from, to, labels);
    const plainSeconds = (performance.now() - began) / 1000;
    const plainFound = inWindow.filter((l) => plain.alerts.some((a) => matches(a, l, GRACE_MS))).length;

    console.error(`  seed ${seed}: live path over ${from.toISOString()} .. ${to.toISOString()} ...`);
    began = performance.now();
    const logger = pino({ level: 'silent' });
    const live = await backtestIncidents(
      { pool: state.pool, warehouse: warehouse.pool, logger, timezone: TIMEZONE, metrics },
      from,
      to,
    );
    const seconds = (performance.now() - began) / 1000;

    const perLabel: number[] = [];
    let worst = '-';
    let most = 0;
    for (const l of inWindow) {
      const n = live.incidents.filter((i) => incidentMatches(i, l, to)).length;
      if (n > 0) perLabel.push(n);
      if (n > most) [most, worst] = [n, `${l.id} (${l.metric}): ${n}`];
    }
    // The card at open: the likely cause of the label's first incident (the one responders see first).
    let causeRight = 0;
    const causeMisses: string[] = [];
    for (const l of inWindow) {
      const first = live.incidents
        .filter((i) => incidentMatches(i, l, to))
        .sort((a, b) => Date.parse(a.opened_at) - Date.parse(b.opened_at))[0];
      if (!first) continue;
      if (first.likely_cause && namesLabel(first.likely_cause.elements, l.slice)) causeRight += 1;
      else causeMisses.push(`${l.id} ${JSON.stringify(l.slice)}: ${first.likely_cause?.text ?? '(none)'}`);
    }
    const unmatched = live.incidents.filter((i) => !inWindow.some((l) => incidentMatches(i, l, to))).length;
    return {
      seed,
      where: warehouse.where,
      labels: inWindow.length,
      perLabel,
      incidents: live.incidents.length,
      unmatched,
      plainFound,
      seconds,
      plainSeconds,
      ticks: live.ticks,
      errors: live.errors.length,
      worst,
      causeRight,
      causeMisses,
    };
  } finally {
    await state.close();
    await warehouse.close();
  }
}

const mean = (xs: number[]) => (xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : NaN);

function resultsFor(label: string, runs: readonly SeedRun[], where: string): BenchResult[] {
  const perLabel = runs.flatMap((r) => r.perLabel);
  const labels = runs.reduce((n, r) => n + r.labels, 0);
  const found = perLabel.length;
  const plainFound = runs.reduce((n, r) => n + r.plainFound, 0);
  const avg = mean(perLabel);
  const max = perLabel.length ? Math.max(...perLabel) : 0;
  const incidents = runs.reduce((n, r) => n + r.incidents, 0);
  const unmatched = runs.reduce((n, r) => n + r.unmatched, 0);
  return [
    {
      name: `incidents per injected incident (mean), live path, ${label} (${where})`,
      median: avg,
      unit: 'incidents/label',
      runs: found,
      target: { text: 'mean <= 1.1, max <= 2', met: avg <= 1.1 && max <= 2 },
      notes:
        `max ${max} (${runs.map((r) => r.worst).join('; ')}); ${incidents} incidents, ${unmatched} matching no label; ` +
        `recall ${found}/${labels} on the live path vs ${plainFound}/${labels} by the plain backtest` +
        (found < plainFound ? ' (LOWER)' : ''),
    },
    {
      name: `likely cause on the card at open names the label, ${label} (${where})`,
      median: found ? runs.reduce((n, r) => n + r.causeRight, 0) / found : NaN,
      unit: 'fraction of labels found',
      runs: found,
      target: { text: '>= 0.9', met: found > 0 && runs.reduce((n, r) => n + r.causeRight, 0) / found >= 0.9 },
      notes: runs.flatMap((r) => r.causeMisses).join('; ') || 'no miss',
    },
    {
      name: `live-path recall vs plain backtest, ${label} (${where})`,
      median: labels ? found / labels : NaN,
      unit: 'fraction of labels',
      runs: labels,
      baseline: { name: 'plain backtest recall', median: labels ? plainFound / labels : NaN },
      ratio: plainFound ? found / plainFound : undefined,
      target: { text: 'not below the plain backtest', met: found >= plainFound },
    },
  ];
}

/** Runs the benchmark; see bench/run.ts. */
export default async function run(): Promise<BenchResult[]> {
  const seeds = listFromEnv('BENCH_INCIDENT_SEEDS', `${TUNED_SEED},11,23`);
  const [replayDays] = listFromEnv('BENCH_INCIDENT_DAYS', '28');
  // The baseline needs baseline_weeks (4) before the first judged bucket, and a margin.
  const days = replayDays! + 35;
  const runs: Array<SeedRun & { where: string }> = [];
  for (const seed of seeds) {
    const r = await runSeed(seed, days, replayDays!);
    runs.push(r);
    console.error(
      `  seed ${seed}${seed === TUNED_SEED ? ' (tuning)' : ''}: ${r.incidents} incidents, per label found ${r.perLabel.join(',') || '-'}; ` +
        `recall ${r.perLabel.length}/${r.labels} (plain ${r.plainFound}/${r.labels}); ${r.ticks} ticks in ${r.seconds.toFixed(1)} s ` +
        `(plain backtest ${r.plainSeconds.toFixed(1)} s); ${r.errors} metric errors`,
    );
  }
  const where = runs[0]!.where;
  const results: BenchResult[] = [];
  for (const r of runs)
    results.push(...resultsFor(`seed ${r.seed}${r.seed === TUNED_SEED ? ' (tuning)' : ''}`, [r], where));
  const validation = runs.filter((r) => r.seed !== TUNED_SEED);
  if (validation.length > 1)
    results.push(...resultsFor(`validation seeds ${validation.map((r) => r.seed).join(', ')}`, validation, where));
  results.push({
    name: `backtest --incidents run time, ${demoCatalog().length} metrics x ${replayDays} days (${where})`,
    median: median(runs.map((r) => r.seconds)),
    unit: 's',
    runs: runs.length,
    baseline: { name: 'plain backtest', median: median(runs.map((r) => r.plainSeconds)) },
    ratio: median(runs.map((r) => r.seconds)) / median(runs.map((r) => r.plainSeconds)),
    notes: runs.map((r) => `seed ${r.seed}: ${r.seconds.toFixed(1)} s for ${r.ticks} ticks`).join('; '),
  });
  return results;
}
