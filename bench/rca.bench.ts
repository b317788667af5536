// RCA: element-level F1 of localizeRootCauses on RobustSpot RS (ratio) and Squeeze B0 (additive), and time
// per case. RCA_DATA_DIR overrides data/rca (the RobustSpot and Squeeze cases). Scoring as riskloc's evaluation: exact match of whole
// elements, TP/FP/FN summed over cases, F1 = 2TP / (2TP + FP + FN).
import { localizeRootCauses } from '../src/rca/localize-root-causes.ts';
import { median, type BenchResult } from './bench-result.ts';
import { defaultRcaDir, elementKey, readB0, readRs, shuffledInput, type RcaCase } from './rca-datasets.ts';

const TARGET_F1 = 0.75;
const TARGET_MS = 2000;
const SHUFFLES = 20;

interface Scored {
  c: RcaCase;
  tp: number;
  fp: number;
  fn: number;
  ms: number;
  predicted: string[];
}

function score(c: RcaCase): Scored {
  const began = performance.now();
  const causes = localizeRootCauses(c.input);
  const ms = performance.now() - began;
  const predicted = [...new Set(causes.map((x) => elementKey(x.elements)))];
  if (process.env.RCA_BENCH_VERBOSE)
    for (const x of causes)
      console.log(
        `  ${c.truth.includes(elementKey(x.elements)) ? 'TP' : 'FP'} ${c.group} ${x.score.toFixed(3)} ${elementKey(x.elements)}`,
      );
  const tp = c.truth.filter((t) => predicted.includes(t)).length;
  return { c, tp, fp: predicted.length - tp, fn: c.truth.length - tp, ms, predicted };
}

// Whether the causes (elements, scores, figures) are the same for SHUFFLES seeded row orders of the case.
function sameWhenShuffled(c: RcaCase): boolean {
  const want = JSON.stringify(localizeRootCauses(c.input));
  for (let seed = 1; seed <= SHUFFLES; seed++)
    if (JSON.stringify(localizeRootCauses(shuffledInput(c.input, seed))) !== want) return false;
  return true;
}

function f1(rows: Scored[]): number {
  const tp = rows.reduce((a, r) => a + r.tp, 0);
  const fp = rows.reduce((a, r) => a + r.fp, 0);
  const fn = rows.reduce((a, r) => a + r.fn, 0);
  return tp + fp + fn === 0 ? 1 : (2 * tp) / (2 * tp + fp + fn);
}

function line(label: string, rows: Scored[]): string {
  const sum = (k: 'tp' | 'fp' | 'fn'): number => rows.reduce((a, r) => a + r[k], 0);
  const times = rows.map((r) => r.ms);
  return `${label.padEnd(28)} ${String(rows.length).padStart(5)} ${String(sum('tp')).padStart(5)} ${String(sum('fp')).padStart(5)} ${String(sum('fn')).padStart(5)} ${f1(rows).toFixed(3).padStart(6)} ${median(times).toFixed(1).padStart(9)} ${Math.max(
    ...times,
  )
    .toFixed(1)
    .padStart(8)}`;
}

function groupBy(rows: Scored[], key: (r: Scored) => string): Map<string, Scored[]> {
  const out = new Map<string, Scored[]>();
  for (const r of [...rows].sort((a, b) => key(a).localeCompare(key(b))))
    out.set(key(r), [...(out.get(key(r)) ?? []), r]);
  return out;
}

const layerOf = (r: Scored): number => Math.max(...r.c.truth.map((t) => t.split('&').length));

