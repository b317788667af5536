// `vigil backtest --incidents`: the live path (createEvaluator: judge, group, open, update, reopen, likely
// cause) run tick by tick over a period against a state database, with Slack off and the clock at each tick.
// Responders are simulated in one way only: an incident whose recovery note vigil claimed is resolved then.
import type pg from 'pg';
import type { Logger } from 'pino';
import type { CatalogMetric } from '../metrics/metric-catalog-schema.ts';
import { incidentServiceWithoutSlack, type IncidentService } from '../incidents/incident-service.ts';
import { listIncidents } from '../incidents/incident-store.ts';
import type { Incident } from '../incidents/incident-types.ts';
import { lastAnomalyBucket, recoveryCandidates } from '../incidents/incident-watch-store.ts';
import { bucketEnd, bucketStart, GRAINS, type Grain } from '../metrics/grain.ts';
import { sliceKey } from '../metrics/slice-key.ts';
import { createEvaluator, type EvaluatorDeps, type FetchRows } from './create-evaluator.ts';
import type { EvaluationError } from './evaluation-types.ts';
import { judgedBucket, rangesFor } from './judge-metric.ts';
import { prefetchedRows } from './prefetched-rows.ts';

/** An incident the backtest opened, as `vigil backtest --incidents --json` prints it. */
export interface BacktestIncident {
  id: number;
  metric: string | null;
  /** The incident's slice, then the affected slices of its evidence, without repeats. */
  slices: Array<Record<string, string>>;
  opened_at: string;
  resolved_at: string | null;
  severity: number;
  related_metrics: string[];
  likely_cause: { elements: Record<string, string>; text: string } | null;
}

/** One scheduler tick: the grain's run of the bucket ending at `at`. */
export interface BacktestTick {
  at: Date;
  grain: Grain;
}

/** What a backtest with incidents reads from and writes to. */
export interface BacktestIncidentsDeps {
  /** The state database (migrated, and thrown away afterwards by the caller). */
  pool: pg.Pool;
  warehouse: pg.Pool;
  logger: Logger;
  timezone: string;
  metrics: readonly CatalogMetric[];
  /** Default: rows fetched once per metric for the whole period (prefetchedRows). */
  fetchRows?: FetchRows;
  /** incidents.reopen_within of the configuration (default: the incident service's 24 h). */
  reopenWithinMs?: number;
  /** The incident service on the backtest's clock, as the composition builds it (default: incidentServiceWithoutSlack). */
  incidentService?: (clock: () => Date) => IncidentService;
  /** More of what the composition gives the scheduler's evaluator (a likely-cause drill-down, a chart attacher). */
  evaluator?: Partial<EvaluatorDeps>;
}

/** What the run did: the incidents, and the metric errors of the ticks. */
export interface BacktestIncidentsResult {
  incidents: BacktestIncident[];
  ticks: number;
  errors: Array<EvaluationError & { at: string }>;
}

/** The scheduler's ticks of each grain with an end in (from, to], at each bucket's end, in time order (grains in GRAINS order). */
export function backtestTicks(grains: readonly Grain[], timezone: string, from: Date, to: Date): BacktestTick[] {
  const ticks: BacktestTick[] = [];
  for (const grain of GRAINS.filter((g) => grains.includes(g))) {
    for (let b = bucketStart(from.getTime(), grain, timezone); ;) {
      const end = bucketEnd(b, grain, timezone);
      if (end > to.getTime()) break;
      ticks.push({ at: new Date(end), grain });
      b = end;
    }
  }
  return ticks.sort((x, y) => x.at.getTime() - y.at.getTime() || GRAINS.indexOf(x.grain) - GRAINS.indexOf(y.grain));
}

