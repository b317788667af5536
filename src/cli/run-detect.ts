// `vigil detect --csv FILE`: scores a `timestamp,value` series with the default detector, as CSV for NAB's scorer.
import { readFileSync } from 'node:fs';
import { scoreSeries } from '../detect/univariate/score-series.ts';
import { VigilError } from '../errors.ts';
import { parseSeriesCsv } from '../metrics/parse-series-csv.ts';

/** The lines `timestamp,value,anomaly_score` for the series in `path`, timestamps echoed as written. */
export function runDetect(path: string): string[] {
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
  for (let i = 1; i < timestamps.length; i++) {
    if (timestamps[i]! < timestamps[i - 1]!) {
      throw new VigilError(
        'vigil_csv_unsorted',
        `${path}: the timestamps go back in time at data row ${i + 1}.`,
        'Sort the rows by timestamp, oldest first: the detector reads the series as it happened.',
      );
    }
  }
  const scores = scoreSeries(timestamps, values);
  const raw = text
    .split(/\r?\n/)
    .slice(1)
    .filter((l) => l.trim() !== '')
    .map((l) => l.split(',')[0]!.trim());
  return ['timestamp,value,anomaly_score', ...raw.map((t, i) => `${t},${values[i]},${round(scores[i]!)}`)];
}

function round(score: number): string {
  return String(Math.round(score * 1e6) / 1e6);
}
