import { describe, expect, it } from 'vitest';
import { assertWithinLimits } from '../../src/blocks/assert-within-limits.ts';
import { renderHeadline, renderProgress } from '../../src/blocks/render-playbook-progress.ts';
import {
  blockChars,
  MESSAGE_BLOCK_CHARS,
  planThread,
  renderRunInOneMessage,
} from '../../src/blocks/render-playbook-thread.ts';
import { refundRun, step } from './render-playbook-fixtures.ts';

const label = { playbookId: 'refund-spike', title: 'Refund spike', requestedBy: 'U0ALICE', incidentId: 7 };

describe('progress and headline', () => {
  it('shows the step running now', () => {
    const msg = renderProgress(label, {
      index: 2,
      total: 5,
      step: { id: 'drill', kind: 'drilldown', title: 'drilling down by city x category' },
    });
    assertWithinLimits(msg.blocks, msg.text);
    expect(msg.text).toBe('Refund spike: step 2/5: drilling down by city x category');
    expect(JSON.stringify(msg.blocks)).toContain('on incident #7 · step 2/5: drilling down by city x category');
  });

  it('says where a run failed, with the run id, the findings and how to post it again', () => {
    const msg = renderHeadline(label, refundRun(), 42);
    assertWithinLimits(msg.blocks, msg.text);
    const all = JSON.stringify(msg.blocks);
    expect(msg.text).toMatch(/^Refund spike: failed at step 5\/5 \(run #42\)\ncity=jakarta/);
    expect(all).toContain(':x: *Refund spike* on incident #7 · failed at step 5/5 · run #42');
    expect(all).toContain('• city=jakarta category=spa explains 84% of the change');
    expect(all).toContain('`merchants`: The query ran past its 5 s timeout.');
    expect(all).toContain('5 steps in 3.2 s');
    expect(all).toContain('slice=city:jakarta');
    expect(all).toContain('/investigate again 42');
  });

  it('says done, and a dry run has no run id', () => {
    const done = renderHeadline(
      { ...label, incidentId: undefined },
      refundRun({ ok: true, steps: [step({ id: 'a', kind: 'query' })] }),
      3,
    );
    expect(done.text).toBe(
      'Refund spike: done (run #3)\ncity=jakarta category=spa explains 84% of the change\nRefunds in Jakarta spa rose 4x',
    );
    const dry = renderHeadline(label, refundRun({ ok: true, dryRun: true }), null);
    expect(dry.text).toMatch(/^Refund spike: dry run \(nothing ran\)\n/);
  });

  it('caps many findings', () => {
    const msg = renderHeadline(
      label,
      refundRun({ findings: Array.from({ length: 40 }, (_, i) => `f${i} ${'x'.repeat(200)}`) }),
      1,
    );
    assertWithinLimits(msg.blocks, msg.text);
    expect(JSON.stringify(msg.blocks)).toContain('and 32 more in the thread');
  });
});

describe('planThread', () => {
  it('posts steps in order with the chart uploaded between the messages around it', () => {
    const posts = planThread(refundRun(), 'UTC');
    expect(posts.map((p) => p.kind)).toEqual(['message', 'chart', 'message']);
    const [before, chart, after] = posts;
    expect(JSON.stringify(before)).toContain('1/5 · Refunds by day');
    expect(JSON.stringify(before)).toContain('3/5 · Refund rate by hour');
    expect(chart).toMatchObject({
      kind: 'chart',
      stepId: 'trend',
      title: 'Refund spike: Refund rate by hour',
      filename: 'refund-spike-trend.png',
    });
    expect(JSON.stringify(after)).toContain('5/5 · Top merchants');
    for (const p of posts) if (p.kind === 'message') assertWithinLimits(p.message.blocks, p.message.text);
  });

  it('splits twenty big tables over several messages, each within 50 blocks and the character budget', () => {
    const rows = Array.from({ length: 50 }, (_, i) => ({
      merchant: `merchant-${i}-${'x'.repeat(20)}`,
      refunds: i * 1000,
      city: 'jakarta',
    }));
    const steps = Array.from({ length: 20 }, (_, i) =>
      step({
        id: `q${i}`,
        kind: 'query',
        rows: 50,
        showRows: 50,
        columns: ['merchant', 'refunds', 'city'],
        data: rows,
      }),
    );
    const posts = planThread(refundRun({ steps }), 'UTC');
    expect(posts.length).toBeGreaterThan(2);
    for (const p of posts) {
      if (p.kind !== 'message') continue;
      assertWithinLimits(p.message.blocks, p.message.text);
      expect(blockChars(p.message.blocks)).toBeLessThanOrEqual(MESSAGE_BLOCK_CHARS);
    }
    expect(JSON.stringify(posts)).toContain('20/20');
  });
});

describe('renderRunInOneMessage', () => {
  it('puts the headline, a note and the steps that fit in one message and counts the rest', () => {
    const rows = Array.from({ length: 50 }, (_, i) => ({
      merchant: `merchant-${i}-${'x'.repeat(20)}`,
      refunds: i * 1000,
    }));
    const steps = Array.from({ length: 12 }, (_, i) =>
      step({ id: `q${i}`, kind: 'query', rows: 50, showRows: 50, columns: ['merchant', 'refunds'], data: rows }),
    );
    const run = refundRun({ steps });
    const msg = renderRunInOneMessage(renderHeadline(label, run, 9), run, 'UTC', 'vigil is not in this channel');
    assertWithinLimits(msg.blocks, msg.text);
    expect(JSON.stringify(msg.blocks)).toContain('vigil is not in this channel');
    expect(JSON.stringify(msg.blocks)).toMatch(/\d+ more steps did not fit in one message/);
  });
});
