// A playbook run as the engine reports it, for the renderer, handler and poster tests.
import type { Playbook } from '../../src/playbooks/playbook-schema.ts';
import type { PlaybookRunResult, StepOutcome } from '../../src/playbooks/run-types.ts';

/** A step with every field filled with a neutral value; `over` sets what a test cares about. */
export function step(over: Partial<StepOutcome> & Pick<StepOutcome, 'id' | 'kind'>): StepOutcome {
  return {
    title: over.id,
    ok: true,
    skipped: false,
    rows: 0,
    ms: 12,
    sql: [],
    columns: [],
    data: [],
    findings: [],
    ...over,
  };
}

/** A five-step refund-spike run: a table, a drill-down, a chart, a note and a failed query. */
export function refundRun(over: Partial<PlaybookRunResult> = {}): PlaybookRunResult {
  const startedAt = new Date('2026-03-02T08:00:00Z');
  return {
    id: 'refund-spike',
    title: 'Refund spike',
    ok: false,
    dryRun: false,
    params: {
      metric: 'refund_rate',
      slice: { city: 'jakarta' },
      from: '2026-03-01T00:00:00.000Z',
      to: '2026-03-02T00:00:00.000Z',
      top: 15,
    },
    steps: [
      step({
        id: 'by_day',
        kind: 'query',
        title: 'Refunds by day',
        rows: 230,
        showRows: 15,
        columns: ['day', 'city', 'refunds', 'rate'],
        data: Array.from({ length: 200 }, (_, i) => ({
          day: new Date(Date.UTC(2026, 0, 1) + i * 86_400_000),
          city: i % 2 ? 'jakarta' : 'manila',
          refunds: 1000 + i,
          rate: '0.0' + (100 + i),
        })),
      }),
      step({
        id: 'drill',
        kind: 'drilldown',
        title: 'Drilling down by city x category',
        rows: 2,
        unit: 'ratio',
        causes: [
          {
            elements: { city: 'jakarta', category: 'spa' },
            score: 0.9,
            baseline: 0.01,
            current: 0.041,
            change: 0.031,
            contribution: 0.84,
            baselineShare: 0.12,
          },
          {
            elements: { city: 'manila' },
            score: 0.4,
            baseline: 0.02,
            current: 0.025,
            change: 0.005,
            contribution: 0.1,
            baselineShare: 0.3,
          },
        ],
        findings: ['city=jakarta category=spa explains 84% of the change'],
      }),
      step({ id: 'trend', kind: 'chart', title: 'Refund rate by hour', rows: 48, png: Buffer.from('png') }),
      step({ id: 'note', kind: 'note', title: 'Note', text: 'Refunds in Jakarta spa rose 4x <fast>.' }),
      step({
        id: 'merchants',
        kind: 'query',
        title: 'Top merchants',
        ok: false,
        error: {
          code: 'vigil_playbook_step_timeout',
          message: 'The query ran past its 5 s timeout.',
          hint: 'Narrow the window.',
        },
      }),
    ],
    findings: ['city=jakarta category=spa explains 84% of the change', 'Refunds in Jakarta spa rose 4x'],
    startedAt,
    finishedAt: new Date(startedAt.getTime() + 3200),
    ...over,
  };
}

/** A playbook as the loader returns it. */
export function refundPlaybook(): Playbook {
  return {
    id: 'refund-spike',
    title: 'Refund spike',
    description: 'Where refunds rose and why.\nSecond line.',
    metrics: ['refund_rate'],
    params: {
      city: { type: 'string', required: false, from_incident: 'slice.city', description: 'the city' },
      window: { type: 'duration', required: false, default: '24h' },
      merchant_id: { type: 'string', required: true },
      mode: { type: 'enum', required: false, values: ['fast', 'full'], default: 'fast' },
    },
    steps: [
      { id: 'by_day', kind: 'query', title: 'Refunds by day', sql: 'SELECT 1', show: 'table', max_rows: 15 },
      { id: 'note', kind: 'note', text: 'hello' },
    ],
  };
}
