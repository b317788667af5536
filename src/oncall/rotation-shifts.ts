// Where the rota's shifts begin and end, and who each one belongs to.
import type { Rotation } from '../config/oncall-schema.ts';
import { addCalendarDays, dayNumber, localParts, localToInstant } from '../time/zone-time.ts';

/** One rota shift: [from, until), numbered from 0 at `rotation.start`. */
export interface RotaShift {
  index: number;
  from: Date;
  until: Date;
  primary: string;
  secondary?: string;
}

/** The handover time of day: `handover`, else the time written in `start`, else 09:00. */
export function handoverTime(rota: Rotation): { hour: number; minute: number } {
  const hhmm = rota.handover ?? (rota.start.length > 10 ? rota.start.slice(11, 16) : '09:00');
  return { hour: Number(hhmm.slice(0, 2)), minute: Number(hhmm.slice(3, 5)) };
}

function startDate(rota: Rotation): { year: number; month: number; day: number } {
  return {
    year: Number(rota.start.slice(0, 4)),
    month: Number(rota.start.slice(5, 7)),
    day: Number(rota.start.slice(8, 10)),
  };
}

/** When shift `index` begins: the handover time, local, `index * length_days` calendar days after start. */
export function shiftStart(rota: Rotation, index: number, timezone: string): Date {
  const s = startDate(rota);
  const date = addCalendarDays(s.year, s.month, s.day, index * rota.length_days);
  return localToInstant({ ...date, ...handoverTime(rota) }, timezone);
}

/** Shift `index` with its people; undefined for an empty rota or an index before the first shift. */
export function rotaShift(rota: Rotation | undefined, index: number, timezone: string): RotaShift | undefined {
  if (!rota || rota.primary.length === 0 || index < 0) return undefined;
  const primary = rota.primary[index % rota.primary.length]!;
  // Default secondary: the next person in primary; nobody when that is the primary again.
  const secondary = rota.secondary?.length
    ? rota.secondary[index % rota.secondary.length]
    : rota.primary[(index + 1) % rota.primary.length];
  return {
    index,
    from: shiftStart(rota, index, timezone),
    until: shiftStart(rota, index + 1, timezone),
    primary,
    ...(secondary !== undefined && secondary !== primary ? { secondary } : {}),
  };
}

/** The index of the shift containing `at` (negative before the rota starts); undefined for an empty rota. */
export function shiftIndexAt(rota: Rotation | undefined, at: Date, timezone: string): number | undefined {
  if (!rota || rota.primary.length === 0) return undefined;
  const s = startDate(rota);
  const l = localParts(at, timezone);
  let index = Math.floor((dayNumber(l.year, l.month, l.day) - dayNumber(s.year, s.month, s.day)) / rota.length_days);
  // The calendar estimate is off by one around the handover hour; settle it against real instants.
  while (shiftStart(rota, index, timezone) > at) index--;
  while (shiftStart(rota, index + 1, timezone) <= at) index++;
  return index;
}

/** The rota shift containing `at`; undefined for an empty rota or before it starts. */
export function rotaShiftAt(rota: Rotation | undefined, at: Date, timezone: string): RotaShift | undefined {
  const index = shiftIndexAt(rota, at, timezone);
  return index === undefined ? undefined : rotaShift(rota, index, timezone);
}

/** The end of the rota shift containing `now` (the next handover), or the rota start before it begins. */
export function currentShiftEnd(rota: Rotation | undefined, now: Date, timezone: string): Date | undefined {
  const index = shiftIndexAt(rota, now, timezone);
  if (index === undefined || !rota) return undefined;
  return shiftStart(rota, Math.max(index + 1, 0), timezone);
}
