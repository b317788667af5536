// A figure misses its target only as printed: the digest never says "3% (target 3%): worse than target".
import { describe, expect, it } from 'vitest';
import { printedFigure } from '../../src/i18n/format-figures.ts';
import { missesTarget } from '../../src/summaries/misses-target.ts';
import { vendorsWorstFirst } from '../../src/summaries/vendor-ranking.ts';

describe('printedFigure', () => {
  it('is the number the precision rule prints, in the unit shown', () => {
    expect(printedFigure(0.0304, 'ratio')).toBe(3);
    expect(printedFigure(0.03049, 'ratio')).toBe(3);
    expect(printedFigure(0.0306, 'ratio')).toBe(3.1);
    expect(printedFigure(0.00523, 'ratio')).toBe(0.52);
    expect(printedFigure(90, 'minutes')).toBe(90);
    expect(printedFigure(150, 'minutes')).toBe(2.5);
    expect(printedFigure(1284, 'count')).toBe(1284);
    expect(printedFigure(12.34, 'currency')).toBe(12.3);
  });
});

describe('missesTarget', () => {
  it('compares printed figures on the bad side only', () => {
    expect(missesTarget(0.0304, 0.03, 'up', 'ratio')).toBe(false);
    expect(missesTarget(0.0306, 0.03, 'up', 'ratio')).toBe(true);
    expect(missesTarget(0.9849, 0.985, 'down', 'ratio')).toBe(false);
    expect(missesTarget(0.984, 0.985, 'down', 'ratio')).toBe(true);
    expect(missesTarget(0.5, 0.03, 'both', 'ratio')).toBe(false);
    expect(missesTarget(0.02, 0.03, 'up', 'ratio')).toBe(false);
  });
});

describe('vendorsWorstFirst', () => {
  it('marks a vendor red only where its printed figure misses the printed target', () => {
    const ranked = vendorsWorstFirst({
      columns: [{ key: 'sla', label: 'SLA', unit: 'ratio', target: 0.8, bad: 'down' }],
      rows: [
        { vendor: 'vendor-a', values: { sla: 0.7996 } },
        { vendor: 'vendor-b', values: { sla: 0.79 } },
      ],
    });
    expect(ranked.map((r) => [r.row.vendor, [...r.worse]])).toEqual([
      ['vendor-b', ['sla']],
      ['vendor-a', []],
    ]);
  });
});
