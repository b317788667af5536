// `vigil backtest`: replays catalog metrics over past buckets (no look-ahead) and prints the alerts
// that would have fired, alerts per week, detection delay, and precision/recall against labels; with
// --incidents, also the incidents the live path (createEvaluator, tick by tick) opens over the period.
import { raisedAt } from '../watch/raised-at.ts';
import type pg from 'pg';
import pino from 'pino';
import type { CatalogMetric } from '../metrics/metric-catalog-schema.ts';
import { VigilError } from '../errors.ts';
import { selectMetrics } from '../metrics/load-catalog.ts';
import { readLabels, runBacktest } from '../watch/run-backtest.ts';
import { formatInZone } from '../blocks/format-values.ts';
import { describeSlice } from '../metrics/slice-key.ts';
import { openWatchContext } from './open-watch-context.ts';
import { optionInstant } from './option-instant.ts';
import { openDatabase } from '../db/open-database.ts';
import { durationMs } from '../detect/judge-spec.ts';
import { migrate } from '../db/migrate.ts';
import { backtestIncidents, type BacktestIncidentsResult } from '../watch/backtest-incidents.ts';
import { coverageJson, describeCoverage } from '../watch/judging-coverage.ts';
import { gridStart } from '../metrics/bucket-grid.ts';

/** Runs the backtest; returns the lines to print. */
export async function runBacktestCli(
  env: NodeJS.ProcessEnv,
  options: { metric?: string; from: string | Date; to: string | Date; json?: boolean; incidents?: boolean },
): Promise<string[]> {
  const ctx = await openWatchContext(env);
  try {
    // A date alone is local midnight in the team's zone, as `digest --date` reads it.
    const from = optionInstant('--from', options.from, ctx.config.timezone)!;
    const to = optionInstant('--to', options.to, ctx.config.timezone)!;
    if (to.getTime() <= from.getTime()) {
      throw new VigilError(
        'vigil_backtest_bad_range',
        '--to must be after --from.',
        'Give a period such as --from 2026-09-01 --to 2026-11-01.',
      );
    }
    const opts = { ...options, from, to };
    const metrics = selectMetrics(ctx.catalog, opts.metric ? [opts.metric] : undefined);
    const labels = await readLabels(ctx.warehouse);
    const report = await runBacktest(ctx.warehouse, metrics, ctx.config.timezone, opts.from, opts.to, labels);
    const reopenWithinMs = durationMs(ctx.config.workspace.incidents.reopen_within);
    const live = opts.incidents
      ? await runLivePath(ctx.warehouse, metrics, ctx.config.timezone, reopenWithinMs, opts)
      : undefined;
    if (opts.json) {
      const completeAfter = new Map(metrics.map((m) => [m.id, durationMs(m.complete_after)]));
      const alerts = report.alerts.map((a) => ({
        metric: a.metric,
        slice: a.slice,
        start: a.start,
        end: a.end,
        severity: a.severity,
        score: a.score,
        low_history: a.lowHistory === true,
        firedAt: a.firedAt,
        ...raisedAt(a, completeAfter.get(a.metric) ?? 0),
        contributors: a.contributors,
      }));
      const figures = Object.fromEntries(
        Object.entries(report.metrics).map(([id, s]) => [id, { ...s, ...coverageJson(report.coverage[id]!) }]),
      );
      const out = { alerts, metrics: figures, weeks: report.weeks, labelled: report.labelled };
      return [JSON.stringify(live ? { ...out, incidents: live.incidents } : out, null, 2)];
    }
    const pct = (x: number | null) => (x === null ? 'n/a' : `${Math.round(x * 100)}%`);
    // Text reads like the cards, in local time; --json keeps ISO instants.
    const local = (iso: string) => formatInZone(new Date(iso), ctx.config.timezone);
    return [
      ...report.alerts.map(
        (a) =>
          `${local(a.start)} .. ${local(a.end)}  ${a.metric} ${describeSlice(a.slice)}  SEV${a.severity} score ${a.score.toFixed(2)}${a.contributors.length > 1 ? ` (${a.contributors.length} slices)` : ''}${a.lowHistory ? '  low history' : ''}`,
      ),
      '',
      `metric                       alerts  per week  precision  recall  median delay`,
      ...Object.entries(report.metrics).map(
        ([id, s]) =>
          `${id.padEnd(28)} ${String(s.alerts).padStart(6)}  ${s.alertsPerWeek.toFixed(2).padStart(8)}  ${pct(s.precision).padStart(9)}  ${pct(s.recall).padStart(6)}  ${s.medianDelayMinutes === null ? 'n/a' : `${Math.round(s.medianDelayMinutes)} min`}`,
      ),
      ...metrics.flatMap((m) => {
        const when = (g: number) => local(new Date(gridStart(g, m.grain, ctx.config.timezone)).toISOString());
        return describeCoverage(m.id, report.coverage[m.id]!, 'slice-buckets', when) ?? [];
      }),
      report.labelled
        ? `${report.weeks.toFixed(1)} weeks replayed; labels from warehouse.injected_incidents`
        : `${report.weeks.toFixed(1)} weeks replayed; no labelled incidents in the warehouse, so no precision or recall`,
      ...(live ? incidentLines(live) : []),
    ];
  } finally {
    await ctx.close();
  }
}

// The live path over the period, on a throwaway in-memory state database.
async function runLivePath(
  warehouse: pg.Pool,
  metrics: readonly CatalogMetric[],
  timezone: string,
  reopenWithinMs: number,
  opts: { from: Date; to: Date },
): Promise<BacktestIncidentsResult> {
  const state = await openDatabase({});
  try {
    await migrate(state.pool);
    const logger = pino({ level: 'silent' });
    return await backtestIncidents(
      { pool: state.pool, warehouse, logger, timezone, metrics, reopenWithinMs },
      opts.from,
      opts.to,
    );
  } finally {
    await state.close();
  }
}

function incidentLines(live: BacktestIncidentsResult): string[] {
  const slice = (s: Record<string, string>) => (Object.keys(s).length ? describeSlice(s) : 'all');
  return [
    '',
    `incidents on the live path (${live.ticks} ticks; resolved when vigil noted recovery):`,
    ...live.incidents.map(
      (i) =>
        `#${i.id} ${i.opened_at} .. ${i.resolved_at ?? 'open'}  ${i.metric} ${i.slices.map(slice).join('; ')}  SEV${i.severity}` +
        (i.related_metrics.length ? `  also moving: ${i.related_metrics.join(', ')}` : '') +
        (i.likely_cause
          ? `  ${/^likely cause/i.test(i.likely_cause.text) ? '' : 'likely cause: '}${i.likely_cause.text}`
          : ''),
    ),
    ...(live.incidents.length ? [] : ['(none)']),
    ...(live.errors.length
      ? [
          `${live.errors.length} metric errors during the ticks (first: ${live.errors[0]!.metric} ${live.errors[0]!.code})`,
        ]
      : []),
  ];
}
