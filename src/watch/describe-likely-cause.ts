// The likely cause of an anomaly in plain words: drills into the cells inside the incident's slice (src/rca) and names the
// slice that explains the change, with its observed and expected value and its share of the change. Pure.
import type { LikelyCause } from '../incidents/incident-types.ts';
import { formatMetricValue, type MetricUnit } from '../blocks/format-values.ts';
import { localizeRootCauses } from '../rca/localize-root-causes.ts';
import type { RcaInput } from '../rca/rca-types.ts';

/** One cell of a metric over the judged window and its baseline: a ratio's sums, or an amount. */
export type LikelyCauseCell =
  | { values: Record<string, string>; num: number; den: number; expectedNum: number; expectedDen: number }
  | { values: Record<string, string>; actual: number; expected: number };

/** What to explain: the metric's cells (all of the same kind), how its values read, and the incident's slice. */
export interface LikelyCauseInput {
  kind: 'ratio' | 'amount';
  unit: MetricUnit;
  /** A ratio's display factor (per 1,000 and the like); 1 for amounts. */
  scale: number;
  /** The dimensions the cells carry. */
  dims: string[];
  cells: LikelyCauseCell[];
  /** The incident's slice: cells outside it are ignored, its dimensions are not drilled. */
  slice: Record<string, string>;
}

// Slices beyond the first named on the line (the card has one line).
const MORE_NAMED = 1;

function inSlice(cell: LikelyCauseCell, slice: Record<string, string>): boolean {
  return Object.entries(slice).every(([d, v]) => cell.values[d] === v);
}

/** The drill-down cube of the cells inside the slice, over the dimensions it leaves free (null when none). */
export function likelyCauseCube(input: LikelyCauseInput): RcaInput | null {
  const dims = input.dims.filter((d) => !(d in input.slice));
  if (dims.length === 0) return null;
  const cells = input.cells.filter((c) => inSlice(c, input.slice));
  const values = (c: LikelyCauseCell): string[] => dims.map((d) => c.values[d] ?? '(none)');
  if (input.kind === 'ratio') {
    const leaves = cells.map((c) =>
      'num' in c
        ? { values: values(c), num: c.num, den: c.den, expectedNum: c.expectedNum, expectedDen: c.expectedDen }
        : { values: values(c), num: c.actual, den: 1, expectedNum: c.expected, expectedDen: 1 },
    );
    return { dims, measure: { kind: 'ratio' }, leaves };
  }
  const leaves = cells.map((c) =>
    'actual' in c
      ? { values: values(c), actual: c.actual, expected: c.expected }
      : { values: values(c), actual: c.num, expected: c.expectedNum },
  );
  return { dims, measure: { kind: 'additive' }, leaves };
}

// A dimension value as users say it: `vendor-b` already names its dimension, `id` reads as `language id`.
function nameElement(dim: string, value: string): string {
  return value.toLowerCase().startsWith(dim.toLowerCase()) ? value : `${dim} ${value}`;
}

/** A slice in words: `vendor-b · language id` (dimensions in the order given); `all` when empty. */
export function describeElements(elements: Record<string, string>): string {
  const parts = Object.entries(elements).map(([d, v]) => nameElement(d, v));
  return parts.length > 0 ? parts.join(' · ') : 'all';
}

function formatFigure(value: number, input: LikelyCauseInput): string {
  if (input.kind === 'ratio') return formatMetricValue(value * input.scale, input.unit);
  // Counts of an amount are whole events.
  if (input.unit === 'count') return Math.round(value).toLocaleString('en-US');
  return formatMetricValue(value, input.unit);
}

function share(contribution: number): string {
  const pct = Math.round(contribution * 100);
  return `${pct.toLocaleString('en-US')}%`;
}

// Cells that moved in the direction of the total's change: what "spread across" counts.
function movedCells(cube: RcaInput, direction: number): number {
  let n = 0;
  for (const l of cube.leaves) {
    const d =
      'num' in l
        ? l.num - (l.expectedDen > 0 ? (l.expectedNum / l.expectedDen) * l.den : l.num)
        : l.actual - l.expected;
    if (d * direction > 0) n++;
  }
  return n;
}

