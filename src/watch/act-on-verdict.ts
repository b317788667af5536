// Acts on a metric's verdict: puts each group of related slices in its incident (joined, reopened, also moving
// in a related metric's, or opened; a notice below the incident threshold), and notes recovery in open incidents.
import type pg from 'pg';
import type { Logger } from 'pino';
import type { CatalogMetric } from '../metrics/metric-catalog-schema.ts';
import type { IncidentService } from '../incidents/incident-service.ts';
import {
  claimRecoveryNote,
  markAnomalous,
  recoveryCandidates,
  setHealthyBuckets,
  watchCandidates,
} from '../incidents/incident-watch-store.ts';
import type { Incident, IncidentEvidence, LikelyCause, Severity } from '../incidents/incident-types.ts';
import { GRAIN_MS } from '../metrics/grain.ts';
import { formatDuration } from '../blocks/format-values.ts';
import { matchIncident } from './match-incident.ts';
import { addAlsoMoving, joinEvidence } from './merge-evidence.ts';
import type { AnomalyGroup } from './group-anomalies.ts';
import type { FiringSlice, MetricVerdict } from './judge-metric.ts';
import { describeSlice, sliceKey } from '../metrics/slice-key.ts';
import { anomalyNotice, recoveredNote } from './watch-messages.ts';
import { linkAnomalies } from './anomaly-store.ts';
import { severitySetByPerson } from '../incidents/incident-store.ts';

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
  /** The likely cause of a new incident (the drill-down), called once at open; a failure is logged and the incident opened without it. */
  likelyCause?: (
    metric: CatalogMetric,
    slice: Record<string, string>,
    bucketStart: number,
  ) => Promise<LikelyCause | null>;
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
    ...(j.lowHistory ? { lowHistory: true } : {}),
  };
}

/**
 * Puts the group in its incident: joins an open incident of the metric, reopens one resolved within
 * incidents.reopen_within, adds it as "also moving" to an open incident of a related metric, or opens a new one
 * (see match-incident.ts for the rule). Below the metric's incident threshold, a group that belongs to no open
 * incident is a notice in the alerts channel. True when an incident was opened or updated.
 */
export async function actOnGroup(
  deps: ActDeps,
  metric: CatalogMetric,
  group: AnomalyGroup<GroupedSlice>,
  verdict: MetricVerdict,
): Promise<boolean> {
  const severity = Math.min(...group.members.map((m) => m.severity));
  const fresh = group.members.some((m) => m.fresh);
  const now = deps.incidents.now().getTime();
  const related = metric.related ?? [];
  const candidates = await watchCandidates(
    deps.pool,
    [metric.id, ...related],
    new Date(now - deps.incidents.reopenWithinMs),
  );
  const match = matchIncident(
    { metricId: metric.id, slices: [group.slice, ...group.members.map((m) => m.slice)], start: group.start, severity },
    candidates.map((c) => ({
      ...c,
      resolvedAt: c.resolvedAt?.getTime() ?? null,
      anomalySince: c.anomalySince?.getTime() ?? null,
      lastAnomaly: c.lastAnomaly?.getTime() ?? null,
    })),
    { now, bucketMs: GRAIN_MS[metric.grain], reopenWithinMs: deps.incidents.reopenWithinMs, related },
  );
  const below = severity > metric.incident_at_severity;
  // Below the threshold a group may update an open incident, never open or reopen one.
  if (below && (match.kind === 'open' || match.kind === 'reopen' || (match.kind === 'also_moving' && match.reopen))) {
    if (fresh) await deps.notify(anomalyNotice(metric, group.slice, group.members[0]!, group.members.length));
    return false;
  }
  const evidence = evidenceOf(metric, group, verdict.bucketStart);
  const where = describeSlice(group.slice);
  let incident: Incident;
  if (match.kind === 'also_moving') {
    if (match.reopen)
      await reopen(deps, match.incidentId, `${metric.title} is moving in ${where}`, ` (${metric.id} is related)`);
    const current = await deps.incidents.get(match.incidentId);
    const moving = { metricId: metric.id, metricTitle: metric.title, slice: group.slice, unit: metric.unit };
    const reading = { observed: evidence.observed, expected: evidence.expected };
    const note = fresh
      ? `:link: ${metric.title} is also moving in ${where} (${metric.id} is related to this incident's metric); it is added here rather than opened on its own.`
      : undefined;
    const merged = addAlsoMoving(current.evidence ?? evidence, { ...moving, ...reading });
    const cause = await sharperCause(deps, metric, group, verdict.bucketStart, current);
    await deps.incidents.updateEvidence(current.id, cause ? { ...merged, likelyCause: cause } : merged, note);
    return true;
  }
  if (match.kind === 'open') {
    incident = await openIncident(deps, metric, group, evidence, severity as Severity, verdict.bucketStart);
  } else {
    if (match.kind === 'reopen') await reopen(deps, match.incidentId, `${metric.title} is anomalous again in ${where}`);
    const current = await deps.incidents.get(match.incidentId);
    // A reopen is said in the channel by the reopen itself, with its reason.
    const note =
      match.kind === 'reopen'
        ? undefined
        : fresh
          ? `:chart_with_upwards_trend: ${metric.title} is anomalous ${sliceKey(current.slice) === sliceKey(group.slice) ? 'again' : 'also'} in ${where}; the card lists the affected slices.`
          : undefined;
    incident = await deps.incidents.updateEvidence(current.id, joinEvidence(current.evidence, evidence), note);
    incident = await raiseSeverity(deps, incident, severity as Severity, `${metric.title} in ${where}`);
  }
  await markAnomalous(deps.pool, incident.id, new Date(verdict.bucketStart), new Date(group.start));
  await linkAnomalies(
    deps.pool,
    incident.id,
    metric.id,
    new Date(verdict.bucketStart),
    group.members.map((m) => m.key),
  );
  return true;
}

