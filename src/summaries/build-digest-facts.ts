// Builds the daily digest's (or weekly report's) facts: every figure the summary may use, from the
// warehouse (each catalog metric's own SQL) and the bot database, checked against the zod contract.
import type pg from 'pg';
import type { z } from 'zod';
import type { CatalogMetric } from '../metrics/metric-catalog-schema.ts';
import type { UpdateCadence } from '../incidents/next-update.ts';
import type { Logger } from 'pino';
import { fetchDigestSections, type DigestSectionSettings } from './fetch-digest-sections.ts';
import { VigilError } from '../errors.ts';
import { actionFact, listActions } from './actions-store.ts';
import { digestFactsSchema, type DigestFacts, type MetricFact } from './digest-facts-schema.ts';
import { digestPeriod, localDayStart } from './digest-facts-period.ts';
import { gridIndex, gridStart } from '../metrics/bucket-grid.ts';
import { fetchIncidentExtras, fetchPeriodIncidents } from './fetch-incident-facts.ts';
import { fetchMetricHealth, fetchPlaybookFindings, fetchTopSlices } from './fetch-period-facts.ts';
import { incidentSection, openAt } from './map-incident-facts.ts';
import { cachedMetricDays } from './cached-metric-days.ts';
import { needsAttention } from './needs-attention.ts';
import { weeklyTrend } from './weekly-trend.ts';
import type { MetricDays } from './metric-day-values.ts';
import { firstFactDay, metricPeriodFact } from './metric-period-fact.ts';
import { metricQueryConcurrency } from './metric-query-concurrency.ts';

/** What building summary facts reads: the bot database, the warehouse, the catalog, the zone and the clock. */
export interface FactsDeps {
  /** The bot database: incidents, anomalies, metric_health, playbook_runs, actions. */
  pool: pg.Pool;
  warehouse: pg.Pool;
  catalog: readonly CatalogMetric[];
  timezone: string;
  now: Date;
  /** Minutes between incident updates by severity (vigil.yml incidents.update_every_minutes; default DEFAULT_UPDATE_CADENCE). */
  updateCadence?: UpdateCadence;
  /** The configured integrity counts and vendor scorecard (vigil.yml digest.integrity, digest.vendors). */
  sections?: DigestSectionSettings;
  logger?: Logger;
  /** Metric queries in flight at once (default: 1 on embedded PGlite, up to 4 on PostgreSQL). */
  concurrency?: number;
}

/** Which digest: daily or weekly, and the local date of the period's first day (default: the last full one). */
export interface DigestFactsOptions {
  kind: 'daily' | 'weekly';
  date?: string;
}

