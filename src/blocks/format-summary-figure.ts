// How English summaries print figures, one way everywhere, so the number check reads them back: rates as %,
// changes of a rate in points ("+0.8 pt"), counts with separators, money in $, durations in min or h,
// instants in the summary's time zone. Pure.
import { figureFormat } from '../i18n/format-figures.ts';
import { localDateTime } from '../time/zone-time.ts';

/** A metric's unit as the facts name it. */
export type { SummaryUnit } from '../i18n/format-figures.ts';
import type { SummaryUnit } from '../i18n/format-figures.ts';

// English follows the one precision rule of every language (see src/i18n/format-figures.ts).
const en = figureFormat('en');

/** A duration in minutes: "48 min" below two hours, "2.5 h" from there. */
export function formatMinutes(minutes: number): string {
  return en.minutes(minutes);
}

/** An age in hours: "19 h", or "3.2 days" past two days. */
export function formatHours(hours: number): string {
  return en.hours(hours);
}

/** A value in its unit. */
export function formatValue(n: number, unit: SummaryUnit): string {
  return en.value(n, unit);
}

/** A difference in its unit, signed: a rate's change in points ("+0.8 pt"). */
export function formatChange(n: number, unit: SummaryUnit): string {
  return en.change(n, unit);
}

/** A relative change (value / expected - 1) as a signed percentage. */
export function formatRelative(n: number): string {
  return en.relative(n);
}

/** "06-02 14:00" in `timeZone`. */
export function formatDateTime(iso: string, timeZone: string): string {
  return en.dateTime(iso, timeZone);
}

/** "2025-06-02" in `timeZone`. */
export function formatDate(iso: string, timeZone: string): string {
  return en.date(iso, timeZone);
}

/** "14:00" in `timeZone`. */
export function formatTime(iso: string, timeZone: string): string {
  return localDateTime(iso, timeZone).slice(11);
}

/** A Slack user id as a mention; anything else (a name, "vigil") as it is. */
export function mention(user: string | null): string {
  if (!user) return 'no owner yet';
  return /^[UW][A-Z0-9]{2,}$/.test(user) ? `<@${user}>` : user;
}
