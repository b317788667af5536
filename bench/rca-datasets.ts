// Loads the RCA benchmark cases (RobustSpot RS, Squeeze B0) as RcaInputs with their labelled root causes.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { parseCsv } from '../src/rca/parse-csv.ts';
import type { RcaInput } from '../src/rca/rca-types.ts';

/** One benchmark case: the cube, the true elements (normalised keys) and where it comes from. */
export interface RcaCase {
  name: string;
  /** B0: the setting folder; RS: "RS". */
  group: string;
  input: RcaInput;
  truth: string[];
}

/** data/rca in the repository (not committed; RCA_DATA_DIR points elsewhere). */
export function defaultRcaDir(): string {
  return resolve(dirname(fileURLToPath(import.meta.url)), '..', 'data', 'rca');
}

/** The canonical form of an element: attributes sorted by name, `a=x&b=y`. */
export function elementKey(element: Record<string, string>): string {
  return Object.keys(element)
    .sort()
    .map((k) => `${k}=${element[k]}`)
    .join('&');
}

function parseElementString(s: string): string {
  const element: Record<string, string> = {};
  for (const pair of s.split('&')) {
    const [k, v] = pair.split('=');
    element[k!.trim()] = v!.trim();
  }
  return elementKey(element);
}

/** The B0 cases under dir/B0 (empty when absent). */
export function readB0(dir: string): RcaCase[] {
  const root = join(dir, 'B0');
  if (!existsSync(root)) return [];
  const cases: RcaCase[] = [];
  for (const setting of readdirSync(root).sort()) {
    const labels = parseCsv(readFileSync(join(root, setting, 'injection_info.csv'), 'utf8'), 'injection_info.csv');
    const setCol = labels.header.indexOf('set');
    const tsCol = labels.header.indexOf('timestamp');
    for (const row of labels.rows) {
      const file = join(root, setting, `${row[tsCol]}.csv`);
      if (!existsSync(file)) continue;
      const t = parseCsv(readFileSync(file, 'utf8'), file);
      const dims = t.header.filter((h) => h !== 'real' && h !== 'predict');
      const di = dims.map((d) => t.header.indexOf(d));
      const ri = t.header.indexOf('real');
      const pi = t.header.indexOf('predict');
      const leaves = t.rows.map((r) => ({
        values: di.map((i) => r[i]!),
        actual: Number(r[ri]),
        expected: Number(r[pi]),
      }));
      const truth = [...new Set(row[setCol]!.split(';').map(parseElementString))];
      cases.push({
        name: `${setting}/${row[tsCol]}`,
        group: setting,
        input: { dims, measure: { kind: 'additive' }, leaves },
        truth,
      });
    }
  }
  return cases;
}

/** The RS cases under dir/RS (empty when absent), built as RiskLoc's loader describes (see the data README). */
export function readRs(dir: string): RcaCase[] {
  const root = join(dir, 'RS');
  if (!existsSync(join(root, 'anomaly.yaml'))) return [];
  const labels = parseYaml(readFileSync(join(root, 'anomaly.yaml'), 'utf8')) as Array<{
    data: string;
    timestamp: number;
    cause: Record<string, unknown> | Array<Record<string, unknown>>;
  }>;
  return labels.map((label) => {
    const t = parseCsv(readFileSync(join(root, `${label.data}.csv`), 'utf8'), label.data);
    const [mi, vi, ci] = ['min', 'value', 'cnt'].map((c) => t.header.indexOf(c)) as [number, number, number];
    const dims = t.header.filter((h) => !['min', 'value', 'cnt'].includes(h));
    const di = dims.map((d) => t.header.indexOf(d));
    const leaves = new Map<
      string,
      { values: string[]; num: number; den: number; expectedNum: number; expectedDen: number }
    >();
    for (const r of t.rows) {
      const age = (label.timestamp - Number(r[mi])) / 60;
      if (!(age >= 0 && age <= 4 && Number.isInteger(age))) continue;
      const values = di.map((i) => r[i]!);
      const key = values.join('\u0000');
      let leaf = leaves.get(key);
      if (!leaf) leaves.set(key, (leaf = { values, num: 0, den: 0, expectedNum: 0, expectedDen: 0 }));
      const cnt = Number(r[ci]);
      const good = cnt - Number(r[vi]);
      // Missing minutes count as 0: the forecast is the sum over the 4 previous minutes divided by 4.
      if (age === 0) {
        leaf.num += good;
        leaf.den += cnt;
      } else {
        leaf.expectedNum += good / 4;
        leaf.expectedDen += cnt / 4;
      }
    }
    const causes = Array.isArray(label.cause) ? label.cause : [label.cause];
    const truth = [
      ...new Set(causes.map((c) => elementKey(Object.fromEntries(Object.entries(c).map(([k, v]) => [k, String(v)]))))),
    ];
    return {
      name: label.data,
      group: 'RS',
      input: { dims, measure: { kind: 'ratio' as const }, leaves: [...leaves.values()] },
      truth,
    };
  });
}

/** A seeded pseudo-random generator in [0, 1) (mulberry32), so a shuffle can be replayed from its seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The same cube with its leaves in a seeded random order (Fisher-Yates). */
export function shuffledInput(input: RcaInput, seed: number): RcaInput {
  const random = seededRandom(seed);
  const leaves: Array<RcaInput['leaves'][number]> = [...input.leaves];
  for (let i = leaves.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [leaves[i], leaves[j]] = [leaves[j]!, leaves[i]!];
  }
  return { ...input, leaves } as RcaInput;
}
