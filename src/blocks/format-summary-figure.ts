// How summaries print figures, one way everywhere, so the number check reads them back: rates as %,
// changes of a rate in points ("+0.8pt"), counts with separators, money in $, durations in min or h,
// instants in the summary's time zone. Pure.
import { formatNumber } from './format-number.ts';
import { localDateTime } from '../time/zone-time.ts';

/** A metric's unit as the facts name it. */
export type SummaryUnit = 'ratio' | 'count' | 'currency' | 'minutes';

const two = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });
const one = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });

function signed(n: number, body: string): string {
  return `${n > 0 ? '+' : n < 0 ? '-' : ''}${body}`;
}

/** A duration in minutes: "48 min" below two hours, "2.5 h" from there. */
export function formatMinutes(minutes: number): string {
  const m = Math.abs(minutes);
  return m < 120 ? `${one.format(m)} min` : `${one.format(m / 60)} h`;
}

/** An age in hours: "19 h", or "3.2 days" past two days. */
export function formatHours(hours: number): string {
  return hours < 48 ? `${one.format(hours)} h` : `${one.format(hours / 24)} days`;
}

/** A value in its unit. */
export function formatValue(n: number, unit: SummaryUnit): string {
  if (unit === 'ratio') return formatNumber(n, 'pct');
  if (unit === 'currency') return formatNumber(n, 'usd');
  if (unit === 'minutes') return formatMinutes(n);
  if (Number.isInteger(n) || Math.abs(n) >= 100) return formatNumber(n, 'int');
  // Three significant figures read at a glance: 16.2 per 1,000, 2.35 contacts per order.
  return Math.abs(n) >= 10 ? one.format(n) : two.format(n);
}

/** A difference in its unit, signed: a rate's change in points. */
export function formatChange(n: number, unit: SummaryUnit): string {
  if (unit === 'ratio') return signed(n, `${two.format(Math.abs(n) * 100)}pt`);
  return signed(n, formatValue(Math.abs(n), unit));
}

/** A relative change (value / expected - 1) as a signed percentage. */
export function formatRelative(n: number): string {
  return signed(n, `${one.format(Math.abs(n) * 100)}%`);
}

/** "06-02 14:00" in `timeZone`. */
export function formatDateTime(iso: string, timeZone: string): string {
  return localDateTime(iso, timeZone).slice(5);
}

/** "2025-06-02" in `timeZone`. */
export function formatDate(iso: string, timeZone: string): string {
  return localDateTime(iso, timeZone).slice(0, 10);
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