// +1 when the slice's total rose (a ratio's rate, or an amount's sum), -1 when it fell.
function directionOf(cube: RcaInput): number {
  let a = 0,
    e = 0,
    den = 0,
    expDen = 0;
  for (const l of cube.leaves) {
    if ('num' in l) {
      a += l.num;
      e += l.expectedNum;
      den += l.den;
      expDen += l.expectedDen;
    } else {
      a += l.actual;
      e += l.expected;
    }
  }
  const change = cube.measure.kind === 'ratio' ? (den > 0 ? a / den : 0) - (expDen > 0 ? e / expDen : 0) : a - e;
  return change < 0 ? -1 : 1;
}

// The cause's slice with the dimensions every one of its active cells shares: a language one vendor alone serves
// reads `vendor-c · language th`, not `language th`. Dimensions in the cube's order, after the incident's slice.
function namedElements(
  cube: RcaInput,
  slice: Record<string, string>,
  found: Record<string, string>,
): Record<string, string> {
  const shared: Array<string | null | undefined> = cube.dims.map(() => undefined);
  for (const l of cube.leaves) {
    if (!cube.dims.every((d, i) => !(d in found) || l.values[i] === found[d])) continue;
    const active = 'num' in l ? l.den > 0 || l.expectedDen > 0 : l.actual !== 0 || l.expected !== 0;
    if (!active) continue;
    l.values.forEach((v, i) => {
      shared[i] = shared[i] === undefined || shared[i] === v ? v : null;
    });
  }
  const elements: Record<string, string> = { ...slice };
  cube.dims.forEach((d, i) => {
    const v = found[d] ?? shared[i];
    if (typeof v === 'string') elements[d] = v;
  });
  return elements;
}

// The slice's own reading when it leaves no dimension to drill: the metric's finest cell is the cause it can name.
function confinedTo(input: LikelyCauseInput): LikelyCause | null {
  const cells = input.cells.filter((c) => inSlice(c, input.slice));
  if (cells.length === 0 || Object.keys(input.slice).length === 0) return null;
  let now = 0;
  let before = 0;
  let nowDen = 0;
  let beforeDen = 0;
  for (const c of cells) {
    now += 'num' in c ? c.num : c.actual;
    before += 'num' in c ? c.expectedNum : c.expected;
    nowDen += 'num' in c ? c.den : 1;
    beforeDen += 'num' in c ? c.expectedDen : 1;
  }
  const ratio = input.kind === 'ratio';
  const observed = ratio ? (nowDen > 0 ? now / nowDen : 0) : now;
  const expected = ratio ? (beforeDen > 0 ? before / beforeDen : 0) : before;
  return {
    elements: { ...input.slice },
    text: `Confined to ${describeElements(input.slice)} — ${formatFigure(observed, input)} vs ${formatFigure(expected, input)} expected; the metric breaks down no further.`,
    source: 'drill-down',
  };
}

/**
 * The likely cause inside the incident's slice, from its cells: the drill-down's, or the slice itself when it
 * leaves no dimension to drill; null when there is no cell (or no slice and no dimension).
 */
export function describeLikelyCause(input: LikelyCauseInput): LikelyCause | null {
  const cube = likelyCauseCube(input);
  if (!cube) return confinedTo(input);
  // No cells inside the slice (no data, or a slice on a dimension the metric does not return): nothing to say.
  if (!cube || cube.leaves.length === 0) return null;
  const found = localizeRootCauses(cube);
  const direction = directionOf(cube);
  const top = found[0];
  if (!top) {
    const n = movedCells(cube, direction);
    return {
      elements: {},
      text: `No single slice stands out: the change is spread across ${n.toLocaleString('en-US')} slice${n === 1 ? '' : 's'}.`,
      source: 'drill-down',
    };
  }
  const elements = namedElements(cube, input.slice, top.elements);
  const of = direction < 0 ? 'of the shortfall' : 'of the rise';
  let text = `Likely cause: ${describeElements(elements)} — ${formatFigure(top.current, input)} vs ${formatFigure(top.baseline, input)} expected, ${share(top.contribution)} ${of}.`;
  const more = found.slice(1, 1 + MORE_NAMED);
  if (more.length > 0)
    text += ` Also ${more.map((c) => `${describeElements(c.elements)} (${share(c.contribution)})`).join(', ')}${found.length > 1 + MORE_NAMED ? ` and ${found.length - 1 - MORE_NAMED} more` : ''}.`;
  return { elements, text, source: 'drill-down' };
}
