// A run says its window in local time, durations as 12h, and that an incident's run uses the card's window.
import { describe, expect, it } from 'vitest';
import { describeRunParams, describeRunWindow } from '../../src/blocks/render-playbook-window.ts';
import { renderHeadline } from '../../src/blocks/render-playbook-progress.ts';
import { printPlaybookRun } from '../../src/cli/print-playbook-run.ts';
import type { PlaybookRunResult } from '../../src/playbooks/run-types.ts';

const run = (over: Partial<PlaybookRunResult> = {}): PlaybookRunResult => ({
  id: 'cs-sla-breach',
  title: 'CS first-response SLA breach',
  ok: true,
  dryRun: false,
  params: {
    vendor: 'vendor-b',
    language: null,
    window: 43200,
    from: '2026-11-18T22:00:00.000Z',
    to: '2026-11-18T23:00:00.000Z',
  },
  paramTypes: { vendor: 'string', language: 'string', window: 'duration', from: 'date', to: 'date' },
  timezone: 'Asia/Singapore',
  steps: [],
  findings: [],
  conclusion: {
    text: 'vendor-b was under-staffed: 40% of its usual agent hours 06:00–07:00.',
    elements: { vendor: 'vendor-b' },
  },
  startedAt: new Date('2026-11-19T00:00:00Z'),
  finishedAt: new Date('2026-11-19T00:00:02Z'),
  ...over,
});

describe('the window and parameters of a run', () => {
  it('reads in local time, with durations as 12h, never UTC ISO or seconds', () => {
    expect(describeRunWindow(run(), 'Asia/Singapore')).toBe('Window: 2026-11-19 06:00–07:00 Asia/Singapore (1h).');
    expect(describeRunParams(run(), 'Asia/Singapore')).toBe('vendor=vendor-b');
    const noWindow = run({
      params: { window: 43200, threshold_bp: 100 },
      paramTypes: { window: 'duration', threshold_bp: 'int' },
    });
    expect(describeRunParams(noWindow, 'Asia/Singapore')).toBe('window=12h threshold_bp=100');
  });

  it("says an incident's run uses the card's window, or that the command gave another", () => {
    const source = { incidentId: 12, windowStart: '2026-11-18T22:00:00.000Z', windowEnd: '2026-11-18T23:00:00.000Z' };
    expect(describeRunWindow(run({ windowSource: source }), 'Asia/Singapore')).toBe(
      "Window: 2026-11-19 06:00–07:00 Asia/Singapore (1h), the window of incident #12's card (its anomalous bucket).",
    );
    const other = describeRunWindow(
      run({ windowSource: { ...source, windowStart: '2026-11-18T20:00:00.000Z' } }),
      'Asia/Singapore',
    );
    expect(other).toContain(
      "given on the command; incident #12's card judged 2026-11-19 04:00–07:00 Asia/Singapore (3h)",
    );
  });

  it('shows in the Slack headline and the CLI, with the conclusion', () => {
    const headline = JSON.stringify(
      renderHeadline({ playbookId: 'cs-sla-breach', title: 'x', requestedBy: 'U1' }, run(), 3),
    );
    expect(headline).toContain('Window: 2026-11-19 06:00–07:00 Asia/Singapore');
    expect(headline).toContain('vendor=vendor-b');
    expect(headline).toContain('*Conclusion:* vendor-b was under-staffed');
    expect(headline).not.toContain('43200');
    expect(headline).not.toContain('T22:00');
    const lines = printPlaybookRun(run(), 3).join('\n');
    expect(lines).toContain('params: vendor=vendor-b');
    expect(lines).toContain('Conclusion: vendor-b was under-staffed: 40% of its usual agent hours 06:00–07:00.');
    expect(lines).not.toContain('43200');
  });
});
