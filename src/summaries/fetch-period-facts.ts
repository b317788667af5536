// The bot database's other digest sections over a period, read through the stores: the slices behind its
// anomalies, its playbook findings, and which metrics the watcher has marked stale or broken.
import type pg from 'pg';
import type { DigestFacts } from './digest-facts-schema.ts';
import { stringsOf } from './fetch-incident-facts.ts';
import { finishedRuns } from '../playbooks/playbook-run-store.ts';
import { topSlices } from '../watch/anomaly-store.ts';
import { unhealthyMetrics } from '../watch/metric-health.ts';

/** How many slices the digest lists. */
export const TOP_SLICES = 8;

/** The anomalous slices of the period, each at its largest impact, largest first. */
export function fetchTopSlices(pool: pg.Pool, start: Date, end: Date): Promise<DigestFacts['topSlices']> {
  return topSlices(pool, start, end, TOP_SLICES);
}

/** Findings of the playbook runs started in the period that finished (succeeded or failed), oldest first. */
export async function fetchPlaybookFindings(
  pool: pg.Pool,
  start: Date,
  end: Date,
): Promise<DigestFacts['playbookFindings']> {
  const runs = await finishedRuns(pool, { start, end });
  return runs.map((r) => ({
    runId: r.runId,
    playbookId: r.playbookId,
    incidentId: r.incidentId,
    findings: stringsOf(r.findings),
  }));
}

/** Metric ids the watcher last found stale or broken (metric_health), sorted. */
export async function fetchMetricHealth(pool: pg.Pool): Promise<{ stale: string[]; broken: string[] }> {
  const issues = await unhealthyMetrics(pool);
  return {
    stale: issues.filter((i) => i.status === 'stale').map((i) => i.metricId),
    broken: issues.filter((i) => i.status === 'broken').map((i) => i.metricId),
  };
}
