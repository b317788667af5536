// Reads durations such as 30m, 2h, 1d, 1w, 1h30m (used by /oncall set and /vigil mute).
import type { Refusal } from './refusal.ts';

const UNIT_MS: Record<string, number> = {
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 7 * 86_400_000,
};

// Long spellings people type anyway; each maps to one letter of UNIT_MS.
const ALIASES: Record<string, string> = {
  min: 'm',
  mins: 'm',
  minute: 'm',
  minutes: 'm',
  hr: 'h',
  hrs: 'h',
  hour: 'h',
  hours: 'h',
  day: 'd',
  days: 'd',
  wk: 'w',
  wks: 'w',
  week: 'w',
  weeks: 'w',
};

/** The longest duration accepted: a year, so a typo like 1000w is caught rather than obeyed. */
export const MAX_DURATION_MS = 366 * 86_400_000;

const PART = /(\d+)\s*([a-z]+)/g;

/** Milliseconds in `text` ("30m", "2h", "1d", "1w", "1h30m", "2 hours"), or a refusal with an example. */
export function parseDuration(text: string): number | Refusal {
  const input = text.trim().toLowerCase();
  const compact = input.replace(/\s+/g, ' ');
  let total = 0;
  let consumed = '';
  for (const m of compact.matchAll(PART)) {
    const unit = UNIT_MS[m[2]!] !== undefined ? m[2]! : ALIASES[m[2]!];
    if (!unit) return refuse(text);
    total += Number(m[1]) * UNIT_MS[unit]!;
    consumed += m[0];
  }
  if (consumed === '' || consumed.replace(/\s/g, '') !== compact.replace(/\s/g, '')) return refuse(text);
  if (total <= 0) {
    return {
      ok: false,
      code: 'vigil_bad_duration',
      message: `"${text.trim()}" is zero; a duration must be longer than that.`,
      hint: 'Give at least a minute, e.g. 30m or 2h.',
    };
  }
  if (total > MAX_DURATION_MS) {
    return {
      ok: false,
      code: 'vigil_bad_duration',
      message: `"${text.trim()}" is longer than a year.`,
      hint: 'Give at most 52w, e.g. 4w.',
    };
  }
  return total;
}

function refuse(text: string): Refusal {
  return {
    ok: false,
    code: 'vigil_bad_duration',
    message: `"${text.trim()}" is not a duration.`,
    hint: 'Write a number and a unit: m (minutes), h (hours), d (days) or w (weeks), e.g. 30m, 2h, 1d, 1w or 1h30m.',
  };
}
