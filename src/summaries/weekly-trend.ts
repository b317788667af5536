// The weekly report's incident trend: incidents opened by severity and the median times to acknowledge
// and to resolve in the week, against the four weeks before it (opened per week as the mean of the
// four; times as the median over the four weeks pooled, so one quiet week does not swing it). Pure.
import { median } from '../detect/robust-stats.ts';
import type { Incident } from '../incidents/incident-types.ts';
import type { DigestFacts } from './digest-facts-schema.ts';

/** Weeks the weekly report compares its week with. */
export const TREND_WEEKS = 4;

const within = (t: Date | null, start: number, end: number) => t !== null && t.getTime() >= start && t.getTime() < end;
const round1 = (n: number) => Math.round(n * 10) / 10;

function times(incidents: readonly Incident[], start: number, end: number) {
  const ack = incidents
    .filter((i) => within(i.acknowledgedAt, start, end))
    .map((i) => (i.acknowledgedAt!.getTime() - i.openedAt.getTime()) / 60_000);
  const res = incidents
    .filter((i) => within(i.resolvedAt, start, end))
    .map((i) => (i.resolvedAt!.getTime() - i.openedAt.getTime()) / 60_000);
  return {
    medianMinutesToAcknowledge: ack.length ? round1(median(ack)) : null,
    medianMinutesToResolve: res.length ? round1(median(res)) : null,
  };
}

function openedBySeverity(incidents: readonly Incident[], start: number, end: number, weeks = 1) {
  const out: Record<string, number> = { 1: 0, 2: 0, 3: 0, 4: 0 };
  for (const i of incidents) if (within(i.openedAt, start, end)) out[String(i.severity)]! += 1;
  for (const k of Object.keys(out)) out[k] = round1(out[k]! / weeks);
  return out;
}

/** The trend of the week [start, end) against [before, start) (four local weeks), from the incidents touching them. */
export function weeklyTrend(
  incidents: readonly Incident[],
  before: Date,
  start: Date,
  end: Date,
): NonNullable<DigestFacts['trend']> {
  const s = start.getTime();
  const e = end.getTime();
  return {
    thisWeek: { opened: openedBySeverity(incidents, s, e), ...times(incidents, s, e) },
    weeksBefore: {
      openedPerWeek: openedBySeverity(incidents, before.getTime(), s, TREND_WEEKS),
      ...times(incidents, before.getTime(), s),
    },
  };
}
