// When an incident's next status update is due, and how `next=` words become that time. Pure.
import { zoneOffsetMs } from '../time/zone-time.ts';
import { parseDuration } from '../oncall/parse-duration.ts';
import type { Incident, Severity } from './incident-types.ts';

/** Minutes between status updates by severity (vigil.yml incidents.update_every_minutes); a missing severity has no cadence. */
export type UpdateCadence = Partial<Record<Severity, number>>;

/** The default cadence: SEV1 every 30 minutes, SEV2 hourly, SEV3 every 4 hours, SEV4 none. */
export const DEFAULT_UPDATE_CADENCE: UpdateCadence = { 1: 30, 2: 60, 3: 240 };

/**
 * When the next update is due: the time promised with the latest update, else the severity's cadence
 * from the latest update (or the acknowledgement, or the opening). Null once resolved or without a cadence.
 */
export function nextUpdateDue(
  incident: Pick<Incident, 'status' | 'severity' | 'openedAt' | 'acknowledgedAt' | 'lastUpdateAt' | 'nextUpdateAt'>,
  cadence: UpdateCadence,
): Date | null {
  if (incident.status === 'resolved') return null;
  if (incident.nextUpdateAt) return incident.nextUpdateAt;
  const every = cadence[incident.severity];
  if (every === undefined) return null;
  const from = incident.lastUpdateAt ?? incident.acknowledgedAt ?? incident.openedAt;
  return new Date(from.getTime() + every * 60_000);
}

/** `next=` as an instant after `now`: a duration ("30m", "2h") or a local clock time ("14:00", the next one to come). */
export function parseNextUpdate(
  text: string,
  now: Date,
  timezone: string,
): { ok: true; at: Date } | { ok: false; message: string } {
  const clock = /^(\d{1,2}):(\d{2})$/.exec(text.trim());
  if (clock) {
    const [h, m] = [Number(clock[1]), Number(clock[2])];
    if (h > 23 || m > 59)
      return { ok: false, message: `next=${text} is not a time of day; use HH:MM from 00:00 to 23:59.` };
    return { ok: true, at: nextLocalClock(h, m, now, timezone) };
  }
  const ms = parseDuration(text);
  if (typeof ms !== 'number')
    return { ok: false, message: `next=${text} is neither a duration (30m, 2h) nor a time of day (14:00).` };
  return { ok: true, at: new Date(now.getTime() + ms) };
}

// The first instant after `now` whose local clock in `timezone` reads h:m (today, else tomorrow).
function nextLocalClock(h: number, m: number, now: Date, timezone: string): Date {
  for (const dayOffset of [0, 1, 2]) {
    const local = new Date(now.getTime() + zoneOffsetMs(now.getTime(), timezone));
    const wall = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() + dayOffset, h, m);
    // The offset at the wall time itself, so a DST change between now and then is honoured.
    const at = wall - zoneOffsetMs(wall - zoneOffsetMs(wall, timezone), timezone);
    if (at > now.getTime()) return new Date(at);
  }
  return new Date(now.getTime() + 86_400_000);
}
