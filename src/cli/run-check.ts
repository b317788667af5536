// `vigil check`: one evaluation of the catalog (or one metric) as of a moment, printing the anomalies.
import pino from 'pino';
import { incidentServiceWithoutSlack } from '../incidents/incident-service.ts';
import { durationMs } from '../detect/judge-spec.ts';
import type { CatalogMetric } from '../metrics/metric-catalog-schema.ts';
import { createEvaluator } from '../watch/create-evaluator.ts';
import type { EvaluationError } from '../watch/evaluation-types.ts';
import { GRAINS } from '../metrics/grain.ts';
import type { FiringSlice, MetricVerdict } from '../watch/judge-metric.ts';
import { selectMetrics } from '../metrics/load-catalog.ts';
import { describeSlice } from '../metrics/slice-key.ts';
import { openWatchContext } from './open-watch-context.ts';
import { optionInstant } from './option-instant.ts';
import { formatInZone, formatMetricValue } from '../blocks/format-values.ts';
import { coverageJson, describeCoverage, type JudgingCoverage } from '../watch/judging-coverage.ts';

/** One anomaly as printed. */
export interface CheckedAnomaly {
  metric: string;
  slice: Record<string, string>;
  bucket: string;
  since: string;
  observed: number;
  expected: number;
  band: [number, number];
  score: number;
  severity: number;
  impact: number;
  reason: string;
  /** Judged against a shorter season than the metric's own, with a wider band (the slice is new). */
  low_history: boolean;
}

/** Runs the evaluation; returns the lines to print. Without --dry-run anomalies and incidents are recorded. */
export async function runCheck(
  env: NodeJS.ProcessEnv,
  opts: { at?: string | Date; metric?: string; dryRun?: boolean; json?: boolean },
): Promise<string[]> {
  const ctx = await openWatchContext(env);
  try {
    const metrics = selectMetrics(ctx.catalog, opts.metric ? [opts.metric] : undefined);
    const at = optionInstant('--at', opts.at, ctx.config.timezone) ?? new Date();
    const anomalies: CheckedAnomaly[] = [];
    const recovering: CheckedAnomaly[] = [];
    const notices: string[] = [];
    const coverage = new Map<string, JudgingCoverage>();
    const logger = pino({ level: 'silent' });
    // Slack is off here: incidents are opened through the service all the same, recorded and not announced.
    const incidents = incidentServiceWithoutSlack({
      pool: ctx.pool,
      logger,
      timezone: ctx.config.timezone,
      reopenWithinMs: durationMs(ctx.config.workspace.incidents.reopen_within),
    });
    const evaluate = createEvaluator({
      pool: ctx.pool,
      warehouse: ctx.warehouse,
      logger,
      timezone: ctx.config.timezone,
      catalog: metrics,
      incidents,
      notify: async (text) => {
        notices.push(text);
      },
      onVerdict: (metric, verdict) => {
        coverage.set(metric.id, verdict.coverage);
        const slices = checkedSlices(metric, verdict);
        anomalies.push(...slices.anomalous);
        recovering.push(...slices.recovering);
      },
    });
    const errors: EvaluationError[] = [];
    let judged = 0;
    for (const grain of GRAINS) {
      if (!metrics.some((m) => m.grain === grain)) continue;
      const r = await evaluate({
        at,
        grain,
        dryRun: opts.dryRun,
        metricIds: metrics.filter((m) => m.grain === grain).map((m) => m.id),
      });
      errors.push(...r.errors);
      judged += r.metricsJudged;
    }
    if (errors.length > 0) process.exitCode = 1;
    const perMetric = Object.fromEntries([...coverage].map(([id, c]) => [id, coverageJson(c)]));
    if (opts.json)
      return [
        JSON.stringify(
          {
            at: at.toISOString(),
            dryRun: Boolean(opts.dryRun),
            metricsJudged: judged,
            metrics: perMetric,
            anomalies,
            recovering,
            errors,
          },
          null,
          2,
        ),
      ];
    const unjudged = [...coverage.values()].reduce((sum, c) => sum + c.noData + c.noHistory, 0);
    // Text reads like the cards: local times, values in their unit; --json keeps ISO instants and fractions.
    const tz = ctx.config.timezone;
    const units = new Map(metrics.map((m) => [m.id, m.unit] as const));
    const local = (iso: string) => formatInZone(new Date(iso), tz);
    const value = (a: CheckedAnomaly, n: number) => formatMetricValue(n, units.get(a.metric) ?? 'count');
    return [
      ...anomalies.map(
        (a) =>
          `${a.metric} ${describeSlice(a.slice)} @ ${local(a.bucket)}: ${value(a, a.observed)} vs ${value(a, a.expected)} expected (band ${value(a, a.band[0])}..${value(a, a.band[1])}), score ${a.score.toFixed(2)}, SEV${a.severity}${a.low_history ? ', low history' : ''} — ${a.reason}`,
      ),
      ...recovering.map(
        (a) =>
          `recovering: ${a.metric} ${describeSlice(a.slice)} @ ${local(a.bucket)}: ${value(a, a.observed)} vs ${value(a, a.expected)} expected, anomalous since ${local(a.since)}`,
      ),
      ...errors.map((e) => `error: ${e.metric}: ${e.message} (${e.code})`),
      ...[...coverage].flatMap(([id, c]) => describeCoverage(id, c, 'slices') ?? []),
      // "0 anomalous slices" alone would read as all well when nothing could be judged.
      `${judged} metrics judged as of ${formatInZone(at, tz)}, ${anomalies.length} anomalous slices${recovering.length ? `, ${recovering.length} recovering` : ''}${unjudged ? `, ${unjudged} slices not judged` : ''}${opts.dryRun ? ' (dry run: nothing recorded)' : ''}`,
    ];
  } finally {
    await ctx.close();
  }
}

/**
 * The firing slices of a verdict, split: anomalous at the judged bucket, or in an alert still waiting for
 * its healthy buckets (recovering), which are not counted as anomalous.
 */
export function checkedSlices(
  metric: CatalogMetric,
  verdict: MetricVerdict,
): { anomalous: CheckedAnomaly[]; recovering: CheckedAnomaly[] } {
  const all = verdict.firing.map((f) => ({
    anomalous: f.judgement.anomalous,
    slice: describeFiring(metric, verdict, f),
  }));
  return {
    anomalous: all.filter((a) => a.anomalous).map((a) => a.slice),
    recovering: all.filter((a) => !a.anomalous).map((a) => a.slice),
  };
}

function describeFiring(metric: CatalogMetric, verdict: MetricVerdict, f: FiringSlice): CheckedAnomaly {
  return {
    metric: metric.id,
    slice: f.slice,
    bucket: new Date(verdict.bucketStart).toISOString(),
    since: new Date(f.since).toISOString(),
    observed: f.judgement.observed,
    expected: f.judgement.expected,
    band: [f.judgement.low, f.judgement.high],
    score: f.judgement.score,
    severity: f.severity,
    impact: f.impact,
    reason: f.judgement.reason,
    low_history: f.judgement.lowHistory === true,
  };
}
