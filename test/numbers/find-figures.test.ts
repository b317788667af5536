import { describe, expect, it } from 'vitest';
import { findFigures } from '../../src/numbers/find-figures.ts';
import { checkFigures, emptyFigureFacts } from '../../src/numbers/match-figures.ts';
import { localDateTime } from '../../src/time/zone-time.ts';

const kinds = (text: string) => findFigures(text).map((f) => [f.kind, f.value, f.date ?? f.time ?? null]);

describe('findFigures', () => {
  it('reads units: percent, points, money with suffixes, durations, multiples, counts', () => {
    expect(
      kinds('refund rate 2.9% (+0.8pt), $1.2M refunded, 3,100 orders, p90 48 min, open 19 h, 2.5 hours, 3x the usual'),
    ).toEqual([
      ['percent', 2.9, null],
      ['points', 0.8, null],
      ['currency', 1_200_000, null],
      ['plain', 3100, null],
      ['minutes', 48, null],
      ['hours', 19, null],
      ['hours', 2.5, null],
      ['multiple', 3, null],
    ]);
  });

  it('reads dates and times, and incident numbers', () => {
    expect(kinds('since 06-02 14:00, next 2025-06-03, data to 23:00, Jun 3rd, incident #12 and INC-7')).toEqual([
      ['datetime', 0, '06-02'],
      ['date', 0, '2025-06-03'],
      ['time', 0, '23:00'],
      ['date', 0, '06-03'],
      ['incident', 12, null],
      ['incident', 7, null],
    ]);
  });

  it('skips digits inside identifiers and the summary period phrases', () => {
    expect(
      findFigures(
        'merchant_id=27003, merchant 27003, vendor-2, <@U123ABC>, SEV2, p90, M1, `city=x1`, vs the 4-week median and 7 days ago, complaints/1k orders',
      ),
    ).toEqual([]);
  });

  it('reads a figure whose last digits look like a period phrase ("4.7 days" is not "7 days")', () => {
    expect(kinds('open 4.7 days, 1.28 days')).toEqual([
      ['days', 4.7, null],
      ['days', 1.28, null],
    ]);
  });

  it('widens the tolerance after "about" to the last non-zero digit', () => {
    const [f] = findFigures('about 3,100 orders');
    expect(f!.tolerance).toBe(50);
    expect(findFigures('3,100 orders')[0]!.tolerance).toBe(0.5);
  });
});

describe('checkFigures', () => {
  const facts = {
    ...emptyFigureFacts(),
    percent: [2.87],
    points: [0.81],
    plain: [3087],
    minutes: [48],
    currency: [410_000],
    instants: ['2025-06-02 14:00'],
    incidentIds: [12],
  };

  it('accepts figures within their rounding and in their unit', () => {
    expect(
      checkFigures('2.9% (+0.8pt), about 3,100 orders, 48 min (0.8 h), $410k, since 06-02 14:00 (#12)', facts)
        .unmatched,
    ).toEqual([]);
  });

  it('rejects invented, mis-rounded, unit-swapped and sign-flipped figures', () => {
    const bad = checkFigures('3.0%, +0.8%, 3,100 orders, 48 h, $2.9, -0.8pt, 06-03, #13', facts).unmatched.map(
      (u) => u.figure.text,
    );
    expect(bad).toEqual(['3.0%', '+0.8%', '3,100', '48 h', '$2.9', '-0.8pt', '06-03', '#13']);
  });
});

describe('localDateTime', () => {
  it('prints an instant in the time zone', () => {
    expect(localDateTime('2025-06-02T07:00:30Z', 'Asia/Jakarta')).toBe('2025-06-02 14:00');
  });
});
