import { describe, expect, it } from 'vitest';
import { assertWithinLimits } from '../../src/blocks/assert-within-limits.ts';
import {
  renderIncidentEventLine,
  renderIncidentNotice,
  renderIncidentTimeline,
  type IncidentEventInput,
} from '../../src/blocks/render-incident-notice.ts';
import { acknowledged, at, evidence, incident, resolved } from './incident-fixtures.ts';

describe('renderIncidentNotice', () => {
  it('is one line with severity, channel, title and the evidence, as text and a single section', () => {
    const notice = renderIncidentNotice(incident({ evidence: evidence({ slice: { city: 'jakarta' } }) }));
    const line = ':rotating_light: SEV2 <#C123> Refund spike in Jakarta — refund_rate city=jakarta: 4.1% vs 1.0%';
    expect(notice.text).toBe(line);
    expect(notice.blocks).toEqual([{ type: 'section', text: { type: 'mrkdwn', text: line } }]);
    assertWithinLimits(notice.blocks, notice.text);
  });

  it('falls back to the incident number without a channel, says the status once it moved, and escapes the title', () => {
    expect(renderIncidentNotice(acknowledged({ channelId: null, evidence: null, title: 'a<b & c' })).text).toBe(
      ':eyes: SEV2 #12 a&lt;b &amp; c (acknowledged)',
    );
    expect(renderIncidentNotice(resolved({ evidence: null })).text).toBe(
      ':white_check_mark: SEV2 <#C123> Refund spike in Jakarta (resolved)',
    );
  });
});

const event = (kind: string, detail: Record<string, unknown>, minutes = 6, actor = 'UALICE'): IncidentEventInput => ({
  at: at(minutes),
  actor,
  kind,
  fromStatus: 'open',
  toStatus: 'acknowledged',
  detail,
});

describe('renderIncidentEventLine', () => {
  it.each<[string, IncidentEventInput, string]>([
    [
      'acknowledged',
      event('acknowledged', { first_acknowledgement: true, time_to_acknowledge_s: 360 }),
      '16:14 <@UALICE> acknowledged (time to acknowledge 6m)',
    ],
    [
      're-acknowledged',
      event('acknowledged', { first_acknowledgement: false, time_to_acknowledge_s: 360 }),
      '16:14 <@UALICE> acknowledged',
    ],
    ['opened', event('opened', { severity: 2, title: 'x' }, 0, 'vigil'), '16:08 vigil opened as SEV2'],
    [
      'escalated',
      event('escalated', { from_level: 0, to_level: 1, reason: 'no <owner>' }),
      '16:14 <@UALICE> escalated to level 1: no &lt;owner&gt;',
    ],
    [
      'resolved',
      event('resolved', { note: 'rolled back & verified', time_to_resolve_s: 7500 }, 125, 'UBOB'),
      '18:13 <@UBOB> resolved (time to resolve 2h 5m): rolled back &amp; verified',
    ],
    ['reopened', event('reopened', { reason: null }), '16:14 <@UALICE> reopened'],
    [
      'severity',
      event('severity_changed', { from_severity: 3, to_severity: 1 }),
      '16:14 <@UALICE> changed severity SEV3 → SEV1',
    ],
    [
      'assigned',
      event('assigned', { from_owner: 'UALICE', to_owner: 'UCAROL' }),
      '16:14 <@UALICE> assigned <@UCAROL> (was <@UALICE>)',
    ],
    ['unknown kind', event('page_sent', {}), '16:14 <@UALICE> page sent → acknowledged'],
  ])('%s', (_name, e, line) => {
    expect(renderIncidentEventLine(e, 'Asia/Jakarta')).toBe(line);
  });

  it('shortens a long note to keep the timeline readable', () => {
    const line = renderIncidentEventLine(event('resolved', { note: 'n'.repeat(1000), time_to_resolve_s: 60 }), 'UTC');
    expect(line.length).toBeLessThan(360);
    expect(line).toMatch(/n…$/);
  });
});

describe('renderIncidentTimeline', () => {
  it("merges the messages people put on the timeline with vigil's events, by time, in the local time zone", () => {
    const events = [
      event('opened', { severity: 2 }, 0, 'vigil'),
      event('role_assigned', { role: 'scribe', from_user: null, to_user: 'UBOB' }, 20),
    ];
    const said = (minutes: number, text: string, author = 'UCAROL') => ({
      incidentId: 12,
      channelId: 'C123',
      messageTs: String(at(minutes).getTime() / 1000),
      author,
      text,
      postedAt: at(minutes),
      addedBy: 'UBOB',
      marks: ['pin'],
    });
    const messages = [
      said(10, 'refunds paused for the <!channel> cluster\nchecking the rule'),
      said(60 * 15, 'rule rolled back', 'UALICE'),
    ];
    const t = renderIncidentTimeline(12, events, 'Asia/Jakarta', messages);
    expect(t.text).toBe('Timeline of incident #12: 2 events, 2 messages');
    expect((t.blocks[1] as { text: { text: string } }).text.text.split('\n')).toEqual([
      '*Thu 1 May*',
      '16:08 vigil opened as SEV2',
      '16:18 :speech_balloon: <@UCAROL>: "refunds paused for the @channel cluster checking the rule"',
      '16:28 <@UALICE> made <@UBOB> the scribe',
      '*Fri 2 May*',
      '07:08 :speech_balloon: <@UALICE>: "rule rolled back"',
    ]);
    assertWithinLimits(t.blocks, t.text);
  });

  it('groups lines under day headings', () => {
    const events = [
      event('opened', { severity: 2 }, 0, 'vigil'),
      event('acknowledged', { time_to_acknowledge_s: 360 }),
      event('resolved', { note: 'ok', time_to_resolve_s: 86_400 }, 60 * 24),
    ];
    const t = renderIncidentTimeline(12, events, 'UTC');
    expect(t.text).toBe('Timeline of incident #12: 3 events');
    expect(t.blocks[1]).toEqual({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: [
          '*Thu 1 May*',
          '09:08 vigil opened as SEV2',
          '09:14 <@UALICE> acknowledged (time to acknowledge 6m)',
          '*Fri 2 May*',
          '09:08 <@UALICE> resolved (time to resolve 1d): ok',
        ].join('\n'),
      },
    });
    assertWithinLimits(t.blocks, t.text);
  });

  it('packs 2,000 events into sections and stays within limits', () => {
    const events = Array.from({ length: 2000 }, (_, i) =>
      event('escalated', { to_level: i, reason: 'r'.repeat(200) }, i),
    );
    const t = renderIncidentTimeline(12, events, 'UTC');
    expect(t.blocks.length).toBeLessThanOrEqual(50);
    expect(t.blocks.at(-1)).toMatchObject({
      type: 'context',
      elements: [{ text: expect.stringMatching(/^\d+ more not shown$/) }],
    });
    assertWithinLimits(t.blocks, t.text);
  });
});
