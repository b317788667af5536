// A playbook step's rows as an aligned monospace table inside one section's code block. Pure.
import type { ResultRow } from '../playbooks/run-types.ts';
import { escapeMrkdwn, SLACK_LIMITS } from './block-limits.ts';

/** Rows a table shows when the step does not say (the schema's `max_rows` default). */
export const DEFAULT_TABLE_ROWS = 15;
/** Widest a cell prints; longer values end in an ellipsis so one long text cannot push the rest off screen. */
export const MAX_CELL_WIDTH = 28;
// The fences, the "showing" line and mrkdwn escapes (&amp; is 5 characters for 1) must fit beside the rows
// in one section text (3000 characters, docs.slack.dev/reference/block-kit/blocks/section-block).
const TABLE_BUDGET = SLACK_LIMITS.sectionText - 120;

/**
 * Widest a table line gets before its last columns are left out: a code block wraps longer lines in
 * a Slack message pane, and a wrapped table cannot be read.
 */
export const MAX_TABLE_WIDTH = 120;

/** What to draw: the columns in order, the rows, how many the step produced in all, and how many to show. */
export interface TableInput {
  columns: string[];
  rows: ResultRow[];
  /** Rows the step produced (the stored rows may be fewer). */
  total?: number;
  showRows?: number;
  /** Dates print in this zone (default UTC). */
  timezone?: string;
  /** Column formatters that know the unit (a ratio as a percentage), instead of the generic one. */
  formats?: Record<string, (value: unknown) => string>;
}

/** The table as mrkdwn: a code block of aligned columns, then "showing 15 of 230 rows" when cut. */
export function renderTable(input: TableInput): string {
  const total = Math.max(input.total ?? input.rows.length, input.rows.length);
  if (input.columns.length === 0 || input.rows.length === 0) return '_No rows._';
  const tz = input.timezone ?? 'UTC';
  const wanted = Math.min(input.rows.length, Math.max(1, input.showRows ?? DEFAULT_TABLE_ROWS));
  const format = (c: string, v: unknown) => {
    const f = input.formats?.[c];
    return f && v !== null && v !== undefined ? clip(f(v)) : formatCell(v, tz, c);
  };
  const all = input.rows.slice(0, wanted).map((r) => input.columns.map((c) => format(c, r[c])));
  const columns = fitColumns(input.columns, all);
  const cells = all.map((r) => r.slice(0, columns.length));
  const numeric = columns.map((c) =>
    input.rows.slice(0, wanted).every((r) => r[c] === null || r[c] === undefined || isNumeric(r[c])),
  );
  let shown = wanted;
  let text = layout(columns, cells, numeric);
  // Fewer rows until it fits: a table cut mid-row would misalign every column after it.
  while (escapeMrkdwn(text).length > TABLE_BUDGET && shown > 1) {
    shown = Math.max(1, Math.floor(shown * 0.8));
    text = layout(columns, cells.slice(0, shown), numeric);
  }
  if (escapeMrkdwn(text).length > TABLE_BUDGET) text = text.slice(0, TABLE_BUDGET - 1) + '…';
  const notes: string[] = [];
  if (shown < total) notes.push(`showing ${shown} of ${total.toLocaleString('en-US')} rows`);
  const hidden = input.columns.slice(columns.length);
  if (hidden.length > 0)
    notes.push(
      `${hidden.length} more column${hidden.length === 1 ? '' : 's'} not shown: ${escapeMrkdwn(hidden.join(', ').slice(0, 300))}`,
    );
  return '```' + escapeMrkdwn(text) + '```' + (notes.length ? `\n_${notes.join('; ')}_` : '');
}

/** One value as a table cell: numbers with separators (not ids), dates in the zone, objects as JSON, capped width. */
export function formatCell(value: unknown, timezone = 'UTC', column = ''): string {
  let text: string;
  // An id is a label, not a quantity: merchant 26417, not 26,417.
  const isId = /(^|_)id$/.test(column);
  if (value === null || value === undefined) text = '';
  else if (value instanceof Date) text = formatDate(value, timezone);
  else if (isId && (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'string'))
    text = String(value);
  else if (typeof value === 'number' || typeof value === 'bigint') text = formatNumber(Number(value));
  else if (typeof value === 'string' && isNumeric(value)) text = formatNumber(Number(value));
  else if (
    typeof value === 'string' &&
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value) &&
    !Number.isNaN(Date.parse(value))
  )
    text = formatDate(new Date(value), timezone);
  else if (typeof value === 'object') text = JSON.stringify(value);
  else text = String(value);
  return clip(text);
}

function clip(text: string): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > MAX_CELL_WIDTH ? `${flat.slice(0, MAX_CELL_WIDTH - 1)}…` : flat;
}

// The leading columns whose widths (and the two spaces between them) fit MAX_TABLE_WIDTH; at least one.
function fitColumns(columns: string[], rows: string[][]): string[] {
  let width = 0;
  const kept: string[] = [];
  for (const [i, c] of columns.entries()) {
    const w = Math.max(Math.min(c.length, MAX_CELL_WIDTH), ...rows.map((r) => r[i]!.length)) + (i > 0 ? 2 : 0);
    if (kept.length > 0 && width + w > MAX_TABLE_WIDTH) break;
    kept.push(c);
    width += w;
  }
  return kept;
}

/** A number for a table: integers with separators, others to 4 significant digits (at most 2 decimals from 100 up). */
export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (Number.isInteger(n)) return n.toLocaleString('en-US');
  if (Math.abs(n) >= 100) return n.toLocaleString('en-US', { maximumFractionDigits: 2 });
  return n.toLocaleString('en-US', { maximumSignificantDigits: 4 });
}

// pg returns numeric and bigint columns as text; they still print and align as numbers.
function isNumeric(value: unknown): boolean {
  if (typeof value === 'number' || typeof value === 'bigint') return true;
  return typeof value === 'string' && /^-?\d+(\.\d+)?(e[+-]?\d+)?$/i.test(value.trim());
}

// Building an Intl.DateTimeFormat costs most of a millisecond; a table formats many dates in one zone.
const dateFormats = new Map<string, Intl.DateTimeFormat>();

function formatDate(d: Date, timezone: string): string {
  if (Number.isNaN(d.getTime())) return 'invalid date';
  let format = dateFormats.get(timezone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone: timezone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    dateFormats.set(timezone, format);
  }
  const p = Object.fromEntries(format.formatToParts(d).map((x) => [x.type, x.value]));
  const day = `${p.year}-${p.month}-${p.day}`;
  return p.hour === '00' && p.minute === '00' ? day : `${day} ${p.hour}:${p.minute}`;
}

function layout(columns: string[], rows: string[][], numeric: boolean[]): string {
  const heads = columns.map((c) => (c.length > MAX_CELL_WIDTH ? `${c.slice(0, MAX_CELL_WIDTH - 1)}…` : c));
  const widths = heads.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (numeric[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(heads), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}
