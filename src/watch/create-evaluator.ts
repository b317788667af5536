// The metric evaluation the scheduler and `vigil check` run: for each catalog metric of a grain,
// fetch what judging its newest complete bucket needs, judge every slice, and act on the verdict.
import type pg from 'pg';
import type { Logger } from 'pino';
import type { CatalogMetric } from '../metrics/metric-catalog-schema.ts';
import { VigilError } from '../errors.ts';
import { incidentServiceWithoutSlack, type IncidentService } from '../incidents/incident-service.ts';
import type { Incident, LikelyCause } from '../incidents/incident-types.ts';
import { DEFAULT_WAREHOUSE_LIMITS, type WarehouseLimits } from '../warehouse/query-warehouse.ts';
import { actOnGroup, noteRecoveries, type GroupedSlice } from './act-on-verdict.ts';
import { recordAnomalies } from './anomaly-store.ts';
import { gridStart } from '../metrics/bucket-grid.ts';
import { buildSeries, layoutOf } from '../metrics/build-series.ts';
import type { Evaluate, EvaluationError, EvaluationRequest } from './evaluation-types.ts';
import { fetchMetricRows } from './fetch-metric-rows.ts';
import { findLikelyCause } from './find-likely-cause.ts';
import { findNewestBucket } from './find-newest-bucket.ts';
import { GRAIN_MS } from '../metrics/grain.ts';
import { groupAnomalies } from './group-anomalies.ts';
import { judgedBucket, judgeMetric, rangesFor, type MetricVerdict } from './judge-metric.ts';
import { durationMs } from '../detect/judge-spec.ts';
import { recordMetricHealth } from './metric-health.ts';
import { mutedSlices } from './muted-slices.ts';
import { readIncidentExclusions } from './incident-exclusions.ts';
import { brokenNotice, staleNotice } from './watch-messages.ts';

/** What the evaluation reads from and acts through. */
export interface EvaluatorDeps {
  pool: pg.Pool;
  warehouse: pg.Pool;
  logger: Logger;
  timezone: string;
  catalog: readonly CatalogMetric[];
  /**
   * Opens and updates incidents; the composition passes the one it built (with silentNotifier when Slack is off).
   * Left out, a service without Slack over `pool`: incidents are recorded in the database only.
   */
  incidents?: IncidentService;
  /** Posts a line in the alerts channel (a no-op without Slack). */
  notify: (text: string) => Promise<void>;
  attachChart?: (incident: Incident, metric: CatalogMetric, slice: Record<string, string>) => Promise<void>;
  limits?: WarehouseLimits;
  /** Called with each metric's verdict (vigil check prints them). */
  onVerdict?: (metric: CatalogMetric, verdict: MetricVerdict) => void;
  /**
   * The likely cause of a new incident, found once at open (default: findLikelyCause, the drill-down of the metric's
   * SQL on the warehouse); a failure is logged and the incident opens without it.
   */
  likelyCause?: (
    metric: CatalogMetric,
    slice: Record<string, string>,
    bucketStart: number,
  ) => Promise<LikelyCause | null>;
  /** Reads a metric's rows for grid ranges (default fetchMetricRows; the backtest answers from rows fetched once). */
  fetchRows?: FetchRows;
}

/** How the evaluation reads a metric's rows: fetchMetricRows's signature. */
export type FetchRows = typeof fetchMetricRows;

/** Builds the Evaluate function. */
export function createEvaluator(given: EvaluatorDeps): Evaluate {
  const deps: EvaluatorDeps & { incidents: IncidentService } = {
    ...given,
    incidents:
      given.incidents ??
      incidentServiceWithoutSlack({ pool: given.pool, logger: given.logger, timezone: given.timezone }),
  };
  return async (request: EvaluationRequest) => {
    const metrics = deps.catalog.filter((m) =>
      request.metricIds?.length ? request.metricIds.includes(m.id) : m.grain === request.grain,
    );
    const errors: EvaluationError[] = [];
    let judged = 0;
    let anomalies = 0;
    let incidents = 0;
    let unreachable = 0;
    for (const metric of metrics) {
      const log = deps.logger.child({ metric: metric.id });
      try {
        const r = await evaluateMetric(deps, metric, request);
        judged += r.judged ? 1 : 0;
        anomalies += r.anomalies;
        incidents += r.incidents;
      } catch (err) {
        const e =
          err instanceof VigilError
            ? err
            : new VigilError('vigil_metric_failed', (err as Error).message, 'See the log for the stack.');
        errors.push({ metric: metric.id, code: e.code, message: e.message });
        if (e.code === 'vigil_warehouse_unreachable') {
          unreachable += 1;
          log.warn({ err: e.message }, 'warehouse unreachable');
          continue;
        }
        log.warn({ err, code: e.code }, 'metric is broken; the others keep running');
        if (
          !request.dryRun &&
          (await recordMetricHealth(deps.pool, metric.id, 'broken', `${e.code}: ${e.message}`, request.at))
        ) {
          await deps
            .notify(brokenNotice(metric, e.message, e.hint))
            .catch((notifyErr) => log.warn({ err: notifyErr }, 'could not tell the owner'));
        }
      }
    }
    if (metrics.length > 0 && unreachable === metrics.length) {
      throw new VigilError(
        'vigil_warehouse_unreachable',
        `The warehouse could not be reached for any of ${metrics.length} metrics.`,
        'Check WAREHOUSE_URL and the database; the run is recorded as failed and retried on the next tick.',
      );
    }
    return { metricsJudged: judged, anomalies, incidents, errors };
  };
}

