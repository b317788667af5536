// Incidents as summaries see them: durations, owner, impact and cause, and the digest's counts over a
// period. Pure.
import { median } from '../detect/robust-stats.ts';
import type { Incident, LikelyCause } from '../incidents/incident-types.ts';
import { DEFAULT_UPDATE_CADENCE, nextUpdateDue, type UpdateCadence } from '../incidents/next-update.ts';
import type { DigestFacts, IncidentFact } from './digest-facts-schema.ts';

/** What the bot database adds to an incident row: its latest playbook findings and its anomalies' impact. */
export interface IncidentExtras {
  /** Findings of the latest playbook run on the incident that found something. */
  findings: readonly string[];
  /** The largest impact estimate among the incident's anomalies. */
  impactValue: number | null;
  /** The latest `/incident update`. */
  latestUpdate: { at: Date; text: string } | null;
}

const minutes = (from: Date, to: Date | null) => (to ? round1((to.getTime() - from.getTime()) / 60_000) : null);

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}

/** Whether the incident was open at `at`: opened before it and not resolved by then. */
export function openAt(i: Incident, at: Date): boolean {
  return i.openedAt < at && (i.resolvedAt === null || i.resolvedAt >= at);
}

/**
 * The cause: a resolution note is confirmed (a responder wrote it); else the card's likely cause (a playbook's
 * conclusion or the drill-down at open), else a playbook's first finding, as a hypothesis.
 */
export function causeOf(
  resolutionNote: string | null,
  findings: readonly string[],
  likelyCause?: LikelyCause | null,
): IncidentFact['cause'] {
  if (resolutionNote && resolutionNote.trim() !== '') return { text: resolutionNote.trim(), confirmed: true };
  const likely = likelyCause ? causeText(likelyCause.text) : '';
  if (likely !== '') return { text: likely, confirmed: false };
  const first = findings.find((f) => f.trim() !== '');
  return first ? { text: first.trim(), confirmed: false } : null;
}

/** One incident's fact; its age runs from opening to resolution, or to `now` while open. */
export function incidentFact(
  i: Incident,
  extras: IncidentExtras,
  now: Date,
  cadence: UpdateCadence = DEFAULT_UPDATE_CADENCE,
): IncidentFact {
  const until = i.resolvedAt && i.resolvedAt < now ? i.resolvedAt : now;
  return {
    id: i.id,
    title: i.title,
    severity: i.severity,
    status: i.status,
    metricId: i.metricId,
    slice: i.slice,
    openedAt: i.openedAt.toISOString(),
    acknowledgedAt: i.acknowledgedAt?.toISOString() ?? null,
    resolvedAt: i.resolvedAt?.toISOString() ?? null,
    minutesToAcknowledge: minutes(i.openedAt, i.acknowledgedAt),
    minutesToResolve: minutes(i.openedAt, i.resolvedAt),
    ageHours: round1(Math.max(0, until.getTime() - i.openedAt.getTime()) / 3_600_000),
    impact: i.evidence?.impact ?? null,
    impactValue: extras.impactValue,
    cause: causeOf(i.resolutionNote, extras.findings, i.evidence?.likelyCause),
    likelyCause: likelyCauseFact(i.evidence?.likelyCause),
    owner: i.ownerUserId ?? i.acknowledgedBy ?? null,
    channelId: i.channelId,
    nextUpdateAt: nextUpdateDue(i, cadence)?.toISOString() ?? null,
    latestUpdate: extras.latestUpdate
      ? { at: extras.latestUpdate.at.toISOString(), text: extras.latestUpdate.text }
      : null,
  };
}

function likelyCauseFact(c: LikelyCause | undefined): IncidentFact['likelyCause'] {
  const text = c ? causeText(c.text) : '';
  if (!c || text === '') return null;
  return { text, source: c.source, playbook: c.playbook ?? null, elements: c.elements };
}

// The drill-down's line at open starts "Likely cause:"; summaries give their own label.
function causeText(text: string): string {
  return text.trim().replace(/^likely cause:\s*/i, '');
}

const within = (t: Date | null, start: Date, end: Date) => t !== null && t >= start && t < end;

/** The digest's incident section over [start, end) from every incident that touches the period. */
export function incidentSection(
  incidents: readonly Incident[],
  extras: ReadonlyMap<number, IncidentExtras>,
  start: Date,
  end: Date,
  now: Date,
  cadence: UpdateCadence = DEFAULT_UPDATE_CADENCE,
): DigestFacts['incidents'] {
  const acked = incidents.filter((i) => within(i.acknowledgedAt, start, end));
  const resolved = incidents.filter((i) => within(i.resolvedAt, start, end));
  const open = incidents.filter((i) => openAt(i, end));
  const openBySeverity: Record<string, number> = { 1: 0, 2: 0, 3: 0, 4: 0 };
  for (const i of open) openBySeverity[String(i.severity)]! += 1;
  const listed = incidents
    .filter((i) => within(i.openedAt, start, end) || openAt(i, end))
    .sort((a, b) => a.severity - b.severity || a.openedAt.getTime() - b.openedAt.getTime() || a.id - b.id);
  const none: IncidentExtras = { findings: [], impactValue: null, latestUpdate: null };
  const medianOf = (xs: number[]) => (xs.length > 0 ? round1(median(xs)) : null);
  return {
    opened: incidents.filter((i) => within(i.openedAt, start, end)).length,
    acknowledged: acked.length,
    resolved: resolved.length,
    medianMinutesToAcknowledge: medianOf(
      acked.map((i) => (i.acknowledgedAt!.getTime() - i.openedAt.getTime()) / 60_000),
    ),
    medianMinutesToResolve: medianOf(resolved.map((i) => (i.resolvedAt!.getTime() - i.openedAt.getTime()) / 60_000)),
    openBySeverity,
    list: listed.map((i) => incidentFact(i, extras.get(i.id) ?? none, now, cadence)),
  };
}
