// `vigil rca`: CSV parsing, input errors with their codes, the --json shape and the table, through commander.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { addRcaCommand } from '../../src/cli/rca-command.ts';
import { runRca } from '../../src/cli/run-rca.ts';
import { parseCsv } from '../../src/rca/parse-csv.ts';

const dir = mkdtempSync(join(tmpdir(), 'vigil-rca-'));
function csv(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

// 4 cities x 3 categories; every leaf in 'Jakarta Selatan' doubles, the rest stay within 1%.
const cities = ['Jakarta Selatan', '联通, north', 'Bandung', 'Medan'];
const rows = cities.flatMap((city, i) =>
  ['spa', 'food', 'salon'].map((cat, j) => {
    const expected = 100 + 10 * i + 7 * j;
    const actual = city === 'Jakarta Selatan' ? 2 * expected : expected * (1 + (((i * 3 + j) % 3) - 1) / 100);
    return `"${city.replace(/"/g, '""')}",${cat},${actual},${expected}`;
  }),
);
const GOOD = csv('good.csv', ['city,category,real,predict', ...rows].join('\r\n') + '\r\n');
const base = { csv: GOOD, dims: 'city,category', actual: 'real', expected: 'predict' };

afterEach(() => {
  vi.restoreAllMocks();
  process.exitCode = undefined;
});

async function cli(args: string[]): Promise<{ out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((s: string) => void out.push(s));
  vi.spyOn(console, 'error').mockImplementation((s: string) => void err.push(s));
  const program = new Command('vigil').exitOverride();
  addRcaCommand(program);
  await program.parseAsync(['node', 'vigil', 'rca', ...args]);
  return { out: out.join('\n'), err: err.join('\n') };
}

describe('parseCsv', () => {
  it('reads quoted fields with commas, doubled quotes and newlines, and numbers records by their first line', () => {
    const t = parseCsv('\uFEFFa,b\n"x, ""y""",2\n\n"multi\nline",3\n', 't.csv');
    expect(t.header).toEqual(['a', 'b']);
    expect(t.rows).toEqual([
      ['x, "y"', '2'],
      ['multi\nline', '3'],
    ]);
    expect(t.lines).toEqual([2, 4]);
  });

  it('rejects an unclosed quote', () => {
    expect(() => parseCsv('a,b\n"x,1\n', 't.csv')).toThrow(
      expect.objectContaining({ code: 'vigil_rca_csv_unclosed_quote' }),
    );
  });
});

describe('vigil rca', () => {
  it('--json prints { causes: [{ elements, score, ... }] } best first', async () => {
    const { out, err } = await cli([
      '--csv',
      GOOD,
      '--dims',
      'city,category',
      '--actual',
      'real',
      '--expected',
      'predict',
      '--json',
    ]);
    expect(err).toBe('');
    const parsed = JSON.parse(out) as { causes: Array<Record<string, unknown>> };
    expect(Object.keys(parsed)).toEqual(['causes']);
    expect(parsed.causes[0]).toMatchObject({
      elements: { city: 'Jakarta Selatan' },
      score: expect.any(Number),
      contribution: expect.any(Number),
    });
    expect(Object.keys(parsed.causes[0]!)).toEqual(
      expect.arrayContaining(['elements', 'score', 'baseline', 'current', 'change', 'contribution', 'baselineShare']),
    );
  });

  it('prints a ranked table without --json', async () => {
    const { out } = await cli(['--csv', GOOD, '--dims', 'city,category', '--actual', 'real', '--expected', 'predict']);
    const lines = out.split('\n');
    expect(lines[0]).toMatch(/#\s+slice\s+score/);
    expect(lines[1]).toMatch(/^1\s+city=Jakarta Selatan\s/);
  });

  it('keeps values with commas and Chinese text intact', () => {
    const text = [
      'isp,category,real,predict',
      ...['"联通, north"', '电信', '移动', '"a ""quoted"" isp"'].flatMap((isp, i) =>
        ['spa', 'food', 'salon'].map(
          (cat, j) => `${isp},${cat},${(i === 0 ? 3 : 1) * (100 + 10 * j + i)},${100 + 10 * j + i}`,
        ),
      ),
    ].join('\n');
    const out = JSON.parse(
      runRca({ csv: csv('isp.csv', text), dims: 'isp,category', actual: 'real', expected: 'predict', json: true })[0]!,
    ) as { causes: Array<{ elements: object }> };
    expect(out.causes[0]!.elements).toEqual({ isp: '联通, north' });
  });

  const bad: Array<[string, object, string[]]> = [
    ['a missing file', { csv: join(dir, 'nope.csv') }, ['Cannot read', 'vigil_rca_unreadable']],
    ['an unknown column', { dims: 'city,region' }, ['line 1', '"region"', 'vigil_rca_unknown_column']],
    [
      'both measures',
      { num: 'real', den: 'predict', expectedNum: 'real', expectedDen: 'predict' },
      ['both', 'vigil_rca_measure_conflict'],
    ],
    ['neither measure', { actual: undefined, expected: undefined }, ['no measure', 'vigil_rca_measure_missing']],
    [
      'an incomplete ratio',
      { actual: undefined, expected: undefined, num: 'real', den: 'predict' },
      ['--expected-num', 'vigil_rca_measure_missing'],
    ],
    [
      'a non-numeric value',
      { csv: csv('bad.csv', 'city,real,predict\nx,1,1\ny,abc,2\n'), dims: 'city' },
      ['line 3', '"abc"', 'vigil_rca_bad_number'],
    ],
    [
      'a short row',
      { csv: csv('short.csv', 'city,real,predict\nx,1\n'), dims: 'city' },
      ['line 2', 'vigil_rca_bad_row'],
    ],
  ];
  for (const [what, opts, expected] of bad) {
    it(`fails on ${what} with a vigil_rca_* error naming the place and the fix`, async () => {
      const o = { ...base, ...opts } as Record<string, string | undefined>;
      const args = Object.entries({
        csv: o.csv,
        dims: o.dims,
        actual: o.actual,
        expected: o.expected,
        num: o.num,
        den: o.den,
        'expected-num': o.expectedNum,
        'expected-den': o.expectedDen,
      }).flatMap(([k, v]) => (v === undefined ? [] : [`--${k}`, v]));
      const { out, err } = await cli(args);
      expect(out).toBe('');
      for (const e of expected) expect(err).toContain(e);
      expect(err).toContain('fix:');
      expect(process.exitCode).toBe(1);
    });
  }

  it('a ratio CSV finds the slice whose rate rose', () => {
    const lines = ['city,refunds,orders,exp_refunds,exp_orders'];
    for (const [i, city] of ['a', 'b', 'c', 'd', 'e', 'f'].entries()) {
      for (let k = 0; k < 4; k++) {
        const orders = 1000 + 37 * i + 11 * k;
        const rate = city === 'c' ? 0.2 : 0.05 * (1 + (((i + k) % 3) - 1) / 100);
        lines.push(`${city},${rate * orders},${orders},${0.05 * orders},${orders}`);
      }
    }
    const path = csv('ratio.csv', lines.join('\n'));
    const out = JSON.parse(
      runRca({
        csv: path,
        dims: 'city',
        num: 'refunds',
        den: 'orders',
        expectedNum: 'exp_refunds',
        expectedDen: 'exp_orders',
        json: true,
      })[0]!,
    ) as { causes: Array<{ elements: object; current: number }> };
    expect(out.causes[0]!.elements).toEqual({ city: 'c' });
    expect(out.causes[0]!.current).toBeCloseTo(0.2, 6);
  });
});
