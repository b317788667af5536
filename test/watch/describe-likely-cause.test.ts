// The likely cause in plain words: the slice it names and the line the card shows.
import { describe, expect, it } from 'vitest';
import { describeLikelyCause, type LikelyCauseCell } from '../../src/watch/describe-likely-cause.ts';

const VENDORS = ['vendor-a', 'vendor-b', 'vendor-c'];
const LANGUAGES = ['en', 'id', 'th', 'vi'];

// Tickets answered within SLA by vendor x language: about 97% everywhere, `hot` at `rate` now.
function slaCells(hot: (v: string, l: string) => boolean, rate: number): LikelyCauseCell[] {
  const cells: LikelyCauseCell[] = [];
  let i = 0;
  for (const vendor of VENDORS)
    for (const language of LANGUAGES) {
      const den = 200 + 10 * i++;
      const now = hot(vendor, language) ? rate : 0.97 + (i % 3) * 0.002;
      cells.push({
        values: { vendor, language },
        num: Math.round(now * den),
        den,
        expectedNum: 0.972 * den,
        expectedDen: den,
      });
    }
  return cells;
}

describe('describeLikelyCause', () => {
  it('names a ratio shortfall with percentages and its share of the shortfall', () => {
    const cause = describeLikelyCause({
      kind: 'ratio',
      unit: 'ratio',
      scale: 1,
      dims: ['vendor', 'language'],
      cells: slaCells((v, l) => v === 'vendor-b' && l === 'id', 0.229),
      slice: {},
    });
    expect(cause?.source).toBe('drill-down');
    expect(cause?.elements).toEqual({ vendor: 'vendor-b', language: 'id' });
    expect(cause?.text).toMatch(
      /^Likely cause: vendor-b · language id — 22\.\d% vs 97\.2% expected, \d+% of the shortfall\.$/,
    );
  });

  it('names a ratio rise inside the incident slice and keeps the slice in the elements', () => {
    const cause = describeLikelyCause({
      kind: 'ratio',
      unit: 'ratio',
      scale: 1,
      dims: ['vendor', 'language'],
      cells: slaCells(() => false, 0).map((c) =>
        'num' in c && c.values.vendor === 'vendor-c' && c.values.language === 'th' ? { ...c, num: c.den } : c,
      ),
      slice: { vendor: 'vendor-c' },
    });
    expect(cause?.elements).toEqual({ vendor: 'vendor-c', language: 'th' });
    expect(cause?.text).toMatch(
      /^Likely cause: vendor-c · language th — 100\.0% vs 97\.2% expected, \d+% of the rise\.$/,
    );
  });

  it('names a count with integers and thousands separators', () => {
    const cells: LikelyCauseCell[] = ['jakarta', 'bandung', 'surabaya', 'medan', 'bali', 'makassar'].map((city) => ({
      values: { city },
      actual: city === 'jakarta' ? 12_480 : 2_000,
      expected: city === 'jakarta' ? 4_000 : 2_010,
    }));
    const cause = describeLikelyCause({ kind: 'amount', unit: 'count', scale: 1, dims: ['city'], cells, slice: {} });
    expect(cause?.elements).toEqual({ city: 'jakarta' });
    expect(cause?.text).toBe('Likely cause: city jakarta — 12,480 vs 4,000 expected, 101% of the rise.');
  });

  it('says so when no single slice stands out', () => {
    const cells: LikelyCauseCell[] = [];
    for (let i = 0; i < 12; i++)
      cells.push({ values: { city: `city-${i}` }, actual: 1_100 + (i % 2), expected: 1_000 });
    const cause = describeLikelyCause({ kind: 'amount', unit: 'count', scale: 1, dims: ['city'], cells, slice: {} });
    expect(cause).toEqual({
      elements: {},
      text: 'No single slice stands out: the change is spread across 12 slices.',
      source: 'drill-down',
    });
  });

  it('names the slice itself, with its reading, when the slice fixes every dimension', () => {
    const cells = slaCells((v, l) => v === 'vendor-b' && l === 'id', 0.229);
    expect(
      describeLikelyCause({
        kind: 'ratio',
        unit: 'ratio',
        scale: 1,
        dims: ['vendor', 'language'],
        cells,
        slice: { vendor: 'vendor-b', language: 'id' },
      }),
    ).toEqual({
      elements: { vendor: 'vendor-b', language: 'id' },
      text: 'Confined to vendor-b · language id — 22.8% vs 97.2% expected; the metric breaks down no further.',
      source: 'drill-down',
    });
  });

  it('returns null when the slice fixes every dimension and has no cell', () => {
    expect(
      describeLikelyCause({
        kind: 'ratio',
        unit: 'ratio',
        scale: 1,
        dims: ['vendor'],
        cells: [],
        slice: { vendor: 'vendor-b' },
      }),
    ).toBeNull();
  });
});

describe('describeLikelyCause without cells', () => {
  it('returns null when no cell lies inside the slice', () => {
    const cells: LikelyCauseCell[] = [{ values: { city: 'jakarta', category: 'spa' }, actual: 5, expected: 4 }];
    expect(
      describeLikelyCause({
        kind: 'amount',
        unit: 'count',
        scale: 1,
        dims: ['city', 'category'],
        cells,
        slice: { city: 'bangkok' },
      }),
    ).toBeNull();
  });
});