/** The digest's facts for a period, parsed by digestFactsSchema. */
export async function buildDigestFacts(deps: FactsDeps, opts: DigestFactsOptions): Promise<DigestFacts> {
  const period = digestPeriod(opts.kind, deps.timezone, deps.now, opts.date);
  const { start, end } = period;
  // Each period day and each day of the chart's series has its four same weekdays (or weeks) behind it.
  const from = new Date(localDayStart(firstFactDay(period.days), deps.timezone));
  // Bot database queries one after another: they are small, and on the embedded database
  // concurrent queries from several connections would share (and clash on) one session.
  const metricDays = await fetchAllMetricDays(deps, from, end);
  const incidents = await fetchPeriodIncidents(deps.pool, start, end);
  const health = await fetchMetricHealth(deps.pool);
  const topSlices = await fetchTopSlices(deps.pool, start, end);
  const playbookFindings = await fetchPlaybookFindings(deps.pool, start, end);
  const actions = await listActions(deps.pool, { period: { start, end } });
  const extras = await fetchIncidentExtras(
    deps.pool,
    incidents.map((i) => i.id),
  );
  const sections = await fetchDigestSections(deps.warehouse, deps.sections, start, end, deps.timezone, deps.logger);
  const openAtEnd = incidents.filter((i) => openAt(i, end));
  const metrics: MetricFact[] = deps.catalog.map((m, k) => {
    const open = openAtEnd.filter((i) => i.metricId === m.id).map((i) => i.severity);
    const days = metricDays[k]!;
    return metricPeriodFact(m, days ?? new Map(), period.days, open, days === null);
  });
  const failed = deps.catalog.filter((_, k) => metricDays[k] === null).map((m) => m.id);
  let newest: Date | null = null;
  for (const [k, days] of metricDays.entries()) {
    const grain = deps.catalog[k]!.grain;
    for (const cell of days?.values() ?? []) {
      // Data is complete to the end of the newest bucket, not to its start.
      const end = new Date(gridStart(gridIndex(cell.newest.getTime(), grain) + 1, grain, deps.timezone));
      if (!newest || end > newest) newest = end;
    }
  }
  const incidentFacts = incidentSection(incidents, extras, start, end, deps.now, deps.updateCadence);
  const actionFacts = actions.map(actionFact);
  const attention = needsAttention({
    metrics,
    incidents: incidentFacts,
    actions: actionFacts,
    generatedAt: deps.now.toISOString(),
  });
  const facts: DigestFacts = {
    ...attention,
    kind: opts.kind,
    periodStart: start.toISOString(),
    periodEnd: end.toISOString(),
    label: period.label,
    timezone: deps.timezone,
    generatedAt: deps.now.toISOString(),
    freshness: {
      completeTo: newest?.toISOString() ?? null,
      stale: health.stale,
      broken: [...new Set([...health.broken, ...failed])].sort(),
    },
    overall: overallStatus(
      metrics,
      openAtEnd.map((i) => i.severity),
    ),
    metrics,
    incidents: incidentFacts,
    topSlices,
    playbookFindings,
    actions: actionFacts,
    ...sections,
    trend:
      opts.kind === 'weekly' ? weeklyTrend(await fetchPeriodIncidents(deps.pool, from, end), from, start, end) : null,
  };
  return checkFacts(digestFactsSchema, facts, `${opts.kind} digest`);
}

/** Red with any red metric or an open SEV1/SEV2 at the period's end; amber with any amber metric or other open incident; else green. */
export function overallStatus(
  metrics: readonly MetricFact[],
  openSeverities: readonly number[],
): DigestFacts['overall'] {
  if (metrics.some((m) => m.status === 'red') || openSeverities.some((s) => s <= 2)) return 'red';
  if (metrics.some((m) => m.status === 'amber') || openSeverities.length > 0) return 'amber';
  return 'green';
}

/** Parses facts with their schema; a failure is a bug of the builder, reported as vigil_summary_facts_invalid. */
export function checkFacts<T>(schema: z.ZodType<T>, facts: unknown, what: string): T {
  const parsed = schema.safeParse(facts);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues
    .slice(0, 5)
    .map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`)
    .join('; ');
  throw new VigilError(
    'vigil_summary_facts_invalid',
    `The ${what} facts do not match their schema (${problems}).`,
    'This is a bug in vigil: report it with the log line; the summary was not posted.',
  );
}

// Every metric's days, a few queries at a time; a metric whose query fails gets null (it shows grey
// and broken) unless the warehouse itself is unreachable, which fails the digest.
async function fetchAllMetricDays(deps: FactsDeps, from: Date, to: Date): Promise<Array<MetricDays | null>> {
  const out: Array<MetricDays | null> = new Array(deps.catalog.length).fill(null);
  let next = 0;
  const worker = async () => {
    while (next < deps.catalog.length) {
      const k = next++;
      try {
        out[k] = await cachedMetricDays(deps, deps.catalog[k]!, from, to);
      } catch (err) {
        if (!(err instanceof VigilError) || err.code === 'vigil_warehouse_unreachable') throw err;
        out[k] = null;
      }
    }
  };
  const n = Math.min(await metricQueryConcurrency(deps.warehouse, deps.concurrency), Math.max(1, deps.catalog.length));
  await Promise.all(Array.from({ length: n }, worker));
  return out;
}
