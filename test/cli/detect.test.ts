// `vigil detect --csv FILE`, run as a user would: CSV out on success, exit 1 naming file, line and fix on bad input.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { childEnv, runVigil } from '../helpers/run-vigil.ts';

const dir = mkdtempSync(join(tmpdir(), 'vigil-detect-'));
function csv(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}
const HOUR = 3_600_000;
const rows = Array.from({ length: 400 }, (_, i) => {
  const at = new Date(Date.UTC(2024, 0, 1) + i * HOUR).toISOString().replace('T', ' ').slice(0, 19);
  const value = i === 350 ? 500 : 100 + 10 * Math.sin((2 * Math.PI * i) / 24) + ((i * 37) % 11) / 10;
  return `${at},${value}`;
});

describe('vigil detect --csv', () => {
  it('prints timestamp,value,anomaly_score for every row, the spike scoring highest, and the grain on stderr', async () => {
    const path = csv('series.csv', ['timestamp,value', ...rows].join('\n') + '\n');
    const { code, stdout, stderr } = await runVigil(['detect', '--csv', path], childEnv({}));
    expect(stderr).toBe(`${path}: judged at grain hour (from the median spacing of the timestamps).\n`);
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines[0]).toBe('timestamp,value,anomaly_score');
    expect(lines).toHaveLength(401);
    expect(lines[1]).toMatch(/^2024-01-01 00:00:00,\d+(\.\d+)?,0$/);
    const scores = lines.slice(1).map((l) => Number(l.split(',')[2]));
    for (const s of scores) expect(s >= 0 && s <= 1).toBe(true);
    expect(scores.indexOf(Math.max(...scores))).toBe(350);
  });

  const bad: Array<[string, string | undefined, string[]]> = [
    ['a missing file', undefined, ['Cannot read', 'code: vigil_csv_unreadable']],
    ['a wrong header', 'time,amount\n2024-01-01,1\n', ['line 1', 'timestamp,value', 'code: vigil_csv_bad_header']],
    [
      'a non-numeric value',
      'timestamp,value\n2024-01-01 00:00:00,1\n2024-01-01 01:00:00,abc\n',
      ['line 3', '"abc"', 'fix:', 'code: vigil_csv_bad_value'],
    ],
    [
      'an unparsable timestamp',
      'timestamp,value\n2024-01-01 00:00:00,1\nyesterday,2\n',
      ['line 3', '"yesterday"', 'ISO 8601', 'code: vigil_csv_bad_timestamp'],
    ],
  ];
  for (const [what, text, expected] of bad) {
    it(`exits 1 on ${what}, naming the file and the fix`, async () => {
      const path = text === undefined ? join(dir, 'absent.csv') : csv(`${what.replace(/\W+/g, '-')}.csv`, text);
      const { code, stdout, stderr } = await runVigil(['detect', '--csv', path], childEnv({}));
      expect(code).toBe(1);
      expect(stdout).toBe('');
      expect(stderr).toContain(path);
      for (const e of expected) expect(stderr).toContain(e);
    });
  }
});
