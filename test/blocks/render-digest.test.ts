// The digest message: header, freshness, scorecard, incidents, narrative, actions, who wrote it; within Block Kit limits.
import { describe, expect, it } from 'vitest';
import { assertWithinLimits } from '../../src/blocks/assert-within-limits.ts';
import {
  digestEditView,
  editedText,
  reviewBlocks,
  reviewedMessage,
  splitForInputs,
} from '../../src/blocks/render-digest-review.ts';
import { freshnessLine, renderDigest } from '../../src/blocks/render-digest.ts';
import { digestChartSpec } from '../../src/summaries/digest-chart-spec.ts';
import { templateDigest } from '../../src/summaries/template-digest.ts';
import { digestFacts, metricFact, writtenSummary } from '../slack/digest-fixtures.ts';

const opts = { workspaceName: 'GNE' };

describe('freshnessLine', () => {
  it('names the end of the newest complete day, not its start', () => {
    const facts = digestFacts();
    // 17:00 UTC is local midnight in Jakarta, the end of 2 Jun.
    const line = freshnessLine({ ...facts, freshness: { ...facts.freshness, completeTo: '2026-06-02T17:00:00.000Z' } });
    expect(line).toBe('Data complete through 2 Jun 2026 (GMT+7)');
    expect(freshnessLine(facts)).toBe('Data complete to 2 Jun 2026, 23:00 GMT+7');
  });
});

describe('renderDigest', () => {
  it('lays out the header, freshness, scorecard, incidents, narrative and actions; the fallback is the written text', () => {
    const facts = digestFacts();
    const written = writtenSummary(facts);
    const msg = renderDigest(facts, written, opts);
    assertWithinLimits(msg.blocks, msg.text);
    expect(msg.text).toBe(written.text);
    const json = JSON.stringify(msg.blocks);
    expect(msg.blocks[0]).toMatchObject({ type: 'header', text: { text: 'GNE Daily 2026-06-02 · RED' } });
    expect(json).toContain('Data complete to');
    expect(json).toContain('Written by the template (no OPENAI_API_KEY)');
    expect(json).toContain(':red_circle: *Refund rate* 2.9% (+0.80 pt) · target 3.0%');
    expect(json).toContain('*SEV2* Refund spike in Jakarta (#12, acknowledged)');
    expect(json).toContain('*Confirmed*: one agency stopped honouring vouchers');
    expect(json).toContain('owner <@U0RISK001>');
    // Action text is escaped; the owner mention is not.
    expect(json).toContain(
      'Suspend the cluster &amp; refund &lt;unredeemed&gt; vouchers · <@U0RISK001> · due 2026-06-03',
    );
    // Narrative sections other than those laid out from facts.
    expect(json).toContain('*Integrity*');
    expect(json).not.toContain('Refund rate 2.9% (+0.8 pt).');
  });

  it('prints a scaled rate with its base ("per 1,000"), and passes it through the template number check', () => {
    const facts = digestFacts({
      metrics: [
        metricFact({
          id: 'complaint_rate',
          title: 'Complaint rate',
          unit: 'count',
          per: 1000,
          value: 26.3,
          expected: 20.1,
          target: null,
          change: 6.2,
          changePct: 0.31,
        }),
      ],
    });
    const json = JSON.stringify(renderDigest(facts, writtenSummary(facts), opts).blocks);
    expect(json).toContain('*Complaint rate* 26.3 per 1,000 (+31%)');
  });

  it('shows the integrity counts and the vendor scorecard from the written sections', () => {
    const facts = digestFacts({
      integrity: [{ label: 'reviews held by the filter', unit: 'count', value: 56 }],
      vendors: {
        columns: [{ key: 'frt_sla', label: 'first reply within SLA', unit: 'ratio' }],
        rows: [{ vendor: 'vendor-b', values: { frt_sla: 0.966 } }],
      },
    });
    const msg = renderDigest(facts, writtenSummary(facts, { draft: templateDigest(facts, facts.timezone) }), opts);
    const json = JSON.stringify(msg.blocks);
    expect(json).toContain('reviews held by the filter 56');
    expect(json).toContain('*Vendor scorecard*');
    expect(json).toContain('*vendor-b*: first reply within SLA 96.6%');
    assertWithinLimits(msg.blocks, msg.text);
  });

  it('gives each open incident its next update, and flags one that is overdue', () => {
    const base = digestFacts();
    const at = (nextUpdateAt: string) => {
      const facts = digestFacts({
        incidents: { ...base.incidents, list: [{ ...base.incidents.list[0]!, nextUpdateAt }] },
      });
      return JSON.stringify(renderDigest(facts, writtenSummary(facts), opts).blocks);
    };
    expect(at('2026-06-03T05:00:00.000Z')).toMatch(/next update 3 Jun 2026, \d\d:00/);
    expect(at('2026-06-03T01:00:00.000Z')).toMatch(/:warning: update overdue since 3 Jun 2026, \d\d:00/);
  });

  it('says an LLM draft was used and how many sentences the number check replaced', () => {
    const facts = digestFacts();
    const written = writtenSummary(facts, {
      source: 'mixed',
      fallbackReason: undefined,
      replaced: [
        { sentence: 'Refunds rose 40%.', numbers: ['40%'], replacement: 'Refund rate 2.9%.' },
        { sentence: 'x 3', numbers: ['3'], replacement: null },
      ],
    });
    const json = JSON.stringify(renderDigest(facts, written, opts).blocks);
    expect(json).toContain(
      'Drafted by the LLM, partly rewritten by the template · 2 sentences replaced by the number check',
    );
  });

  it('compares week over week in the weekly report and names the whole week', () => {
    const facts = digestFacts({
      kind: 'weekly',
      label: '2026-05-25',
      periodStart: '2026-05-24T17:00:00.000Z',
      periodEnd: '2026-05-31T17:00:00.000Z',
    });
    const msg = renderDigest(facts, writtenSummary(facts), opts);
    expect(msg.blocks[0]).toMatchObject({ text: { text: 'GNE Weekly 2026-05-25 to 2026-05-31 · RED' } });
    expect(JSON.stringify(msg.blocks)).toContain('*Scorecard* (week over week)');
    expect(JSON.stringify(msg.blocks)).toContain('2.9% (+0.70 pt)');
  });

  it('stays within the limits with a huge catalog, many incidents and a long narrative, review buttons kept', () => {
    const base = digestFacts();
    const metrics = Array.from({ length: 80 }, (_, i) =>
      metricFact({ id: `m${i}`, title: `Metric number ${i} ${'x'.repeat(80)}` }),
    );
    const list = Array.from({ length: 30 }, (_, i) => ({
      ...base.incidents.list[0]!,
      id: 100 + i,
      title: `Incident ${i} ${'y'.repeat(300)}`,
    }));
    const facts = digestFacts({ metrics, incidents: { ...base.incidents, list } });
    const written = writtenSummary(facts);
    written.draft.sections = Array.from({ length: 60 }, (_, i) => ({
      key: `extra${i}`,
      title: `Section ${i}`,
      sentences: [{ about: 'x', text: 'z'.repeat(4000) }],
    }));
    written.text = 'w'.repeat(50_000);
    const msg = renderDigest(facts, written, { ...opts, extraBlocks: reviewBlocks(7, 'gne-digest') });
    assertWithinLimits(msg.blocks, msg.text);
    expect(msg.blocks).toHaveLength(50);
    expect(msg.blocks.at(-1)).toMatchObject({ type: 'actions' });
    expect(JSON.stringify(msg.blocks)).toContain('…and 22 more');
  });
});

