// Acts on a metric's verdict: records anomalies, opens or updates one incident per group of related
// slices (or posts a notice below the incident threshold), and notes recovery in open incidents.
import type pg from 'pg';
import type { Logger } from 'pino';
import type { CatalogMetric } from '../metrics/metric-catalog-schema.ts';
import type { IncidentService } from '../incidents/incident-service.ts';
import {
  claimRecoveryNote,
  findOpenIncidentForSlice,
  markAnomalous,
  recoveryCandidates,
  setHealthyBuckets,
} from '../incidents/incident-watch-store.ts';
import type { Incident, IncidentEvidence, Severity } from '../incidents/incident-types.ts';
import type { AnomalyGroup } from './group-anomalies.ts';
import type { FiringSlice, MetricVerdict } from './judge-metric.ts';
import { describeSlice, sliceKey } from '../metrics/slice-key.ts';
import { anomalyNotice, recoveredNote } from './watch-messages.ts';
import { linkAnomalies } from './anomaly-store.ts';

/** A firing slice placed in time, for grouping. */
export type GroupedSlice = FiringSlice & { start: number; end: number; score: number };

/** What acting needs. */
export interface ActDeps {
  pool: pg.Pool;
  logger: Logger;
  /** Opens and updates incidents (with silentNotifier when Slack is off): the one way an incident is opened. */
  incidents: IncidentService;
  notify: (text: string) => Promise<void>;
  /** Draws and attaches the chart to a newly opened incident (errors are logged by the caller's catch). */
  attachChart?: (incident: Incident, metric: CatalogMetric, slice: Record<string, string>) => Promise<void>;
}

/** The card's evidence for a group: the group's own reading when it is a watched slice, else its strongest member's. */
export function evidenceOf(
  metric: CatalogMetric,
  group: AnomalyGroup<GroupedSlice>,
  bucketStart: number,
): IncidentEvidence {
  const own = group.members.find((m) => m.key === sliceKey(group.slice)) ?? group.members[0]!;
  const j = own.judgement;
  const impact = group.members.reduce((sum, m) => Math.max(sum, m.impact), 0);
  return {
    metricId: metric.id,
    metricTitle: metric.title,
    bucket: new Date(bucketStart).toISOString(),
    observed: j.observed,
    expected: j.expected,
    bandLow: j.low,
    bandHigh: j.high,
    unit: metric.unit,
    slice: group.slice,
    // A lone slice is its own evidence; a group lists every member, strongest first.
    contributors:
      group.members.length > 1
        ? group.members.map((m) => ({ slice: m.slice, observed: m.judgement.observed, expected: m.judgement.expected }))
        : [],
    ...(metric.impact && impact > 0
      ? { impact: `about ${Math.round(impact).toLocaleString('en-US')} ${metric.impact.label}` }
      : {}),
    reason: j.reason,
  };
}

/** Opens or updates the group's incident, or posts a notice when it is below the metric's incident threshold. */
export async function actOnGroup(
  deps: ActDeps,
  metric: CatalogMetric,
  group: AnomalyGroup<GroupedSlice>,
  verdict: MetricVerdict,
): Promise<boolean> {
  const severity = Math.min(...group.members.map((m) => m.severity));
  const fresh = group.members.some((m) => m.fresh);
  if (severity > metric.incident_at_severity) {
    if (fresh) await deps.notify(anomalyNotice(metric, group.slice, group.members[0]!, group.members.length));
    return false;
  }
  const key = sliceKey(group.slice);
  const evidence = evidenceOf(metric, group, verdict.bucketStart);
  const id = await findOpenIncidentForSlice(deps.pool, metric.id, key);
  let incident: Incident;
  if (id !== undefined) {
    const note = fresh
      ? `:chart_with_upwards_trend: ${metric.title} is anomalous again in ${describeSlice(group.slice)}; the card shows the newest reading.`
      : undefined;
    incident = await deps.incidents.updateEvidence(id, evidence, note);
  } else {
    const input = {
      dedupKey: `watch:${metric.id}:${key}:${new Date(group.start).toISOString()}`,
      title: `${metric.title}, ${describeSlice(group.slice)}`.slice(0, 150),
      severity: severity as Severity,
      metricId: metric.id,
      slice: group.slice,
      evidence,
      openedBy: 'vigil',
    };
    incident = (await deps.incidents.open(input)).incident;
    if (deps.attachChart) {
      await deps
        .attachChart(incident, metric, group.slice)
        .catch((err) =>
          deps.logger.warn({ err, incident: incident.id }, 'chart not attached; the incident is open without it'),
        );
    }
  }
  await markAnomalous(deps.pool, incident.id, new Date(verdict.bucketStart));
  await linkAnomalies(
    deps.pool,
    incident.id,
    metric.id,
    new Date(verdict.bucketStart),
    group.members.map((m) => m.key),
  );
  return true;
}

/** Posts a "recovered" note in open incidents of the metric whose slice has been healthy for recovery_buckets. */
export async function noteRecoveries(
  deps: ActDeps,
  metric: CatalogMetric,
  verdict: MetricVerdict,
  bucketMs: number,
): Promise<void> {
  const need = metric.detector.recovery_buckets;
  for (const r of await recoveryCandidates(deps.pool, metric.id)) {
    // Firing anywhere inside the incident's slice (a member city of a "whole market" incident) is not recovery.
    const stillFiring = verdict.firing.some((f) => Object.entries(r.slice).every(([k, v]) => f.slice[k] === v));
    if (stillFiring) continue;
    const healthy =
      verdict.healthyRun.get(r.sliceKey) ??
      Math.floor((verdict.bucketStart - r.lastAnomalyBucket.getTime()) / bucketMs);
    await setHealthyBuckets(deps.pool, r.id, healthy);
    if (healthy < need) continue;
    if (await claimRecoveryNote(deps.pool, r.id))
      await deps.incidents.say(await deps.incidents.get(r.id), recoveredNote(metric, healthy));
  }
}
