// File I/O for the NAB corpus: data files, labelled windows, published detector results.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { VigilError } from '../../src/errors.ts';
import { parseSeriesCsv } from '../../src/metrics/parse-series-csv.ts';
import { parseTimestamp } from '../../src/metrics/parse-timestamp.ts';
import type { ProfileName } from './nab-profiles.ts';
import type { NabWindow } from './sweep-file.ts';

/** One NAB data file with its labelled windows. */
export interface NabFile {
  /** "<category>/<file>.csv", the key in combined_windows.json. */
  name: string;
  timestamps: number[];
  values: number[];
  windows: NabWindow[];
}

/** Where the NAB data sits: NAB_DIR (NAB_DATA_DIR, its former name, still read), else data/nab in the repository (a copy of github.com/numenta/NAB, not committed). */
export function nabDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.NAB_DIR || env.NAB_DATA_DIR || resolve(dirname(fileURLToPath(import.meta.url)), '../../data/nab');
}

/** Whether `dir` looks like a NAB data directory (data/ and labels/combined_windows.json). */
export function hasNabData(dir: string): boolean {
  return existsSync(join(dir, 'data')) && existsSync(join(dir, 'labels', 'combined_windows.json'));
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new VigilError(
      'vigil_nab_unreadable',
      `Cannot read ${path}: ${(err as Error).message}.`,
      'Point NAB_DIR at a copy of NAB (data/, labels/, published-results/).',
      { cause: err },
    );
  }
}

/** Reads every data file listed in labels/combined_windows.json, with its windows, sorted by name. */
export function readNabCorpus(dir: string): NabFile[] {
  const labels = JSON.parse(readText(join(dir, 'labels', 'combined_windows.json'))) as Record<
    string,
    Array<[string, string]>
  >;
  return Object.keys(labels)
    .sort()
    .map((name) => {
      const path = join(dir, 'data', name);
      const { timestamps, values } = parseSeriesCsv(readText(path), path);
      const windows = labels[name]!.map(([a, b]) => {
        const start = parseTimestamp(a);
        const end = parseTimestamp(b);
        if (start === undefined || end === undefined)
          throw new VigilError(
            'vigil_nab_bad_window',
            `${name}: cannot read window [${a}, ${b}].`,
            'Restore labels/combined_windows.json from NAB.',
          );
        return { start, end };
      });
      return { name, timestamps, values, windows };
    });
}

/** The detectors with published per-row results under published-results/. */
export function publishedDetectors(dir: string): string[] {
  const root = join(dir, 'published-results');
  return readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
}

/** A detector's published anomaly scores for one data file ("<category>/<file>.csv"). */
export function readPublishedScores(dir: string, detector: string, name: string): number[] {
  const [category, file] = name.split('/');
  const path = join(dir, 'published-results', detector, category!, `${detector}_${file}`);
  return parseSeriesCsv(readText(path), path, 'anomaly_score').values;
}

/** published-results/final_results.json: detector -> profile -> normalised score. */
export function readFinalResults(dir: string): Record<string, Record<ProfileName, number>> {
  return JSON.parse(readText(join(dir, 'published-results', 'final_results.json'))) as Record<
    string,
    Record<ProfileName, number>
  >;
}
