// Note and conclusion templates: `{{params.city}}`, `{{compare.change | pct}}` (first row of a step), `{{top.rows}}`
// (its row count), `{{staffing.hour | hour}}` (local times in the team's time zone). Pure.
import { formatInUnit, formatNumber, type NumberFormat } from '../blocks/format-number.ts';
import { formatDuration } from '../blocks/format-values.ts';
import { localParts } from '../time/zone-time.ts';

const PLACEHOLDER = /\{\{\s*([a-z][a-z0-9_]*(?:\.[a-z0-9_]+)?)\s*(?:\|\s*([a-z]+)\s*)?\}\}/gi;

/** Filters that print numbers (`unit`: in the step's own unit, a ratio as a percentage); the rest print times. */
export const NUMBER_FILTERS: readonly string[] = ['pct', 'int', 'num', 'usd', 'unit'];
/** Filters for times: `time` 06:00, `hour` 06:00–07:00, `day` Thu 26 Nov, `when` Thu 26 Nov 06:00, `duration` 12h. */
export const TIME_FILTERS: readonly string[] = ['time', 'hour', 'day', 'when', 'duration'];

/** What a template can read: parameters, and each earlier step's first row and row count. */
export interface TemplateScope {
  params: Record<string, unknown>;
  steps: Record<string, { firstRow: Record<string, unknown> | undefined; rows: number; unit?: string }>;
  /** The team's time zone, for the time filters (UTC when not given). */
  timezone?: string;
}

/** The [head, field] pairs a template refers to, for load-time checks. */
export function templateReferences(text: string): [string, string | undefined][] {
  return [...text.matchAll(PLACEHOLDER)].map((m) => {
    const [head, field] = m[1]!.split('.');
    return [head!, field];
  });
}

/** The filters a template uses, for load-time checks. */
export function templateFilters(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].flatMap((m) => (m[2] ? [m[2].toLowerCase()] : []));
}

/** A parameter (`params.x`) or an earlier step's first-row value or row count (`step.rows`). */
export function lookupReference(head: string, field: string | undefined, scope: TemplateScope): unknown {
  if (head === 'params') return field ? scope.params[field] : undefined;
  const step = scope.steps[head];
  if (!step) return undefined;
  return field === 'rows' || field === undefined ? step.rows : step.firstRow?.[field];
}

/**
 * The template with each placeholder replaced; a value that is missing reads "n/a". Figures printed by the time
 * filters (hours and minutes of a clock time, a day of the month) are pushed to `printed`, for the number check.
 */
export function renderTemplate(text: string, scope: TemplateScope, printed?: number[]): string {
  return text.replace(PLACEHOLDER, (_, path: string, rawFilter: string | undefined) => {
    const [head, field] = path.split('.') as [string, string | undefined];
    const filter = rawFilter?.toLowerCase();
    const value = lookupReference(head, field, scope);
    if (value === undefined || value === null) return 'n/a';
    if (filter && TIME_FILTERS.includes(filter)) {
      const out = formatTime(value, filter, scope.timezone ?? 'UTC');
      if (out === null) return 'n/a';
      printed?.push(...out.figures);
      return out.text;
    }
    if (typeof value === 'object' && !(value instanceof Date))
      return (
        Object.entries(value as Record<string, unknown>)
          .map(([k, v]) => `${k}=${String(v)}`)
          .join(', ') || 'all'
      );
    const n =
      typeof value === 'number'
        ? value
        : typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))
          ? Number(value)
          : null;
    if (n !== null && filter === 'unit') return formatInUnit(n, scope.steps[head]?.unit);
    if (n !== null && (filter || typeof value === 'number'))
      return formatNumber(n, (filter as NumberFormat | undefined) ?? 'num');
    return value instanceof Date ? value.toISOString() : String(value);
  });
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const HOUR_MS = 3_600_000;

/** An instant in local time (`time`, `hour`, `day`, `when`) or seconds as a duration (`duration`); null if unreadable. */
export function formatTime(
  value: unknown,
  filter: string,
  timezone: string,
): { text: string; figures: number[] } | null {
  if (filter === 'duration') {
    const s = typeof value === 'number' ? value : Number(value);
    if (!Number.isFinite(s)) return null;
    const text = formatDuration(s);
    return { text, figures: [...text.matchAll(/\d+/g)].map((m) => Number(m[0])) };
  }
  const at = value instanceof Date ? value : new Date(String(value));
  if (Number.isNaN(at.getTime())) return null;
  const clock = (d: Date) => {
    const l = localParts(d, timezone);
    return { text: `${pad(l.hour)}:${pad(l.minute)}`, figures: [l.hour, l.minute], l };
  };
  const start = clock(at);
  const dayOf = `${DAYS[new Date(Date.UTC(start.l.year, start.l.month - 1, start.l.day)).getUTCDay()]} ${start.l.day} ${MONTHS[start.l.month - 1]}`;
  switch (filter) {
    case 'time':
      return { text: start.text, figures: start.figures };
    case 'hour': {
      const end = clock(new Date(at.getTime() + HOUR_MS));
      return { text: `${start.text}–${end.text}`, figures: [...start.figures, ...end.figures] };
    }
    case 'day':
      return { text: dayOf, figures: [start.l.day] };
    default:
      return { text: `${dayOf} ${start.text}`, figures: [start.l.day, ...start.figures] };
  }
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
