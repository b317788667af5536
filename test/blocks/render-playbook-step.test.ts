import { describe, expect, it } from 'vitest';
import { assertWithinLimits } from '../../src/blocks/assert-within-limits.ts';
import { causeLine, renderCauses } from '../../src/blocks/render-playbook-causes.ts';
import { renderStepBlocks } from '../../src/blocks/render-playbook-step.ts';
import { refundRun, step } from './render-playbook-fixtures.ts';

const pos = { index: 2, total: 5, timezone: 'UTC' };
const texts = (blocks: unknown[]) => JSON.stringify(blocks);

describe('renderStepBlocks', () => {
  it('shows a query as a table with "showing 15 of 230 rows"', () => {
    const blocks = renderStepBlocks(refundRun().steps[0]!, { ...pos, index: 1 });
    assertWithinLimits(blocks);
    expect(texts(blocks)).toContain('1/5 · Refunds by day');
    expect(texts(blocks)).toContain('showing 15 of 230 rows');
    expect(texts(blocks)).toContain('230 rows');
  });

  it('shows a drill-down as a ranked list with baseline, current, change, contribution and baseline share', () => {
    const blocks = renderStepBlocks(refundRun().steps[1]!, pos);
    assertWithinLimits(blocks);
    expect(texts(blocks)).toContain(
      '1. *city=jakarta · category=spa*: 1.0% → 4.1% (+3.1 pt), 84.0% of the change, 12.0% of the baseline',
    );
    expect(texts(blocks)).toContain('2. *city=manila*');
    expect(texts(blocks)).toContain('2 causes');
  });

  it('reports a failed step with its message, hint and code', () => {
    const blocks = renderStepBlocks(refundRun().steps[4]!, { ...pos, index: 5 });
    expect(texts(blocks)).toContain(
      ':x: The query ran past its 5 s timeout.\\n_Narrow the window._ (`vigil_playbook_step_timeout`)',
    );
  });

  it('escapes note text and shows dry-run SQL in code blocks', () => {
    expect(texts(renderStepBlocks(refundRun().steps[3]!, pos))).toContain('rose 4x &lt;fast&gt;.');
    const dry = renderStepBlocks(
      step({
        id: 'q',
        kind: 'query',
        skipped: true,
        sql: [{ sql: 'SELECT * FROM refunds WHERE city = :city', params: { city: 'jakarta' } }],
      }),
      pos,
    );
    assertWithinLimits(dry);
    expect(texts(dry)).toContain('it would run');
    expect(texts(dry)).toContain('```SELECT * FROM refunds WHERE city = :city\\n-- {\\"city\\":\\"jakarta\\"}```');
  });

  it('prints a compare step in its unit: ratios as percentages and their change in points', () => {
    const compare = step({
      id: 'rate',
      kind: 'compare',
      unit: 'ratio',
      rows: 1,
      columns: ['current', 'baseline', 'change', 'change_pct'],
      data: [{ current: 0.05286, baseline: 0.03236, change: 0.0205, change_pct: 0.6335 }],
    });
    expect(texts(renderStepBlocks(compare, pos))).toMatch(/5\.3%\s+3\.2%\s+\+2\.05 pt\s+\+63\.3%/);
  });

  it('shows no table for a step whose rows only feed a later one (show: none)', () => {
    const blocks = renderStepBlocks(
      step({
        id: 'hourly',
        kind: 'query',
        rows: 48,
        showRows: 0,
        columns: ['hour', 'rate'],
        data: [{ hour: 1, rate: 2 }],
      }),
      pos,
    );
    expect(blocks).toHaveLength(2);
    expect(texts(blocks)).toContain('48 rows');
  });

  it('stays within limits with a huge SQL, error and many findings', () => {
    const big = step({
      id: 'q',
      kind: 'query',
      ok: false,
      findings: Array.from({ length: 200 }, (_, i) => `finding ${i} ${'x'.repeat(30)}`),
      error: { code: 'c', message: 'm'.repeat(5000), hint: 'h'.repeat(500) },
    });
    assertWithinLimits(renderStepBlocks(big, pos));
  });
});

describe('renderCauses', () => {
  it('says when nothing stands out, and counts causes that do not fit', () => {
    expect(renderCauses([], 'count')).toMatch(/No slice stands out/);
    const many = Array.from({ length: 100 }, (_, i) => ({
      elements: { merchant: `m${i}`.repeat(10) },
      score: 1,
      baseline: 10,
      current: 30,
      change: 20,
      contribution: 0.01,
      baselineShare: 0.01,
    }));
    const text = renderCauses(many, 'count');
    expect(text.length).toBeLessThanOrEqual(3000);
    expect(text).toMatch(/…and \d+ more_$/);
  });

  it('prints counts with separators and a relative change, zero baselines as a difference', () => {
    const c = {
      elements: { city: 'bali' },
      score: 1,
      baseline: 1200,
      current: 3600,
      change: 2400,
      contribution: 0.5,
      baselineShare: 0.25,
    };
    expect(causeLine(c, 1, 'count')).toBe(
      '1. *city=bali*: 1,200 → 3,600 (+200%), 50.0% of the change, 25.0% of the baseline',
    );
    expect(causeLine({ ...c, baseline: 0, current: 7 }, 2, 'number')).toContain('0 → 7 (+7)');
  });
});
