// Builds an incident summary's facts: the incident, its metric's observed and expected values, its
// timeline, what its playbook runs found, the resolution note and its actions.
import { VigilError } from '../errors.ts';
import { getIncident, incidentTimeline } from '../incidents/incident-store.ts';
import type { IncidentEvent } from '../incidents/incident-types.ts';
import { actionFact, listActions } from './actions-store.ts';
import { checkFacts, type FactsDeps } from './build-digest-facts.ts';
import { incidentSummaryFactsSchema, type IncidentSummaryFacts } from './digest-facts-schema.ts';
import { fetchIncidentExtras, stringsOf } from './fetch-incident-facts.ts';
import { incidentFact } from './map-incident-facts.ts';
import { finishedRuns } from '../playbooks/playbook-run-store.ts';

/** The incident summary's facts for incident `incidentId`, parsed by incidentSummaryFactsSchema. */
export async function buildIncidentFacts(
  deps: Pick<FactsDeps, 'pool' | 'catalog' | 'timezone' | 'now' | 'updateCadence'>,
  incidentId: number,
): Promise<IncidentSummaryFacts> {
  if (!Number.isSafeInteger(incidentId) || incidentId <= 0) {
    throw new VigilError(
      'vigil_incident_not_found',
      `There is no incident #${incidentId}.`,
      'List incidents with `/incident list all`.',
    );
  }
  const incident = await getIncident(deps.pool, incidentId);
  // One query at a time: on the embedded database connections share one session.
  const timeline = await incidentTimeline(deps.pool, incidentId);
  const extras = await fetchIncidentExtras(deps.pool, [incidentId]);
  const runs = await finishedRuns(deps.pool, { incidentId });
  const actions = await listActions(deps.pool, { incidentId });
  const ev = incident.evidence;
  const metricId = incident.metricId ?? ev?.metricId ?? null;
  const catalogMetric = metricId ? deps.catalog.find((m) => m.id === metricId) : undefined;
  const facts: IncidentSummaryFacts = {
    kind: 'incident',
    generatedAt: deps.now.toISOString(),
    timezone: deps.timezone,
    incident: incidentFact(incident, extras.get(incidentId)!, deps.now, deps.updateCadence),
    metric:
      metricId === null
        ? null
        : {
            id: metricId,
            title: catalogMetric?.title ?? ev?.metricTitle ?? metricId,
            unit: catalogMetric?.unit ?? ev?.unit ?? 'ratio',
            observed: finite(ev?.observed),
            expected: finite(ev?.expected),
          },
    timeline: timeline.map((e) => ({ at: e.at.toISOString(), actor: e.actor, kind: e.kind, detail: describeEvent(e) })),
    playbookFindings: runs.map((r) => ({ runId: r.runId, playbookId: r.playbookId, findings: stringsOf(r.findings) })),
    resolutionNote: incident.resolutionNote,
    actions: actions.map(actionFact),
  };
  return checkFacts(incidentSummaryFactsSchema, facts, `incident #${incidentId} summary`);
}

function finite(x: unknown): number | null {
  return typeof x === 'number' && Number.isFinite(x) ? x : null;
}

// Timeline details in a few words: the transition and the fields a reader cares about, not the raw JSON.
const DETAIL_KEYS = [
  'severity',
  'metric',
  'note',
  'text',
  'reason',
  'to_severity',
  'to_owner',
  'to_level',
  'page',
  'user',
  'step',
  'error',
  'channel',
];

/** A timeline event's detail as short text ("open -> acknowledged; note: rolled back"). */
export function describeEvent(e: IncidentEvent): string {
  const parts: string[] = [];
  if (e.fromStatus && e.toStatus && e.fromStatus !== e.toStatus) parts.push(`${e.fromStatus} -> ${e.toStatus}`);
  const detail = e.detail ?? {};
  for (const key of DETAIL_KEYS) {
    const v = detail[key];
    if (v === null || v === undefined || v === '') continue;
    parts.push(`${key.replace(/^to_/, '').replace(/_/g, ' ')}: ${typeof v === 'string' ? v : JSON.stringify(v)}`);
  }
  const text = parts.join('; ');
  return text.length > 200 ? `${text.slice(0, 199)}…` : text;
}