describe('digest review rendering', () => {
  it('offers Approve, Edit and Discard (with a confirm) carrying the digest id, and replaces them by the outcome', () => {
    const facts = digestFacts();
    const msg = renderDigest(facts, writtenSummary(facts), { ...opts, extraBlocks: reviewBlocks(42, '#gne-digest') });
    const buttons = (msg.blocks.at(-1) as { elements: Array<{ action_id: string; value: string; confirm?: unknown }> })
      .elements;
    expect(buttons.map((b) => [b.action_id, b.value])).toEqual([
      ['digest_review_approve', '42'],
      ['digest_review_edit', '42'],
      ['digest_review_discard', '42'],
    ]);
    expect(buttons[2]!.confirm).toBeDefined();
    const done = reviewedMessage(msg, 'approved', 'U0REVIEW1', '<#C0MGR>');
    assertWithinLimits(done.blocks, done.text);
    expect(done.blocks.some((b) => b.type === 'actions')).toBe(false);
    expect(JSON.stringify(done.blocks.at(-1))).toContain('Approved by <@U0REVIEW1>, posted in <#C0MGR>');
  });

  it('splits long text over inputs of at most 3000 characters and joins the parts back', () => {
    const text = Array.from({ length: 200 }, (_, i) => `line ${i} ${'a'.repeat(40)}`).join('\n');
    const parts = splitForInputs(text);
    expect(parts.length).toBeGreaterThan(2);
    expect(parts.every((p) => p.length <= 3000)).toBe(true);
    const view = digestEditView(text, { digestId: 5 }, ['40%']);
    expect(JSON.parse(view.private_metadata)).toEqual({ digestId: 5 });
    expect(JSON.stringify(view.blocks[0])).toContain('`40%`');
    const values = Object.fromEntries(parts.map((p, i) => [`part_${i}`, { text: { value: p } }]));
    expect(editedText(values)).toBe(text);
  });
});

describe('digestChartSpec', () => {
  it('charts one panel per metric with data, worst first when capped, and nothing without data', () => {
    const facts = digestFacts();
    const spec = digestChartSpec(facts) as { concat: Array<{ title: { text: string } }> };
    expect(spec.concat.map((p) => p.title.text)).toEqual(['Refund rate', 'Redemption failures', 'GMV']);
    const empty = digestFacts({ metrics: [metricFact({ series: [{ day: '2026-06-02', value: null }] })] });
    expect(digestChartSpec(empty)).toBeNull();
  });
});
