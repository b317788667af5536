// Date parameter defaults: `now`, `today`, `this_hour`, an ISO date, or another date parameter,
// optionally plus or minus a duration (`to - window`, `today - 7d`, `this_hour - 24h`).
import { parseLocalInstant, zoneOffsetMs } from '../time/zone-time.ts';

/** Where a default starts. */
export type DateBase =
  { kind: 'now' | 'today' | 'this_hour' } | { kind: 'iso'; text: string } | { kind: 'param'; name: string };
/** What is added or taken away: seconds, or a duration parameter's value. */
export type DateOffset = { kind: 'seconds'; seconds: number } | { kind: 'param'; name: string };

/** A parsed default, or why it does not parse. */
export type ParsedDateDefault =
  { ok: true; base: DateBase; sign: 1 | -1; offset?: DateOffset } | { ok: false; message: string };

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 };

/** Seconds in a duration such as 30s, 15m, 2h, 1d, 4w or 1h30m; null when it is not one. */
export function durationSeconds(text: string): number | null {
  const compact = text.replace(/\s+/g, '').toLowerCase();
  if (!/^(\d+[smhdw])+$/.test(compact)) return null;
  let total = 0;
  for (const m of compact.matchAll(/(\d+)([smhdw])/g)) total += Number(m[1]) * UNIT_SECONDS[m[2]!]!;
  return total;
}

/** Parses a date default expression. */
export function parseDateDefault(text: string): ParsedDateDefault {
  const hint = `'${text}' is not a date default. Write now, today, this_hour, an ISO date, or a date parameter, optionally with - or + a duration: 'to - window', 'today - 7d'.`;
  // An ISO date first: its own dashes and offset are not arithmetic.
  const m =
    /^\s*(\d{4}-\d{2}-\d{2}(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?|[a-z][a-z0-9_]*)\s*(?:([+-])\s*([a-z0-9_]+))?\s*$/i.exec(
      text,
    );
  if (!m) return { ok: false, message: hint };
  const [, head, sign, tail] = m;
  let base: DateBase;
  if (head === 'now' || head === 'today' || head === 'this_hour') base = { kind: head };
  else if (/^\d/.test(head!)) {
    // Only checked here: a date alone is local midnight, read in the team's zone when the parameter resolves.
    if (!parseLocalInstant(head!, 'UTC')) return { ok: false, message: hint };
    base = { kind: 'iso', text: head! };
  } else base = { kind: 'param', name: head! };
  if (!sign) return { ok: true, base, sign: 1 };
  const seconds = durationSeconds(tail!);
  let offset: DateOffset;
  if (seconds !== null) offset = { kind: 'seconds', seconds };
  else if (/^[a-z][a-z0-9_]*$/.test(tail!)) offset = { kind: 'param', name: tail! };
  else return { ok: false, message: hint };
  return { ok: true, base, sign: sign === '-' ? -1 : 1, offset };
}

/** The instant a base names, in the team's time zone for `today` and `this_hour`. */
export function baseInstant(kind: 'now' | 'today' | 'this_hour', now: Date, timezone: string): Date {
  if (kind === 'now') return now;
  const offset = zoneOffsetMs(now.getTime(), timezone);
  const local = now.getTime() + offset;
  const unit = kind === 'today' ? 86_400_000 : 3_600_000;
  return new Date(Math.floor(local / unit) * unit - offset);
}
