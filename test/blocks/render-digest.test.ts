// The digest message: what needs attention first, scorecard and legend, incidents, narrative, vendors, actions; within Block Kit limits.
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
import { needsAttention } from '../../src/summaries/needs-attention.ts';
import type { DigestFacts } from '../../src/summaries/digest-facts-schema.ts';
import { templateDigest } from '../../src/summaries/template-digest.ts';
import { digestFacts, metricFact, writtenSummary } from '../slack/digest-fixtures.ts';

import { wordsBeforeScorecard } from './digest-words.ts';

const opts = { workspaceName: 'GNE' };
const withAttention = (f: DigestFacts): DigestFacts => ({ ...f, ...needsAttention(f) });

describe('freshnessLine', () => {
  it('names the end of the newest complete day, not its start', () => {
    const facts = digestFacts();
    // 17:00 UTC is local midnight in Jakarta, the end of 2 Jun.
    const line = freshnessLine({ ...facts, freshness: { ...facts.freshness, completeTo: '2026-06-02T17:00:00.000Z' } });
    expect(line).toBe('Data complete through 2026-06-02 (Asia/Jakarta)');
    expect(freshnessLine(facts)).toBe('Data complete to 06-02 23:00 (Asia/Jakarta)');
  });
});

describe('renderDigest', () => {
  it('opens with what needs attention, then the scorecard with its legend, incidents, narrative and actions', () => {
    const facts = withAttention(digestFacts());
    const written = writtenSummary(facts, { draft: templateDigest(facts, facts.timezone) });
    const msg = renderDigest(facts, written, opts);
    assertWithinLimits(msg.blocks, msg.text);
    expect(msg.text).toBe(written.text);
    const texts = msg.blocks.map((b) => JSON.stringify(b));
    expect(msg.blocks[0]).toMatchObject({ type: 'header', text: { text: 'GNE Daily 2026-06-02 · RED' } });
    expect(texts[1]).toContain('Data complete to');
    expect(texts[1]).toContain('Written by the template (no OPENAI_API_KEY)');
    expect(texts[2]).toContain('*Needs attention*');
    expect(texts[2]).toContain('SEV2 #12 Refund spike in Jakarta is open');
    expect(texts[3]).toContain('*Scorecard vs the 4-week median*');
    expect(texts[3]).toContain(':red_circle: *Refund rate* 2.9% (+0.8 pt) · target 3%');
    expect(texts[4]).toContain('Status: 🔴 far outside the usual range');
    const json = texts.join('');
    expect(json).toContain('*SEV2* Refund spike in Jakarta (#12, acknowledged)');
    expect(json).toContain('cause (confirmed): one agency stopped honouring vouchers');
    expect(json).toContain('owner <@U0RISK001>');
    // Action text is escaped; the owner mention is not.
    expect(json).toContain('Suspend the cluster &amp; refund &lt;unredeemed&gt; vouchers · <@U0RISK001> · due 06-03');
    expect(wordsBeforeScorecard(msg.blocks)).toBeLessThan(60);
  });

  it('prints a scaled rate with its base ("per 1,000")', () => {
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
    expect(json).toContain('*Complaint rate* 26.3 per 1,000 (+30.8%)');
  });

  it('lays the vendor scorecard out as fields, worst first, a missed target marked with the target beside it', () => {
    const facts = digestFacts({
      vendors: {
        columns: [{ key: 'frt_sla', label: 'first reply within SLA', unit: 'ratio', target: 0.8, bad: 'down' }],
        rows: [
          { vendor: 'vendor-a', values: { frt_sla: 0.966 } },
          { vendor: 'vendor-b', values: { frt_sla: 0.441 } },
          { vendor: 'vendor-c', values: { frt_sla: 0.79 } },
        ],
      },
    });
    const msg = renderDigest(facts, writtenSummary(facts, { draft: templateDigest(facts, facts.timezone) }), opts);
    const table = msg.blocks.find((b) => 'fields' in b && b.fields) as { fields: Array<{ text: string }> };
    expect(table.fields.map((f) => f.text)).toEqual([
      '*vendor-b* :red_circle:\n:red_circle: first reply within SLA 44.1% (target 80%)',
      '*vendor-c* :red_circle:\n:red_circle: first reply within SLA 79% (target 80%)',
      '*vendor-a*\nfirst reply within SLA 96.6% (target 80%)',
    ]);
    assertWithinLimits(msg.blocks, msg.text);
  });

  it('writes the message in Indonesian with Indonesian figures', () => {
    const facts = withAttention(digestFacts());
    const written = writtenSummary(facts, { draft: templateDigest(facts, facts.timezone, 'id') });
    const msg = renderDigest(facts, written, { ...opts, language: 'id' });
    const json = JSON.stringify(msg.blocks);
    expect(msg.blocks[0]).toMatchObject({ text: { text: 'GNE Harian 2026-06-02 · MERAH' } });
    expect(json).toContain('*Perlu perhatian*');
    expect(json).toContain('*Refund rate* 2,9% (+0,8 poin)');
  });

  it('gives each open incident its next update, and flags one that is overdue', () => {
    const base = digestFacts();
    const at = (nextUpdateAt: string) => {
      const facts = digestFacts({
        incidents: { ...base.incidents, list: [{ ...base.incidents.list[0]!, nextUpdateAt }] },
      });
      return JSON.stringify(renderDigest(facts, writtenSummary(facts), opts).blocks);
    };
    expect(at('2026-06-03T05:00:00.000Z')).toContain('next update 06-03 12:00');
    expect(at('2026-06-03T01:00:00.000Z')).toContain(':warning: update overdue since 06-03 08:00');
  });

  it('says an LLM draft was used and how many sentences the checks replaced', () => {
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
      'Drafted by the LLM, partly rewritten by the template · 2 sentence(s) replaced by the checks',
    );
  });

  it('compares week over week in the weekly report, names the whole week and says why its status is what it is', () => {
    const facts = digestFacts({
      kind: 'weekly',
      label: '2026-05-25',
      periodStart: '2026-05-24T17:00:00.000Z',
      periodEnd: '2026-05-31T17:00:00.000Z',
    });
    const msg = renderDigest(facts, writtenSummary(facts, { draft: templateDigest(facts, facts.timezone) }), opts);
    expect(msg.blocks[0]).toMatchObject({ text: { text: 'GNE Weekly 2026-05-25 to 2026-05-31 · RED' } });
    const json = JSON.stringify(msg.blocks);
    expect(json).toContain('*Scorecard, week over week*');
    expect(json).toContain('2.9% (+0.7 pt)');
    expect(json).toContain('Overall RED because red: Refund rate');
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
