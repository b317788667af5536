// The incident a playbook run from Slack is about: the engine's incident context, with the window
// stretched to the last anomalous bucket the detector recorded (the Incident row type does not carry it).
import type { CatalogMetric } from '../metrics/metric-catalog-schema.ts';
import type { Incident } from '../incidents/incident-types.ts';
import { incidentContextOf } from '../playbooks/incident-context.ts';
import type { IncidentContext } from '../playbooks/playbook-service-types.ts';
import { GRAIN_MS } from '../metrics/grain.ts';

/** The run context: from the judged bucket to the end of the last anomalous bucket (else the judged one's end). */
export function withLastAnomaly(
  ctx: IncidentContext,
  lastAnomalyBucket: Date | null,
  metric: CatalogMetric | undefined,
): IncidentContext {
  if (!lastAnomalyBucket || !metric) return ctx;
  const end = lastAnomalyBucket.getTime() + GRAIN_MS[metric.grain];
  return end > ctx.windowEnd.getTime() ? { ...ctx, windowEnd: new Date(end) } : ctx;
}

/** The context of the incident, read with its last anomalous bucket (IncidentService.lastAnomalyBucket). */
export async function playbookContextFor(
  incidents: { lastAnomalyBucket(id: number): Promise<Date | null> },
  incident: Incident,
  catalog: readonly CatalogMetric[],
): Promise<IncidentContext> {
  const last = await incidents.lastAnomalyBucket(incident.id);
  return withLastAnomaly(
    incidentContextOf(incident, catalog),
    last,
    catalog.find((m) => m.id === incident.metricId),
  );
}
