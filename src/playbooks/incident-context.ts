// The incident a playbook runs for: its metric, slice and the window its anomaly covers. Pure.
import type { CatalogMetric } from '../metrics/metric-catalog-schema.ts';
import type { Incident } from '../incidents/incident-types.ts';
import { GRAIN_MS } from '../metrics/grain.ts';
import type { IncidentContext } from './playbook-service-types.ts';

const DAY_MS = 86_400_000;

/** The incident's context: the card's judged bucket through the end of its grain, or the day before it opened. */
export function incidentContextOf(incident: Incident, catalog: readonly CatalogMetric[]): IncidentContext {
  const metric = catalog.find((m) => m.id === incident.metricId);
  const bucket = incident.evidence ? Date.parse(incident.evidence.bucket) : Number.NaN;
  const grainMs = metric ? GRAIN_MS[metric.grain] : DAY_MS;
  const windowStart = Number.isFinite(bucket) ? new Date(bucket) : new Date(incident.openedAt.getTime() - DAY_MS);
  const windowEnd = Number.isFinite(bucket) ? new Date(bucket + grainMs) : incident.openedAt;
  return {
    incidentId: incident.id,
    metricId: incident.metricId,
    slice: incident.slice,
    windowStart,
    windowEnd,
    ...(Number.isFinite(bucket) ? { card: { windowStart, windowEnd, grain: metric?.grain ?? 'day' } } : {}),
  };
}