/** Runs the benchmark; see bench/run.ts. */
export default async function run(): Promise<BenchResult[]> {
  const dir = process.env.RCA_DATA_DIR ?? defaultRcaDir();
  const rs = readRs(dir);
  const b0 = readB0(dir);
  if (rs.length === 0 && b0.length === 0) {
    console.error(
      `rca: skipped, no RCA data at ${dir} (set RCA_DATA_DIR to a directory with RS/anomaly.yaml or B0/<setting>/injection_info.csv)`,
    );
    return [];
  }
  // Warm the JIT on one case so the first timed case is not charged for compilation.
  if (b0[0] ?? rs[0]) score((b0[0] ?? rs[0])!);
  const rsScored = rs.map(score);
  const b0Scored = b0.map(score);
  const all = [...rsScored, ...b0Scored];

  console.log(
    `\n${'bucket'.padEnd(28)} ${'cases'.padStart(5)} ${'TP'.padStart(5)} ${'FP'.padStart(5)} ${'FN'.padStart(5)} ${'F1'.padStart(6)} ${'median ms'.padStart(9)} ${'max ms'.padStart(8)}`,
  );
  if (rsScored.length > 0) {
    console.log(line('RS all', rsScored));
    // Two fixed halves (alternate cases in file-name order), to show the defaults are not fitted to one half.
    const sorted = [...rsScored].sort((a, b) => a.c.name.localeCompare(b.c.name));
    console.log(
      line(
        'RS half A (even)',
        sorted.filter((_, i) => i % 2 === 0),
      ),
    );
    console.log(
      line(
        'RS half B (odd)',
        sorted.filter((_, i) => i % 2 === 1),
      ),
    );
    for (const [k, rows] of groupBy(rsScored, (r) => `RS label layer ${layerOf(r)} n_ele ${r.c.truth.length}`))
      console.log(line(k, rows));
  }
  for (const [k, rows] of groupBy(b0Scored, (r) => `B0 ${r.c.group.replace('B_cuboid_', '')}`))
    console.log(line(k, rows));
  const single = b0Scored.filter((r) => r.c.truth.length === 1);
  if (b0Scored.length > 0) {
    console.log(line('B0 n_ele 1 (all layers)', single));
    console.log(line('B0 all', b0Scored));
  }
  if (process.env.RCA_BENCH_VERBOSE) {
    for (const r of all)
      if (r.fp + r.fn > 0)
        console.log(`  miss ${r.c.name}: truth ${r.c.truth.join(';')} predicted ${r.predicted.join(';') || '(none)'}`);
  }
  console.log('');

  // Row order must not change the answer (issue 13): every case, SHUFFLES seeded orders, byte-identical causes.
  const families: Array<[string, RcaCase[]]> = [
    ['RS', rs],
    ['B0', b0],
  ];
  const identical = families
    .filter(([, cases]) => cases.length > 0)
    .map(([family, cases]) => ({ family, cases: cases.length, same: cases.filter(sameWhenShuffled).length }));
  for (const r of identical)
    console.log(`${r.family}: identical over ${SHUFFLES} shuffles in ${r.same} of ${r.cases} cases`);

  const times = all.map((r) => r.ms);
  const results: BenchResult[] = [];
  if (rsScored.length > 0) {
    results.push({
      name: `RCA RS (${rsScored.length} cases, ratio measure): element F1`,
      median: f1(rsScored),
      unit: 'F1',
      runs: 1,
      target: { text: `>= ${TARGET_F1}`, met: f1(rsScored) >= TARGET_F1 },
    });
  }
  if (single.length > 0) {
    results.push({
      name: `RCA B0 single-element (${single.length} cases, additive): element F1`,
      median: f1(single),
      unit: 'F1',
      runs: 1,
      target: { text: `>= ${TARGET_F1}`, met: f1(single) >= TARGET_F1 },
      notes: `all ${b0Scored.length} B0 cases: F1 ${f1(b0Scored).toFixed(3)}`,
    });
  }
  for (const r of identical)
    results.push({
      name: `RCA ${r.family}: cases with identical causes over ${SHUFFLES} row shuffles`,
      median: r.same,
      unit: 'cases',
      runs: r.cases * SHUFFLES,
      target: { text: `all ${r.cases}`, met: r.same === r.cases },
    });
  results.push({
    name: 'RCA time per case',
    median: median(times),
    unit: 'ms',
    runs: times.length,
    target: { text: `max < ${TARGET_MS} ms`, met: Math.max(...times) < TARGET_MS },
    notes: `max ${Math.max(...times).toFixed(1)} ms over ${times.length} cases`,
  });
  return results;
}
