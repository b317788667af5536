// runDetect: the production judge over a CSV series; grain from the spacing, out-of-order rows sorted with a warning.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runDetect } from '../../src/cli/run-detect.ts';
import { dataResolution, detectSeries, seriesScore, SERIES_DETECTOR } from '../../src/detect/detect-series.ts';

const dir = mkdtempSync(join(tmpdir(), 'vigil-run-detect-'));
const MIN = 60_000;

// A noisy level of 100 sampled every `stepMs`, a spike of 160 at row `spike`.
function series(stepMs: number, n: number, spike: number): string[] {
  return Array.from({ length: n }, (_, i) => {
    const at = new Date(Date.UTC(2024, 0, 1) + i * stepMs).toISOString().replace('T', ' ').slice(0, 19);
    return `${at},${i === spike ? 160 : 100 + ((i * 37) % 11) - 5}`;
  });
}

function detect(name: string, rows: string[]): { lines: string[]; warnings: string[] } {
  const path = join(dir, name);
  writeFileSync(path, ['timestamp,value', ...rows].join('\n') + '\n');
  const warnings: string[] = [];
  return { lines: runDetect(path, (l) => warnings.push(l)), warnings };
}

describe('runDetect', () => {
  it('prints timestamp,value,anomaly_score per row, scores in [0, 1], the planted spike an alert scoring highest', () => {
    const rows = series(5 * MIN, 1500, 1200);
    const { lines, warnings } = detect('spike.csv', rows);
    expect(lines[0]).toBe('timestamp,value,anomaly_score');
    expect(lines).toHaveLength(1501);
    expect(lines.slice(1).map((l) => l.split(',').slice(0, 2).join(','))).toEqual(rows);
    const scores = lines.slice(1).map((l) => Number(l.split(',')[2]));
    for (const s of scores) expect(s >= 0 && s <= 1).toBe(true);
    expect(scores.indexOf(Math.max(...scores))).toBe(1200);
    // At least 0.5: the judge's episode fired there (see seriesScore).
    expect(scores[1200]).toBeGreaterThanOrEqual(0.5);
    expect(warnings).toEqual([
      `${join(dir, 'spike.csv')}: judged at grain 5m (from the median spacing of the timestamps).`,
    ]);
  });

  it('infers the grain from the spacing and says which', () => {
    expect(detect('minutes.csv', series(MIN, 50, 40)).warnings[0]).toContain('grain 1m');
    expect(detect('hours.csv', series(60 * MIN, 50, 40)).warnings[0]).toContain('grain hour');
    expect(detect('days.csv', series(1440 * MIN, 50, 40)).warnings[0]).toContain('grain day');
  });

  it('sorts rows that go back in time, with a warning naming the row, and echoes them in input order', () => {
    const rows = series(5 * MIN, 600, 500);
    const shuffled = [...rows];
    [shuffled[300], shuffled[301]] = [shuffled[301]!, shuffled[300]!];
    const { lines, warnings } = detect('unsorted.csv', shuffled);
    expect(warnings[0]).toBe(
      `${join(dir, 'unsorted.csv')}: the timestamps go back in time at data row 302; judged in time order.`,
    );
    expect(lines.slice(1).map((l) => l.split(',').slice(0, 2).join(','))).toEqual(shuffled);
    const sorted = detect('sorted.csv', rows).lines.slice(1);
    const byRow = new Map(sorted.map((l) => [l.split(',')[0], l]));
    for (const l of lines.slice(1)) expect(l).toBe(byRow.get(l.split(',')[0]));
  });

  it('scores through judgeSeries: an alert scores at least 0.5, the points of its episode after it 0', () => {
    const verdict = {
      judgements: [null, { z: 8 }, { z: 6 }, { z: 1 }, { z: 2 }] as never,
      episodes: [{ start: 11, firedAt: 11, end: 13, peak: null as never, peakAt: 11 }],
      firing: false,
      healthyRun: 0,
      unjudged: { noData: 0, noHistory: 0 },
      lowHistory: 0,
    };
    expect(seriesScore(verdict, 10, 4)).toEqual([0, 0.5 + 8 / 12 / 2, 0, 1 / 5 / 2, 2 / 6 / 2]);
  });

  it('gives a bucket of several rows their mean, its score on its last row (judged once complete), and an empty series nothing', () => {
    const t = Date.UTC(2024, 0, 1);
    const stamps = Array.from({ length: 400 }, (_, i) => t + i * 5 * MIN);
    const values = stamps.map((_, i) => (i === 300 ? 160 : 100 + ((i * 37) % 11) - 5));
    stamps.splice(301, 0, t + 300 * 5 * MIN + MIN);
    values.splice(301, 0, 160);
    const r = detectSeries(stamps, values, SERIES_DETECTOR);
    expect(r.grain).toBe('5m');
    expect(r.scores[300]).toBe(0);
    expect(r.scores[301]).toBeGreaterThanOrEqual(0.5);
    expect(detectSeries([], []).scores).toEqual([]);
  });
});

describe('dataResolution', () => {
  it('is the smallest step between two distinct values: 1 for counts, 0 when all are equal', () => {
    expect(dataResolution([3, 0, 1, 7, 7])).toBe(1);
    expect(dataResolution([0.5, 0.25, 1.5])).toBe(0.25);
    expect(dataResolution([2, 2, 2])).toBe(0);
    expect(dataResolution([])).toBe(0);
  });

  it('floors the spread of a series: one event after a run of zeros is no alert, thirty are', () => {
    const t0 = Date.UTC(2024, 0, 1);
    const timestamps = Array.from({ length: 400 }, (_, i) => t0 + i * 5 * MIN);
    const values = timestamps.map((_, i) => (i === 300 ? 1 : i === 350 ? 30 : 0));
    const scores = detectSeries(timestamps, values).scores;
    expect(scores[300]).toBeLessThan(0.5);
    expect(scores[350]).toBeGreaterThanOrEqual(0.5);
    // Without the floor (resolution 0), the one event scores as an alert.
    expect(detectSeries(timestamps, values, { ...SERIES_DETECTOR, resolution: 0 }).scores[300]).toBeGreaterThanOrEqual(
      0.5,
    );
  });
});