async function evaluateMetric(
  deps: EvaluatorDeps & { incidents: IncidentService },
  metric: CatalogMetric,
  request: EvaluationRequest,
) {
  const { timezone } = deps;
  const g = judgedBucket(metric, request.at, timezone);
  const ranges = rangesFor(metric, g);
  const rows = await (deps.fetchRows ?? fetchMetricRows)(deps.warehouse, metric, metric.grain, timezone, ranges, {
    limits: deps.limits ?? DEFAULT_WAREHOUSE_LIMITS,
  });
  if (metric.stale_after) {
    const newest = rows.reduce((max, r) => Math.max(max, new Date(r.bucket as string).getTime()), -Infinity);
    const judgedEnd = gridStart(g + 1, metric.grain, timezone);
    if (!Number.isFinite(newest) || judgedEnd - (newest + GRAIN_MS[metric.grain]) > durationMs(metric.stale_after)) {
      if (
        !request.dryRun &&
        (await recordMetricHealth(deps.pool, metric.id, 'stale', 'newest data older than stale_after', request.at))
      ) {
        // Nothing in the span read: the newest bucket may be years old, so it is looked up (undefined if that fails).
        const found = Number.isFinite(newest)
          ? new Date(newest)
          : await findNewestBucket(deps.warehouse, metric, timezone, judgedEnd, deps.limits).catch(() => undefined);
        await deps.notify(staleNotice(metric, found, timezone));
      }
      return { judged: false, anomalies: 0, incidents: 0 };
    }
  }
  if (!request.dryRun) await recordMetricHealth(deps.pool, metric.id, 'ok', null, request.at);
  // Past incidents of the metric stay out of the baselines of the slices they hit.
  const excluded = await readIncidentExclusions(deps.pool, metric, g, timezone);
  const judge = (read: Array<[number, number]>, found: typeof rows) =>
    judgeMetric(
      metric,
      metric.grain,
      timezone,
      buildSeries(metric, metric.grain, layoutOf(read, metric.grain), found),
      g,
      excluded,
    );
  let verdict = judge(ranges, rows);
  if (verdict.needsFallback) {
    // A new slice: judged again with the shorter seasons' history too (read only now, so settled metrics read no more).
    const wider = rangesFor(metric, g, true);
    verdict = judge(
      wider,
      await (deps.fetchRows ?? fetchMetricRows)(deps.warehouse, metric, metric.grain, timezone, wider, {
        limits: deps.limits ?? DEFAULT_WAREHOUSE_LIMITS,
      }),
    );
  }
  const muted = await mutedSlices(deps.pool, metric, verdict, request.at);
  verdict.firing = verdict.firing.filter((f) => !muted.has(f.key));
  deps.onVerdict?.(metric, verdict);
  if (request.dryRun) return { judged: true, anomalies: verdict.firing.length, incidents: 0 };
  await recordAnomalies(deps.pool, metric, verdict);
  const groups = groupAnomalies<GroupedSlice>(
    verdict.firing.map((f) => ({ ...f, start: f.since, end: verdict.bucketStart, score: f.judgement.score })),
  );
  const act = {
    pool: deps.pool,
    logger: deps.logger,
    incidents: deps.incidents,
    notify: deps.notify,
    attachChart: deps.attachChart,
    likelyCause:
      deps.likelyCause ??
      ((m: CatalogMetric, slice: Record<string, string>, bucketStart: number) =>
        findLikelyCause(deps.warehouse, m, slice, bucketStart, deps.timezone, deps.limits ?? DEFAULT_WAREHOUSE_LIMITS)),
  };
  let incidents = 0;
  for (const group of groups) if (await actOnGroup(act, metric, group, verdict)) incidents += 1;
  await noteRecoveries(act, metric, verdict, GRAIN_MS[metric.grain]);
  return { judged: true, anomalies: verdict.firing.length, incidents };
}
