// The bot database's other digest sections over a period: the slices behind its anomalies, its
// playbook findings, and which metrics the watcher has marked stale or broken.
import type pg from 'pg';
import type { DigestFacts } from './digest-facts-schema.ts';
import { stringsOf } from './fetch-incident-facts.ts';

/** How many slices the digest lists. */
export const TOP_SLICES = 8;

/** The anomalous slices of the period, each at its largest impact, largest first. */
export async function fetchTopSlices(pool: pg.Pool, start: Date, end: Date): Promise<DigestFacts['topSlices']> {
  const { rows } = await pool.query(
    `SELECT metric_id, slice, observed, expected, impact FROM (
       SELECT DISTINCT ON (metric_id, slice_key) metric_id, slice, observed, expected, impact, abs(observed - expected) AS gap
         FROM anomalies
        WHERE bucket >= $1 AND bucket < $2 AND observed IS NOT NULL AND expected IS NOT NULL
        ORDER BY metric_id, slice_key, impact DESC NULLS LAST, abs(observed - expected) DESC, bucket DESC
     ) a ORDER BY impact DESC NULLS LAST, gap DESC, metric_id LIMIT ${TOP_SLICES}`,
    [start, end],
  );
  return rows.map((r) => ({
    metricId: r.metric_id as string, slice: (r.slice as Record<string, string>) ?? {},
    observed: Number(r.observed), expected: Number(r.expected), impact: r.impact === null ? null : Number(r.impact),
  }));
}

/** Findings of the playbook runs started in the period that finished (succeeded or failed), oldest first. */
export async function fetchPlaybookFindings(pool: pg.Pool, start: Date, end: Date): Promise<DigestFacts['playbookFindings']> {
  const { rows } = await pool.query(
    `SELECT id, playbook_id, incident_id, findings FROM playbook_runs
      WHERE started_at >= $1 AND started_at < $2 AND status IN ('succeeded', 'failed') ORDER BY started_at, id`,
    [start, end],
  );
  return rows.map((r) => ({
    runId: Number(r.id), playbookId: r.playbook_id as string,
    incidentId: r.incident_id === null ? null : Number(r.incident_id), findings: stringsOf(r.findings),
  }));
}

/** Metric ids the watcher last found stale or broken (metric_health), sorted. */
export async function fetchMetricHealth(pool: pg.Pool): Promise<{ stale: string[]; broken: string[] }> {
  const { rows } = await pool.query("SELECT metric_id, status FROM metric_health WHERE status <> 'ok' ORDER BY metric_id");
  return {
    stale: rows.filter((r) => r.status === 'stale').map((r) => r.metric_id as string),
    broken: rows.filter((r) => r.status === 'broken').map((r) => r.metric_id as string),
  };
}
