// What summaries say about incidents, read through the stores: the incidents touching a period,
// their latest playbook findings, their anomalies' impact and their latest update.
import type pg from 'pg';
import { latestUpdates, listPeriodIncidents } from '../incidents/incident-store.ts';
import { latestFindings } from '../playbooks/playbook-run-store.ts';
import { largestImpacts } from '../watch/anomaly-store.ts';
import type { Incident } from '../incidents/incident-types.ts';
import type { IncidentExtras } from './map-incident-facts.ts';

/** Incidents opened before `end` that were opened, acknowledged or resolved in [start, end) or still open at its start. */
export function fetchPeriodIncidents(pool: pg.Pool, start: Date, end: Date): Promise<Incident[]> {
  return listPeriodIncidents(pool, start, end);
}

/** Findings of each incident's latest playbook run that found something, its anomalies' largest impact, and its latest update. */
export async function fetchIncidentExtras(pool: pg.Pool, ids: readonly number[]): Promise<Map<number, IncidentExtras>> {
  const out = new Map<number, IncidentExtras>(
    ids.map((id) => [id, { findings: [], impactValue: null, latestUpdate: null }]),
  );
  if (ids.length === 0) return out;
  for (const r of await latestFindings(pool, ids)) out.get(r.incidentId)!.findings = stringsOf(r.findings);
  for (const r of await largestImpacts(pool, ids)) out.get(r.incidentId)!.impactValue = r.impact;
  for (const u of await latestUpdates(pool, ids))
    if (u.text) out.get(u.incidentId)!.latestUpdate = { at: u.at, text: String(u.text) };
  return out;
}

/** A findings jsonb value as a list of strings (anything else in it is dropped). */
export function stringsOf(findings: unknown): string[] {
  return Array.isArray(findings) ? findings.filter((f): f is string => typeof f === 'string' && f.trim() !== '') : [];
}
