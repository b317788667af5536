import { describe, expect, it } from 'vitest';
import { assertWithinLimits } from '../../src/blocks/assert-within-limits.ts';
import { section } from '../../src/blocks/block-limits.ts';
import { formatCell, renderTable } from '../../src/blocks/render-playbook-table.ts';

describe('renderTable', () => {
  it('aligns columns, right-aligns numbers, and says how many rows it shows of all', () => {
    const rows = Array.from({ length: 20 }, (_, i) => ({
      city: i === 0 ? 'jakarta' : 'bali',
      refunds: 1000 * (i + 1),
      rate: 0.012345,
    }));
    const text = renderTable({ columns: ['city', 'refunds', 'rate'], rows, total: 230, showRows: 3 });
    expect(text).toBe(
      [
        '```city     refunds     rate',
        '-------  -------  -------',
        'jakarta    1,000  0.01235',
        'bali       2,000  0.01235',
        'bali       3,000  0.01235```',
        '_showing 3 of 230 rows_',
      ].join('\n'),
    );
  });

  it('prints no "showing" line when every row is shown, and says so when there are none', () => {
    expect(renderTable({ columns: ['a'], rows: [{ a: 1 }] })).not.toContain('showing');
    expect(renderTable({ columns: ['a'], rows: [] })).toBe('_No rows._');
  });

  it('drops rows (never cuts one) to stay within a section, and escapes mrkdwn', () => {
    const rows = Array.from({ length: 50 }, (_, i) => ({
      name: `<merchant & ${i}> ${'x'.repeat(40)}`,
      a: 'y'.repeat(30),
      b: 'z'.repeat(30),
      n: i,
    }));
    const text = renderTable({ columns: ['name', 'a', 'b', 'n'], rows, total: 50, showRows: 50 });
    assertWithinLimits([section(text)]);
    expect(section(text).text!.text).toBe(text);
    expect(text).toMatch(/_showing \d+ of 50 rows_$/);
    expect(text).toContain('&lt;merchant &amp; 0&gt;');
    expect(
      text
        .split('```')[1]!
        .split('\n')
        .every((l, _i, all) => l.length <= all[0]!.length + 40),
    ).toBe(true);
  });

  it('formats cells: numeric text, dates in the zone, objects, nulls and long text', () => {
    expect(formatCell('12345.678')).toBe('12,345.68');
    expect(formatCell(new Date('2026-03-01T17:00:00Z'), 'Asia/Jakarta')).toBe('2026-03-02');
    expect(formatCell('2026-03-01T10:30:00.000Z', 'UTC')).toBe('2026-03-01 10:30');
    expect(formatCell({ city: 'x' })).toBe('{"city":"x"}');
    expect(formatCell(null)).toBe('');
    expect(formatCell('a'.repeat(50))).toHaveLength(28);
  });

  it('prints ids without separators, and leaves out the last columns of a table too wide to read', () => {
    const row = Object.fromEntries(Array.from({ length: 16 }, (_, i) => [`column_${i}`, 'x'.repeat(12)]));
    const text = renderTable({ columns: ['merchant_id', ...Object.keys(row)], rows: [{ merchant_id: 26417, ...row }] });
    expect(text).toContain('26417');
    expect(text.split('\n')[0]!.length).toBeLessThanOrEqual(3 + 120);
    expect(text).toMatch(/_9 more columns not shown: column_7, column_8, .*column_15_$/);
  });

  it('uses a column formatter when given', () => {
    expect(
      renderTable({
        columns: ['rate'],
        rows: [{ rate: 0.0529 }, { rate: null }],
        formats: { rate: (v) => `${Number(v) * 100}%` },
      }),
    ).toContain('5.29%');
  });
});
