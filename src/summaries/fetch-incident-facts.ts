// Reads what summaries say about incidents from the bot database: the incidents touching a period,
// their latest playbook findings and their anomalies' impact.
import type pg from 'pg';
import { latestUpdates, listPeriodIncidents } from '../incidents/incident-store.ts';
import type { Incident } from '../incidents/incident-types.ts';
import type { IncidentExtras } from './map-incident-facts.ts';

/** Incidents opened before `end` that were opened, acknowledged or resolved in [start, end) or still open at its start. */
export function fetchPeriodIncidents(pool: pg.Pool, start: Date, end: Date): Promise<Incident[]> {
  return listPeriodIncidents(pool, start, end);
}

/** Findings of each incident's latest playbook run that found something, its anomalies' largest impact, and its latest update. */
export async function fetchIncidentExtras(pool: pg.Pool, ids: readonly number[]): Promise<Map<number, IncidentExtras>> {
  const out = new Map<number, IncidentExtras>(ids.map((id) => [id, { findings: [], impactValue: null, latestUpdate: null }]));
  if (ids.length === 0) return out;
  const runs = await pool.query(
    `SELECT DISTINCT ON (incident_id) incident_id, findings FROM playbook_runs
      WHERE incident_id = ANY($1::bigint[]) AND jsonb_typeof(findings) = 'array' AND jsonb_array_length(findings) > 0
      ORDER BY incident_id, started_at DESC, id DESC`,
    [ids],
  );
  for (const r of runs.rows) out.get(Number(r.incident_id))!.findings = stringsOf(r.findings);
  const impacts = await pool.query(
    'SELECT incident_id, max(impact) AS impact FROM anomalies WHERE incident_id = ANY($1::bigint[]) AND impact IS NOT NULL GROUP BY 1',
    [ids],
  );
  for (const r of impacts.rows) out.get(Number(r.incident_id))!.impactValue = Number(r.impact);
  for (const u of await latestUpdates(pool, ids)) if (u.text) out.get(u.incidentId)!.latestUpdate = { at: u.at, text: String(u.text) };
  return out;
}

/** A findings jsonb value as a list of strings (anything else in it is dropped). */
export function stringsOf(findings: unknown): string[] {
  return Array.isArray(findings) ? findings.filter((f): f is string => typeof f === 'string' && f.trim() !== '') : [];
}
