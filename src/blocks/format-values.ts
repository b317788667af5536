// Formatting shared by the renderers: durations, metric values by unit, slices, Slack dates and mentions. Pure.
import type { IncidentEvidence } from '../incidents/incident-types.ts';
import { VigilError } from '../errors.ts';
import { escapeMrkdwn } from './block-limits.ts';

/** A metric's unit, as the evidence declares it. */
export type MetricUnit = IncidentEvidence['unit'];

/** A compact duration: `45s`, `6m`, `2h 5m`, `3d 4h` (two units at most, rounded down). */
export function formatDuration(seconds: number): string {
  const s = Number.isFinite(seconds) ? Math.max(0, Math.floor(seconds)) : 0;
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m`;
  const pair = (big: number, bigUnit: string, small: number, smallUnit: string) =>
    small > 0 ? `${big}${bigUnit} ${small}${smallUnit}` : `${big}${bigUnit}`;
  if (s < 86400) return pair(Math.floor(s / 3600), 'h', Math.floor((s % 3600) / 60), 'm');
  return pair(Math.floor(s / 86400), 'd', Math.floor((s % 86400) / 3600), 'h');
}

/** A ratio as a percentage: one decimal from 1% up (`4.1%`), two significant digits below (`0.52%`). */
export function formatPercent(ratio: number): string {
  return `${percentNumber(ratio * 100)}%`;
}

/** A metric value printed by its unit: ratio as %, count and currency with separators, minutes as a duration. */
export function formatMetricValue(value: number, unit: MetricUnit): string {
  if (!Number.isFinite(value)) return 'n/a';
  switch (unit) {
    case 'ratio':
      return formatPercent(value);
    // Small counts keep a decimal: a rate per 1,000 of 6.1 is not 6.
    case 'count':
      return value.toLocaleString('en-US', { maximumFractionDigits: Math.abs(value) < 100 ? 1 : 0 });
    case 'currency':
      return value.toLocaleString('en-US', { maximumFractionDigits: Math.abs(value) >= 100 ? 0 : 2 });
    case 'minutes':
      return formatDuration(value * 60);
  }
}

/** "4.1% vs 1.0% expected (+3.1 pt)": a ratio's change in points, other units' change in percent. */
export function formatComparison(observed: number, expected: number, unit: MetricUnit): string {
  const base = `${formatMetricValue(observed, unit)} vs ${formatMetricValue(expected, unit)} expected`;
  const change = formatChange(observed, expected, unit);
  return change ? `${base} (${change})` : base;
}

/** The change from expected to observed: "+3.1 pt" for ratios, "+197%" otherwise; empty when undefined. */
export function formatChange(observed: number, expected: number, unit: MetricUnit): string {
  if (!Number.isFinite(observed) || !Number.isFinite(expected)) return '';
  if (unit === 'ratio') return `${signed((observed - expected) * 100, percentNumber)} pt`;
  if (expected === 0) return '';
  return `${signed(((observed - expected) / Math.abs(expected)) * 100, (p) => Math.round(p).toLocaleString('en-US'))}%`;
}

/** A slice as `city=jakarta · category=spa` (keys in the order given), escaped; `all` when empty. */
export function formatSlice(slice: Record<string, string>): string {
  const parts = Object.entries(slice).map(([k, v]) => `${escapeMrkdwn(k)}=${escapeMrkdwn(String(v))}`);
  return parts.length > 0 ? parts.join(' · ') : 'all';
}

/** A Slack date token that each reader sees in their own zone, with a fallback in the team's timezone. */
export function slackDate(date: Date, timezone: string, format = '{date_short_pretty} {time}'): string {
  return `<!date^${Math.floor(date.getTime() / 1000)}^${format}|${formatInZone(date, timezone)}>`;
}

/** "1 May 2025, 16:14 GMT+7": a date and time written out in a timezone (the fallback text). */
export function formatInZone(date: Date, timezone: string): string {
  const p = zoneParts(date, timezone, {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
  });
  return `${p.day} ${p.month} ${p.year}, ${p.hour}:${p.minute} ${p.timeZoneName}`;
}

/** "09:14": the clock time in a timezone, for timeline lines. */
export function clockTime(date: Date, timezone: string): string {
  const p = zoneParts(date, timezone, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  return `${p.hour}:${p.minute}`;
}

/** "Thu 1 May": the day in a timezone, for grouping timeline lines. */
export function dayLabel(date: Date, timezone: string): string {
  const p = zoneParts(date, timezone, { weekday: 'short', day: 'numeric', month: 'short' });
  return `${p.weekday} ${p.day} ${p.month}`;
}

/** `<@U123>` for a Slack user id; other actors (the scheduler, a detector) as escaped words. */
export function mentionUser(id: string): string {
  return isSlackUserId(id) ? `<@${id}>` : escapeMrkdwn(id);
}

/** `<#C123>` for a Slack channel id; anything else escaped. */
export function mentionChannel(id: string): string {
  return /^[CG][A-Z0-9]{2,}$/.test(id) ? `<#${id}>` : escapeMrkdwn(id);
}

/** Whether a string is a Slack user id (U… or, on Enterprise Grid, W…). */
export function isSlackUserId(id: string): boolean {
  return /^[UW][A-Z0-9]{2,}$/.test(id);
}

function percentNumber(p: number): string {
  const abs = Math.abs(p);
  if (abs === 0) return '0';
  if (abs >= 1) return p.toFixed(1);
  return p.toLocaleString('en-US', { minimumSignificantDigits: 2, maximumSignificantDigits: 2 });
}

function signed(value: number, format: (v: number) => string): string {
  const text = format(value);
  if (/^-?0(\.0+)?$/.test(text)) return text.replace(/^-/, '');
  return value > 0 ? `+${text}` : text;
}

// Building an Intl.DateTimeFormat costs most of a millisecond; cards format many dates in few zones.
const formats = new Map<string, Intl.DateTimeFormat>();

function zoneParts(date: Date, timezone: string, options: Intl.DateTimeFormatOptions): Record<string, string> {
  const key = `${timezone}|${JSON.stringify(options)}`;
  let format = formats.get(key);
  if (!format) {
    try {
      format = new Intl.DateTimeFormat('en-GB', { ...options, timeZone: timezone });
    } catch (err) {
      throw new VigilError(
        'vigil_invalid_timezone',
        `"${timezone}" is not a timezone this runtime knows.`,
        'Use an IANA name such as Asia/Jakarta or UTC in vigil.yml.',
        { cause: err },
      );
    }
    formats.set(key, format);
  }
  return Object.fromEntries(format.formatToParts(date).map((p) => [p.type, p.value]));
}
