// `vigil rca`: reads a leaf CSV, localises the root causes of the change, prints them ranked (or as JSON).
import { readFileSync } from 'node:fs';
import { VigilError } from '../errors.ts';
import { localizeRootCauses } from '../rca/localize-root-causes.ts';
import { parseCsv } from '../rca/parse-csv.ts';
import { rcaInputFromCsv, type RcaColumns } from '../rca/rca-input-from-csv.ts';
import type { RcaCause } from '../rca/rca-types.ts';

/** The command's options as commander hands them over (--dims still comma-separated). */
export interface RcaCliOptions extends Omit<RcaColumns, 'dims'> {
  csv: string;
  dims: string;
  json?: boolean;
}

function describe(elements: Record<string, string>): string {
  return Object.entries(elements)
    .map(([k, v]) => `${k}=${v}`)
    .join(' & ');
}

function num(x: number): string {
  return Math.abs(x) >= 1000 || Number.isInteger(x) ? x.toFixed(0) : x.toPrecision(4);
}

function pct(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}

/** The ranked table printed without --json. */
export function formatCausesTable(causes: RcaCause[], ratio: boolean): string[] {
  if (causes.length === 0) return ['no root cause found: no slice moved beyond ordinary noise'];
  const rows = causes.map((c, i) => [
    String(i + 1),
    describe(c.elements),
    c.score.toFixed(3),
    `${ratio ? pct(c.baseline) : num(c.baseline)} -> ${ratio ? pct(c.current) : num(c.current)}`,
    pct(c.contribution),
    pct(c.baselineShare),
  ]);
  const head = ['#', 'slice', 'score', ratio ? 'rate before -> now' : 'before -> now', 'of change', 'of baseline'];
  const widths = head.map((h, k) => Math.max(h.length, ...rows.map((r) => r[k]!.length)));
  const line = (cells: string[]): string =>
    cells.map((c, k) => (k === 1 ? c.padEnd(widths[k]!) : c.padStart(widths[k]!))).join('  ');
  return [line(head), ...rows.map(line)];
}

/** Runs the analysis; returns the lines to print. Throws VigilError (vigil_rca_*) on unreadable or bad input. */
export function runRca(opts: RcaCliOptions): string[] {
  let text: string;
  try {
    text = readFileSync(opts.csv, 'utf8');
  } catch (err) {
    throw new VigilError(
      'vigil_rca_unreadable',
      `Cannot read ${opts.csv}: ${(err as NodeJS.ErrnoException).code ?? String(err)}.`,
      'Check the path given to --csv; the file needs a header row and one row per leaf.',
      { cause: err },
    );
  }
  const { csv: _csv, json: _json, dims, ...measures } = opts;
  const input = rcaInputFromCsv(
    parseCsv(text, opts.csv),
    {
      ...measures,
      dims: dims
        .split(',')
        .map((d) => d.trim())
        .filter((d) => d !== ''),
    },
    opts.csv,
  );
  const causes = localizeRootCauses(input);
  if (opts.json) return [JSON.stringify({ causes }, null, 2)];
  return formatCausesTable(causes, input.measure.kind === 'ratio');
}
