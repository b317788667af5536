// `vigil detect --csv FILE`: judges a `timestamp,value` series with the production judge, as CSV for NAB's scorer.
import { readFileSync } from 'node:fs';
import { detectSeries } from '../detect/detect-series.ts';
import { VigilError } from '../errors.ts';
import { parseSeriesCsv } from '../metrics/parse-series-csv.ts';

/** The lines `timestamp,value,anomaly_score` for the series in `path`, timestamps echoed as written; notes go to `warn`. */
export function runDetect(
  path: string,
  warn: (line: string) => void = (l) => process.stderr.write(`${l}\n`),
): string[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new VigilError(
      'vigil_csv_unreadable',
      `Cannot read ${path}: ${(err as Error).message}.`,
      'Pass the path of an existing CSV file whose first line is "timestamp,value".',
      { cause: err },
    );
  }
  const { timestamps, values } = parseSeriesCsv(text, path);
  const detected = detectSeries(timestamps, values);
  if (detected.unsortedAt !== null)
    warn(`${path}: the timestamps go back in time at data row ${detected.unsortedAt}; judged in time order.`);
  warn(`${path}: judged at grain ${detected.grain} (from the median spacing of the timestamps).`);
  const raw = text
    .split(/\r?\n/)
    .slice(1)
    .filter((l) => l.trim() !== '')
    .map((l) => l.split(',')[0]!.trim());
  return ['timestamp,value,anomaly_score', ...raw.map((t, i) => `${t},${values[i]},${round(detected.scores[i]!)}`)];
}

function round(score: number): string {
  return String(Math.round(score * 1e6) / 1e6);
}
