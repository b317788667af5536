// Reads the end of an on-call override from `/oncall set @user [until]` as a local time or a duration.
import type { Rotation } from '../config/oncall-schema.ts';
import { addCalendarDays, isCalendarDate, localDateTime, localParts, localToInstant } from '../time/zone-time.ts';
import { MAX_DURATION_MS, parseDuration } from './parse-duration.ts';
import type { Refusal } from './refusal.ts';
import { currentShiftEnd, handoverTime } from './rotation-shifts.ts';

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[t ](\d{1,2}):(\d{2}))?$/;
const DAY_TIME = /^(today|tomorrow)(?: (\d{1,2}):(\d{2}))?$/;
const TIME = /^(\d{1,2}):(\d{2})$/;

/**
 * When an override set at `now` ends. Accepts "" (the next rota handover), a duration ("2h", "3d",
 * "1w"), a local date ("until 2026-12-01", at the rota's handover time, 09:00 without a rota), a
 * local date and time ("2026-12-01 18:00"), "today"/"tomorrow" with an optional time, or a bare
 * "18:00" (its next occurrence). Local means `timezone`. The end must be after `now` and within a year.
 */
export function parseUntil(text: string, now: Date, timezone: string, rota?: Rotation): Date | Refusal {
  const input = text
    .trim()
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .replace(/^(until|for) /, '');
  const at = readEnd(input, now, timezone, rota);
  if (at === 'bad') return badUntil(text, timezone);
  if (at === 'no-shift') {
    return refusal(
      'Nobody is on a rota shift, so there is no shift end to default to.',
      'Say how long, e.g. `/oncall set @someone 8h` or `/oncall set @someone until 2026-12-01`; or add oncall.rotation to vigil.yml.',
    );
  }
  if (!(at.getTime() > now.getTime())) {
    return refusal(
      `${localDateTime(at, timezone)} (${timezone}) is not in the future; it is ${localDateTime(now, timezone)} now.`,
      'Give a later time, e.g. `/oncall set @someone tomorrow 09:00`, or a duration such as 8h.',
    );
  }
  if (at.getTime() - now.getTime() > MAX_DURATION_MS) {
    return refusal(
      `${localDateTime(at, timezone)} is more than a year away.`,
      'Overrides are for cover; for a lasting change edit oncall.rotation in vigil.yml.',
    );
  }
  return at;
}

function readEnd(input: string, now: Date, timezone: string, rota: Rotation | undefined): Date | 'bad' | 'no-shift' {
  if (input === '') return currentShiftEnd(rota, now, timezone) ?? 'no-shift';
  const handover = rota ? handoverTime(rota) : { hour: 9, minute: 0 };
  const dt = DATE_TIME.exec(input);
  if (dt) {
    const [year, month, day] = [Number(dt[1]), Number(dt[2]), Number(dt[3])];
    const time = dt[4] === undefined ? handover : clock(dt[4], dt[5]!);
    if (!isCalendarDate(year, month, day) || !time) return 'bad';
    return localToInstant({ year, month, day, ...time }, timezone);
  }
  const today = localParts(now, timezone);
  const dayTime = DAY_TIME.exec(input);
  if (dayTime) {
    const time = dayTime[2] === undefined ? handover : clock(dayTime[2], dayTime[3]!);
    if (!time) return 'bad';
    const date = addCalendarDays(today.year, today.month, today.day, dayTime[1] === 'tomorrow' ? 1 : 0);
    return localToInstant({ ...date, ...time }, timezone);
  }
  const bare = TIME.exec(input);
  if (bare) {
    const time = clock(bare[1]!, bare[2]!);
    if (!time) return 'bad';
    const todayAt = localToInstant({ ...today, ...time }, timezone);
    if (todayAt > now) return todayAt;
    return localToInstant({ ...addCalendarDays(today.year, today.month, today.day, 1), ...time }, timezone);
  }
  const ms = parseDuration(input);
  return typeof ms === 'number' ? new Date(now.getTime() + ms) : 'bad';
}

function clock(h: string, m: string): { hour: number; minute: number } | undefined {
  const hour = Number(h);
  const minute = Number(m);
  return hour <= 23 && minute <= 59 ? { hour, minute } : undefined;
}

function badUntil(text: string, timezone: string): Refusal {
  return refusal(
    `Cannot read "${text.trim()}" as the end of the override.`,
    `Give a duration or a local time (${timezone}), e.g. \`/oncall set @someone 8h\`, \`until 2026-12-01\`, \`2026-12-01 18:00\` or \`tomorrow 09:00\`; with nothing, it lasts until the next handover.`,
  );
}

function refusal(message: string, hint: string): Refusal {
  return { ok: false, code: 'vigil_oncall_bad_until', message, hint };
}
