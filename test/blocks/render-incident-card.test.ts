import type { ActionsBlock, Button, HeaderBlock, KnownBlock, SectionBlock } from '@slack/types';
import { describe, expect, it } from 'vitest';
import { assertWithinLimits } from '../../src/blocks/assert-within-limits.ts';
import { renderIncidentCard } from '../../src/blocks/render-incident-card.ts';
import { acknowledged, escalated, evidence, incident, NOW, resolved, TZ } from './incident-fixtures.ts';

const opts = { now: NOW, timezone: TZ };

function buttons(blocks: KnownBlock[]): Button[] {
  const actions = blocks.filter((b): b is ActionsBlock => b.type === 'actions');
  expect(actions).toHaveLength(1);
  return actions[0]!.elements.filter((e): e is Button => e.type === 'button');
}

const fieldTexts = (blocks: KnownBlock[]) =>
  blocks.flatMap((b) => (b.type === 'section' ? (b.fields ?? []).map((f) => f.text) : []));
const sectionTexts = (blocks: KnownBlock[]) =>
  blocks.flatMap((b) => (b.type === 'section' && b.text ? [b.text.text] : []));

describe('renderIncidentCard', () => {
  it('renders an open incident: header, fields, fallback text, and Acknowledge/Escalate/Resolve/Run playbook with the id as value', () => {
    const card = renderIncidentCard(incident(), opts);
    expect(card.text).toBe('SEV2 incident #12: Refund spike in Jakarta (open)');
    expect((card.blocks[0] as HeaderBlock).text.text).toBe('SEV2 · Refund spike in Jakarta');
    expect(fieldTexts(card.blocks)).toEqual([
      '*Status*\n:red_circle: Open',
      '*Severity*\nSEV2',
      '*Commander*\nunassigned',
      '*Started*\n<!date^1746090480^{date_short_pretty} {time}|1 May 2025, 16:08 GMT+7>',
    ]);
    const b = buttons(card.blocks);
    expect(b.map((x) => [x.action_id, x.text.text, x.value, x.style])).toEqual([
      ['incident_ack', 'Acknowledge', '12', 'primary'],
      ['incident_escalate', 'Escalate', '12', 'danger'],
      ['incident_resolve', 'Resolve', '12', undefined],
      ['incident_run_playbook', 'Run playbook', '12', undefined],
    ]);
    expect(card.blocks.at(-1)?.type).toBe('actions');
    assertWithinLimits(card.blocks, card.text);
  });

  it('hides Acknowledge once acknowledged and shows who acknowledged, when, and the time to acknowledge', () => {
    const card = renderIncidentCard(acknowledged(), opts);
    expect(buttons(card.blocks).map((x) => [x.action_id, x.style])).toEqual([
      ['incident_escalate', 'danger'],
      ['incident_resolve', 'primary'],
      ['incident_run_playbook', undefined],
    ]);
    const fields = fieldTexts(card.blocks);
    expect(fields).toContain('*Commander*\n<@UALICE>');
    expect(fields).toContain(
      '*Acknowledged*\n<@UALICE> · <!date^1746090840^{date_short_pretty} {time}|1 May 2025, 16:14 GMT+7>',
    );
    expect(fields).toContain('*Time to acknowledge*\n6m');
    expect(card.text).toBe('SEV2 incident #12: Refund spike in Jakarta (acknowledged)');
    assertWithinLimits(card.blocks, card.text);
  });

  it('offers Acknowledge again on an escalated incident and shows the escalation level', () => {
    const card = renderIncidentCard(escalated({ escalationLevel: 2 }), opts);
    expect(buttons(card.blocks).map((x) => x.action_id)).toEqual([
      'incident_ack',
      'incident_escalate',
      'incident_resolve',
      'incident_run_playbook',
    ]);
    expect(fieldTexts(card.blocks)).toContain('*Status*\n:rotating_light: Escalated');
    expect(fieldTexts(card.blocks)).toContain('*Escalation level*\n2');
    assertWithinLimits(card.blocks, card.text);
  });

  it('shows when the next update is due, and that it is overdue once passed; never on a resolved incident', () => {
    const due = new Date(NOW.getTime() + 20 * 60_000);
    expect(fieldTexts(renderIncidentCard(acknowledged(), { ...opts, nextUpdateAt: due }).blocks)).toContain(
      `*Next update*\n<!date^${due.getTime() / 1000}^{date_short_pretty} {time}|1 May 2025, 18:33 GMT+7>`,
    );
    const late = fieldTexts(
      renderIncidentCard(acknowledged(), { ...opts, nextUpdateAt: new Date(NOW.getTime() - 60_000) }).blocks,
    );
    expect(late.find((f) => f.startsWith('*Next update*'))).toMatch(/overdue/);
    expect(
      fieldTexts(renderIncidentCard(resolved(), { ...opts, nextUpdateAt: due }).blocks).some((f) =>
        f.startsWith('*Next update*'),
      ),
    ).toBe(false);
    expect(fieldTexts(renderIncidentCard(acknowledged(), opts).blocks).some((f) => f.startsWith('*Next update*'))).toBe(
      false,
    );
  });

  it('shows each role holder and ends the actions with the roles menu; a resolved card has no menu', () => {
    const card = renderIncidentCard(acknowledged({ commsUserId: 'UCOMMS', scribeUserId: 'USCRIBE' }), opts);
    const fields = fieldTexts(card.blocks);
    expect(fields).toContain('*Commander*\n<@UALICE>');
    expect(fields).toContain('*Comms*\n<@UCOMMS>');
    expect(fields).toContain('*Scribe*\n<@USCRIBE>');
    const actions = card.blocks.find((b): b is ActionsBlock => b.type === 'actions')!;
    expect(actions.elements.at(-1)).toEqual({
      type: 'overflow',
      action_id: 'incident_role_menu',
      options: [
        { text: { type: 'plain_text', text: 'Set commander…' }, value: 'commander:12' },
        { text: { type: 'plain_text', text: 'Set comms lead…' }, value: 'comms:12' },
        { text: { type: 'plain_text', text: 'Set scribe…' }, value: 'scribe:12' },
      ],
    });
    assertWithinLimits(card.blocks, card.text);
    expect(fieldTexts(renderIncidentCard(incident(), opts).blocks).some((f) => /Comms|Scribe/.test(f))).toBe(false);
    const closed = renderIncidentCard(resolved(), opts).blocks.find((b): b is ActionsBlock => b.type === 'actions')!;
    expect(closed.elements.some((e) => e.type === 'overflow')).toBe(false);
  });

  it('gives a SEV3 no danger styles', () => {
    const styles = buttons(renderIncidentCard(incident({ severity: 3 }), opts).blocks).map((x) => x.style);
    expect(styles).toEqual(['primary', undefined, undefined, undefined]);
  });

  it('shows only Reopen and a confirmed Archive channel when resolved, with resolution details and note', () => {
    const card = renderIncidentCard(resolved(), opts);
    const b = buttons(card.blocks);
    expect(b.map((x) => [x.action_id, x.value])).toEqual([
      ['incident_reopen', '12'],
      ['incident_archive', '12'],
    ]);
    expect(b[1]?.confirm).toMatchObject({
      title: { text: 'Archive this channel?' },
      confirm: { text: 'Archive' },
      deny: { text: 'Cancel' },
      style: 'danger',
    });
    expect(fieldTexts(card.blocks)).toEqual(
      expect.arrayContaining([
        '*Status*\n:white_check_mark: Resolved',
        '*Resolved*\n<@UBOB> · <!date^1746097980^{date_short_pretty} {time}|1 May 2025, 18:13 GMT+7>',
        '*Time to resolve*\n2h 5m',
      ]),
    );
    expect(sectionTexts(card.blocks)).toContain('*Resolution note*\nRolled back the refund rule');
    assertWithinLimits(card.blocks, card.text);
  });

  it('leaves Archive out when the resolved incident has no channel', () => {
    expect(buttons(renderIncidentCard(resolved({ channelId: null }), opts).blocks).map((x) => x.action_id)).toEqual([
      'incident_reopen',
    ]);
  });

  it('formats the evidence: percent vs expected with the point change, band, slice, bucket, contributors, impact and reason', () => {
    const [main, contributors] = sectionTexts(renderIncidentCard(incident(), opts).blocks);
    expect(main).toBe(
      [
        '*Refund rate* (`refund_rate`)',
        '4.1% vs 1.0% expected (+3.1 pt) · band 0.80%–1.3%',
        '*Slice* city=jakarta · category=spa',
        '*Bucket* <!date^1746086400^{date_short_pretty} {time}|1 May 2025, 15:00 GMT+7>',
        '*Impact* ~3,100 orders, Rp410M refunded',
        '*Why* refund rate 4x its band',
      ].join('\n'),
    );
    expect(contributors).toBe(
      [
        '*Top contributors*',
        '• city=jakarta · category=spa · merchant_tier=gold: 6.2% vs 1.1% expected (+5.1 pt)',
        '• city=jakarta · category=spa · merchant_tier=silver: 3.0% vs 1.0% expected (+2.0 pt)',
      ].join('\n'),
    );
  });

  it('formats count evidence with separators and a percent change, and adds the chart as an image', () => {
    const e = evidence({
      unit: 'count',
      observed: 3120,
      expected: 1050,
      bandLow: undefined,
      bandHigh: 1400,
      contributors: [],
      chartUrl: 'https://charts.example/12.png',
    });
    const card = renderIncidentCard(incident({ evidence: e }), opts);
    expect(sectionTexts(card.blocks)[0]).toContain('3,120 vs 1,050 expected (+197%) · band ≤ 1,400');
    expect(card.blocks.find((b) => b.type === 'image')).toEqual({
      type: 'image',
      image_url: 'https://charts.example/12.png',
      alt_text: 'Chart of Refund rate for city=jakarta, category=spa',
    });
  });

  it('uses slack_file for a Slack-hosted chart', () => {
    const card = renderIncidentCard(
      incident({ evidence: evidence({ chartUrl: 'https://files.slack.com/files-pri/T1-F1/chart.png' }) }),
      opts,
    );
    expect(card.blocks.find((b) => b.type === 'image')).toMatchObject({
      slack_file: { url: 'https://files.slack.com/files-pri/T1-F1/chart.png' },
    });
  });

  it('lists 5 of 50 contributors and stays within limits', () => {
    const many = Array.from({ length: 50 }, (_, i) => ({
      slice: { merchant: `m${i}-${'x'.repeat(80)}` },
      observed: 0.05,
      expected: 0.01,
    }));
    const card = renderIncidentCard(incident({ evidence: evidence({ contributors: many }) }), opts);
    const contributors = sectionTexts(card.blocks)[1]!;
    expect(contributors.split('\n').filter((l) => l.startsWith('• '))).toHaveLength(5);
    expect(contributors).toMatch(/_and 45 more_$/);
    assertWithinLimits(card.blocks, card.text);
  });

  it('escapes the title and note in mrkdwn and keeps the header plain text', () => {
    const card = renderIncidentCard(
      resolved({ title: '<script>& <!channel>', resolutionNote: 'fixed <script>&' }),
      opts,
    );
    expect(card.text).toBe('SEV2 incident #12: &lt;script&gt;&amp; &lt;!channel&gt; (resolved)');
    expect((card.blocks[0] as HeaderBlock).text).toEqual({
      type: 'plain_text',
      text: 'SEV2 · <script>& <!channel>',
      emoji: true,
    });
    expect(sectionTexts(card.blocks)).toContain('*Resolution note*\nfixed &lt;script&gt;&amp;');
    const mrkdwn = JSON.stringify(card.blocks.filter((b) => b.type !== 'header'));
    expect(mrkdwn).not.toContain('<script>');
    expect(mrkdwn).not.toContain('<!channel>');
  });

  it('cuts a 500-character title to 150 in the header', () => {
    const card = renderIncidentCard(incident({ title: 'T'.repeat(500) }), opts);
    const text = (card.blocks[0] as HeaderBlock).text.text;
    expect(text.length).toBeLessThanOrEqual(150);
    expect(text).toMatch(/^SEV2 · T+…$/);
    assertWithinLimits(card.blocks, card.text);
  });

  it('lists the suggested playbooks and who opened it in the footer; works without evidence', () => {
    const card = renderIncidentCard(incident({ evidence: null, openedBy: 'UCAROL' }), {
      ...opts,
      playbooks: ['refund-spike', 'a<b'],
    });
    const footer = card.blocks.find((b) => b.type === 'context');
    expect(footer).toMatchObject({
      elements: [
        { text: expect.stringMatching(/^Incident #12 · opened by <@UCAROL> · updated <!date\^1746097980\^/) },
        { text: 'Playbooks: `refund-spike`, `a&lt;b`' },
      ],
    });
    expect(card.blocks.filter((b): b is SectionBlock => b.type === 'section' && b.text !== undefined)).toHaveLength(0);
    assertWithinLimits(card.blocks, card.text);
  });
});

describe('renderIncidentCard: likely cause, affected slices and related metrics also moving', () => {
  const moving = (n: number) =>
    Array.from({ length: n }, (_, i) => ({
      metricId: 'complaint_rate',
      metricTitle: 'Complaint rate',
      slice: { city: `city${i}` },
      observed: 9,
      expected: 3,
      unit: 'count' as const,
    }));

  it('says the likely cause in one line before the evidence, and the metrics also moving after it', () => {
    const card = renderIncidentCard(
      incident({
        evidence: evidence({
          likelyCause: {
            elements: { city: 'jakarta' },
            text: 'Jakarta spa <merchants> — 84% of the rise',
            source: 'drill-down',
          },
          alsoMoving: moving(1),
        }),
      }),
      opts,
    );
    const texts = sectionTexts(card.blocks);
    const cause = texts.findIndex((t) =>
      t.startsWith('*Likely cause:* Jakarta spa &lt;merchants&gt; — 84% of the rise'),
    );
    const evidenceAt = texts.findIndex((t) => t.includes('*Refund rate*'));
    const alsoAt = texts.findIndex((t) => t.startsWith('*Also moving*\n• Complaint rate city=city0: 9 vs 3 expected'));
    expect(cause).toBeGreaterThanOrEqual(0);
    expect(evidenceAt).toBeGreaterThan(cause);
    expect(alsoAt).toBeGreaterThan(evidenceAt);
    // The affected slices, each with observed vs expected.
    expect(texts.some((t) => t.includes('merchant_tier=gold: 6.2% vs 1.1% expected'))).toBe(true);
    assertWithinLimits(card.blocks, card.text);
  });

  it('leaves both lines out when the evidence has neither, and caps a long also-moving list', () => {
    const plain = sectionTexts(renderIncidentCard(incident(), opts).blocks);
    expect(plain.some((t) => /Likely cause|Also moving/.test(t))).toBe(false);
    const many = sectionTexts(
      renderIncidentCard(incident({ evidence: evidence({ alsoMoving: moving(8) }) }), opts).blocks,
    );
    const also = many.find((t) => t.startsWith('*Also moving*'))!;
    expect(also.split('\n')).toHaveLength(7);
    expect(also).toMatch(/_and 3 more_$/);
  });
});
