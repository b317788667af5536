// The conclusion step: the first case whose guard holds, templated from the results in local time; else "no single cause".
import { describe, expect, it } from 'vitest';
import { evaluateGuard, guardReferences } from '../../src/playbooks/evaluate-guard.ts';
import { playbookSchema } from '../../src/playbooks/playbook-schema.ts';
import { checkPlaybookReferences } from '../../src/playbooks/check-playbook-references.ts';
import { concludeFrom } from '../../src/playbooks/run-conclusion-step.ts';
import type { TemplateScope } from '../../src/playbooks/render-template.ts';
import { renderTemplate } from '../../src/playbooks/render-template.ts';

const scope = (ratio: unknown): TemplateScope => ({
  params: { vendor: 'vendor-b', language: null },
  steps: {
    staffing: {
      firstRow: { vendor: 'vendor-b', staffing_ratio: ratio, hour: '2026-11-18T22:00:00.000Z' },
      rows: 3,
    },
    sla: { firstRow: { current: 0.111, baseline: 0.97 }, rows: 1 },
  },
  timezone: 'Asia/Singapore',
});

const step = {
  cases: [
    {
      when: 'staffing.staffing_ratio < 0.7 and sla.current < sla.baseline',
      text: '{{staffing.vendor}} was under-staffed: {{staffing.staffing_ratio | pct}} of its usual agent hours {{staffing.hour | hour}}',
      elements: { vendor: '{{staffing.vendor}}', language: '{{params.language}}' },
    },
  ],
  otherwise: 'No single cause stands out: {{sla.current | pct}} within SLA.',
};

describe('the conclusion step', () => {
  it('states the cause from the figures, in local time, and names its slice', () => {
    const c = concludeFrom(step, scope('0.40'), new Map());
    expect(c.text).toBe('vendor-b was under-staffed: 40% of its usual agent hours 06:00–07:00.');
    expect(c.elements).toEqual({ vendor: 'vendor-b' });
    expect(c.case).toBe(0);
    expect(c.printed).toEqual([6, 0, 7, 0]);
  });

  it('follows the figures: another ratio, another sentence', () => {
    expect(concludeFrom(step, scope(0.55), new Map()).text).toContain('55% of its usual agent hours');
  });

  it('says no single cause stands out when no guard holds or a value is missing', () => {
    for (const ratio of [0.95, null, undefined]) {
      const c = concludeFrom(step, scope(ratio), new Map());
      expect(c.text).toBe('No single cause stands out: 11.1% within SLA.');
      expect(c.elements).toEqual({});
      expect(c.case).toBeNull();
    }
  });

  it('takes the slice of a drill-down cause with elements_from', () => {
    const earlier = new Map([['dd', { causes: [{ elements: { vendor: 'vendor-b', language: 'id' } }] } as never]]);
    const c = concludeFrom(
      {
        cases: [{ when: 'sla.current < 0.5', text: 'SLA fell.', elements: {}, elements_from: 'dd' }],
        otherwise: 'No single cause stands out.',
      },
      scope(1),
      earlier,
    );
    expect(c.elements).toEqual({ vendor: 'vendor-b', language: 'id' });
  });
});

describe('guards', () => {
  const s = scope(0.4);
  it('compare numbers, text and truthiness, joined by and', () => {
    expect(evaluateGuard('staffing.staffing_ratio <= 0.4', s)).toBe(true);
    expect(evaluateGuard("staffing.vendor == 'vendor-b' and staffing.rows >= 3", s)).toBe(true);
    expect(evaluateGuard('params.vendor and params.language', s)).toBe(false);
    expect(evaluateGuard('missing.x > 1', s)).toBe(false);
  });
  it('refuse what they cannot read', () => {
    expect(() => guardReferences('staffing.ratio <<< 1')).toThrow(/cannot read/);
    expect(guardReferences('a.b < c.d and e.f')).toEqual([
      ['a', 'b'],
      ['c', 'd'],
      ['e', 'f'],
    ]);
  });
});

describe('templates', () => {
  it('print durations as 12h and instants in local time', () => {
    const t: TemplateScope = {
      params: { window: 43200, to: '2026-11-19T07:00:00.000Z' },
      steps: {},
      timezone: 'Asia/Jakarta',
    };
    expect(renderTemplate('{{params.window | duration}} to {{params.to | when}}', t)).toBe('12h to Thu 19 Nov 14:00');
  });
});

describe('loading', () => {
  const file = (conclusion: Record<string, unknown>) =>
    playbookSchema.safeParse({
      id: 'x',
      title: 'x',
      description: 'x',
      steps: [
        { id: 'q', kind: 'query', sql: 'SELECT 1' },
        { id: 'c', kind: 'conclusion', ...conclusion },
      ],
    });
  it('requires the fallback to say no single cause stands out', () => {
    expect(file({ cases: [{ when: 'q.a > 1', text: 'x' }], otherwise: 'Nothing.' }).success).toBe(false);
    expect(file({ cases: [{ when: 'q.a > 1', text: 'x' }] }).success).toBe(true);
  });
  it('checks guard references, filters and elements_from', () => {
    const parsed = file({
      cases: [{ when: 'nope.a > 1', text: '{{q.a | bogus}}', elements_from: 'q' }],
    });
    expect(parsed.success).toBe(true);
    const problems = checkPlaybookReferences(parsed.data!).map((p) => p.message);
    expect(problems.join('\n')).toMatch(/'nope' is not an earlier step/);
    expect(problems.join('\n')).toMatch(/'\| bogus' is not a filter/);
    expect(problems.join('\n')).toMatch(/elements_from: 'q' is not an earlier drilldown step/);
  });
});