// A group that meets a more severe rule than its incident raises it (and pages as a raise does), unless a person set
// the severity: their judgement stands.
async function raiseSeverity(deps: ActDeps, incident: Incident, severity: Severity, what: string): Promise<Incident> {
  if (severity >= incident.severity) return incident;
  if (await severitySetByPerson(deps.pool, incident.id)) return incident;
  const raised = await deps.incidents.act(incident.id, { kind: 'set_severity', severity }, 'vigil');
  if (!raised.ok) return incident;
  deps.logger.info({ incident: incident.id, from: incident.severity, to: severity, what }, 'severity raised');
  return raised.incident;
}

// Reopens a recently resolved incident as vigil, with why; one a responder reopened meanwhile is left as it is.
async function reopen(deps: ActDeps, id: number, what: string, why = ''): Promise<void> {
  const reason = `${what} within ${formatDuration(deps.incidents.reopenWithinMs / 1000)} of the resolve${why}`;
  const reopened = await deps.incidents.act(id, { kind: 'reopen', reason }, 'vigil');
  if (!reopened.ok) deps.logger.info({ incident: id, code: reopened.error.code }, 'not reopened');
}

// The related metric's own likely cause, when the incident's says no more than its slice (a symptom such as
// complaints, which break down no further than the city) and this one names something finer inside that slice
// (the POS, the category). A drill-down that found nothing standing out is an answer, and is kept.
async function sharperCause(
  deps: ActDeps,
  metric: CatalogMetric,
  group: AnomalyGroup<GroupedSlice>,
  bucketStart: number,
  incident: Incident,
): Promise<LikelyCause | null> {
  const names = (cause: LikelyCause | undefined) =>
    cause !== undefined && Object.entries(cause.elements).some(([k, v]) => incident.slice[k] !== v);
  const held = incident.evidence?.likelyCause;
  const confined = held !== undefined && Object.keys(held.elements).length > 0 && !names(held);
  if (!deps.likelyCause || (held !== undefined && !confined) || held?.source === 'playbook') return null;
  const found = await deps.likelyCause(metric, group.slice, bucketStart).catch((err) => {
    deps.logger.warn({ err, metric: metric.id }, 'no likely cause from the related metric');
    return null;
  });
  const inside = (cause: LikelyCause) => Object.entries(incident.slice).every(([k, v]) => cause.elements[k] === v);
  if (!found || !names(found) || !inside(found)) return null;
  return { ...found, text: `${metric.title} moved with it: ${found.text.replace(/^Likely cause:\s*/i, '')}` };
}

// Opens a new incident for the group, with the likely cause (when a drill-down is wired) and the chart.
async function openIncident(
  deps: ActDeps,
  metric: CatalogMetric,
  group: AnomalyGroup<GroupedSlice>,
  evidence: IncidentEvidence,
  severity: Severity,
  bucketStart: number,
): Promise<Incident> {
  const key = sliceKey(group.slice);
  const likelyCause = deps.likelyCause
    ? await deps.likelyCause(metric, group.slice, bucketStart).catch((err) => {
        deps.logger.warn({ err, metric: metric.id }, 'no likely cause; the incident is opened without it');
        return null;
      })
    : null;
  const input = {
    dedupKey: `watch:${metric.id}:${key}:${new Date(group.start).toISOString()}`,
    title: `${metric.title}, ${describeSlice(group.slice)}`.slice(0, 150),
    severity,
    metricId: metric.id,
    slice: group.slice,
    evidence: likelyCause ? { ...evidence, likelyCause } : evidence,
    openedBy: 'vigil',
  };
  const incident = (await deps.incidents.open(input)).incident;
  if (deps.attachChart) {
    await deps
      .attachChart(incident, metric, group.slice)
      .catch((err) =>
        deps.logger.warn({ err, incident: incident.id }, 'chart not attached; the incident is open without it'),
      );
  }
  return incident;
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
    // Firing anywhere inside the incident's slice (a member city of a "whole market" incident), or in a slice that
    // joined it (a sibling city, a partner), is not recovery.
    const stillFiring = verdict.firing.some(
      (f) => Object.entries(r.slice).every(([k, v]) => f.slice[k] === v) || r.affectedKeys.includes(sliceKey(f.slice)),
    );
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