/** Runs the live evaluation over [from, to] tick by tick and returns the incidents it opened. */
export async function backtestIncidents(
  deps: BacktestIncidentsDeps,
  from: Date,
  to: Date,
): Promise<BacktestIncidentsResult> {
  const { pool, logger, timezone } = deps;
  const ticks = backtestTicks([...new Set(deps.metrics.map((m) => m.grain))], timezone, from, to);
  let now = from;
  const clock = () => now;
  const incidents =
    deps.incidentService?.(clock) ??
    incidentServiceWithoutSlack({ pool, logger, timezone, clock, reopenWithinMs: deps.reopenWithinMs });
  const evaluate = createEvaluator({
    ...deps.evaluator,
    pool,
    warehouse: deps.warehouse,
    logger,
    timezone,
    catalog: [...deps.metrics],
    incidents,
    notify: async () => {},
    fetchRows: deps.fetchRows ?? prefetchedRows((metric) => neededRanges(metric, ticks, timezone)),
  });
  const errors: BacktestIncidentsResult['errors'] = [];
  // The store stamps opened_at with the database's clock, so the simulated time is the tick that first shows the incident.
  const openedAt = new Map<number, Date>();
  for (const tick of ticks) {
    now = tick.at;
    const result = await evaluate({ at: tick.at, grain: tick.grain });
    errors.push(...result.errors.map((e) => ({ ...e, at: tick.at.toISOString() })));
    const open = await openIncidents(pool);
    for (const i of open) if (!openedAt.has(i.id)) openedAt.set(i.id, tick.at);
    for (const id of await recoveryNoted(pool, open)) {
      await incidents.act(id, { kind: 'resolve', note: 'recovered (backtest)' }, 'backtest');
    }
  }
  const all = (await listIncidents(pool, 'all', 'backtest', 1_000_000)).map((i) => ({
    ...i,
    openedAt: openedAt.get(i.id) ?? i.openedAt,
  }));
  all.sort((a, b) => a.openedAt.getTime() - b.openedAt.getTime() || a.id - b.id);
  return { incidents: all.map(describeIncident), ticks: ticks.length, errors };
}

/** Every grid range the ticks of the metric's grain read (what prefetchedRows fetches once). */
export function neededRanges(
  metric: CatalogMetric,
  ticks: readonly BacktestTick[],
  timezone: string,
): Array<[number, number]> {
  const judged = new Set(
    ticks.filter((t) => t.grain === metric.grain).map((t) => judgedBucket(metric, t.at, timezone)),
  );
  return [...judged].flatMap((g) => rangesFor(metric, g, true));
}

/**
 * The unresolved incidents vigil opened whose recovery note has been claimed: a responder reading that note resolves.
 * recoveryCandidates lists the ones without a note yet, so an anomalous incident missing from it has its note.
 */
export async function recoveryNoted(pool: pg.Pool, unresolved?: readonly Incident[]): Promise<number[]> {
  const open = (unresolved ?? (await openIncidents(pool))).filter((i) => i.openedBy === 'vigil' && i.metricId !== null);
  const waiting = new Set<number>();
  for (const metric of new Set(open.map((i) => i.metricId!))) {
    for (const c of await recoveryCandidates(pool, metric)) waiting.add(c.id);
  }
  const noted: number[] = [];
  for (const i of open) {
    if (!waiting.has(i.id) && (await lastAnomalyBucket(pool, i.id)) !== null) noted.push(i.id);
  }
  return noted.sort((a, b) => a - b);
}

/** Every unresolved incident. */
function openIncidents(pool: pg.Pool): Promise<Incident[]> {
  return listIncidents(pool, 'open', 'backtest', 1_000_000);
}

/** An incident in the backtest's output shape; evidence fields another version may lack are read defensively. */
export function describeIncident(incident: Incident): BacktestIncident {
  const evidence = incident.evidence;
  const seen = new Set<string>();
  const slices: Array<Record<string, string>> = [];
  for (const slice of [incident.slice, ...(evidence?.contributors ?? []).map((c) => c.slice)]) {
    const key = sliceKey(slice);
    if (seen.has(key)) continue;
    seen.add(key);
    slices.push(slice);
  }
  const cause = evidence?.likelyCause;
  return {
    id: incident.id,
    metric: incident.metricId,
    slices,
    opened_at: incident.openedAt.toISOString(),
    resolved_at: incident.resolvedAt?.toISOString() ?? null,
    severity: incident.severity,
    related_metrics: relatedMetrics((evidence as { alsoMoving?: unknown } | null)?.alsoMoving),
    likely_cause: cause ? { elements: cause.elements, text: cause.text } : null,
  };
}

// `alsoMoving`: a list of metric ids, or of entries naming one (metricId, metric or id); anything else is ignored.
function relatedMetrics(alsoMoving: unknown): string[] {
  if (!Array.isArray(alsoMoving)) return [];
  const ids = alsoMoving.map((entry: unknown) => {
    if (typeof entry === 'string') return entry;
    if (entry && typeof entry === 'object') {
      const e = entry as Record<string, unknown>;
      const id = e.metricId ?? e.metric ?? e.id;
      return typeof id === 'string' ? id : undefined;
    }
    return undefined;
  });
  return [...new Set(ids.filter((id): id is string => id !== undefined))];
}
