// Parses a two-column CSV (`timestamp,<column>`), the format of NAB's data and result files and of `vigil detect --csv`.
import { VigilError } from '../errors.ts';
import { parseTimestamp } from './parse-timestamp.ts';

/** A parsed series: timestamps (epoch ms) and one numeric column, row for row. */
export interface ParsedSeries {
  timestamps: number[];
  values: number[];
}

/** Parses `text` read from `source` (named in errors); the header must be `timestamp,<column>` (extra columns are ignored). */
export function parseSeriesCsv(text: string, source: string, column = 'value'): ParsedSeries {
  const lines = text.split(/\r?\n/);
  const header = (lines[0] ?? '')
    .replace(/^\uFEFF/, '')
    .split(',')
    .map((c) => c.trim());
  if (header[0] !== 'timestamp' || header[1] !== column) {
    throw new VigilError(
      'vigil_csv_bad_header',
      `${source} line 1: the header is "${lines[0] ?? ''}", expected "timestamp,${column}".`,
      `Make the first line of ${source} exactly "timestamp,${column}", one row per observation below it.`,
    );
  }
  const timestamps: number[] = [];
  const values: number[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '') continue;
    const cells = line.split(',');
    const at = parseTimestamp(cells[0] ?? '');
    if (at === undefined) {
      throw new VigilError(
        'vigil_csv_bad_timestamp',
        `${source} line ${i + 1}: cannot read the timestamp "${cells[0] ?? ''}".`,
        'Write timestamps as ISO 8601, e.g. 2024-05-01 13:00:00 or 2024-05-01T13:00:00Z (no zone means UTC).',
      );
    }
    const raw = (cells[1] ?? '').trim();
    const value = Number(raw);
    if (raw === '' || !Number.isFinite(value)) {
      throw new VigilError(
        'vigil_csv_bad_value',
        `${source} line ${i + 1}: the ${column} "${raw}" is not a number.`,
        `Give every row a plain number in the ${column} column (e.g. 12.5); remove or fill rows without one.`,
      );
    }
    timestamps.push(at);
    values.push(value);
  }
  return { timestamps, values };
}
