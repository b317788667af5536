import { describe, expect, it } from 'vitest';
import { checkDraftNumbers } from '../../src/drafting/check-draft-numbers.ts';
import { figuresOfSummary } from '../../src/summaries/figures-of-summary.ts';
import { escapeMrkdwn, renderSummaryText } from '../../src/summaries/render-summary-text.ts';
import { templateDigest } from '../../src/summaries/template-digest.ts';
import { sampleDigest, sampleIncident, TZ } from '../summaries/fixtures/sample-summaries.ts';
import { checkFigures } from '../../src/numbers/match-figures.ts';
import { figureFormat } from '../../src/i18n/format-figures.ts';

const digest = figuresOfSummary(sampleDigest, TZ);
const incident = figuresOfSummary(sampleIncident, TZ);
const bad = (text: string, facts = digest) => checkFigures(text, facts).unmatched.map((u) => u.figure.text);

describe('the number check on summary facts', () => {
  it('accepts the forms a figure may take: rounded, converted, approximate', () => {
    expect(
      bad(
        'Refund rate 2.9% (+0.8pt; +39% vs the median; 1.4x), target 2.5% (+0.37pt over it); $1.3M GMV (-1%); 6.1 complaints',
      ),
    ).toEqual([]);
    expect(
      bad(
        'p90 48 min, 3.4x the usual 14 min; #12 open 19 hours since 06-02 14:00, acknowledged in 12 minutes; #11 resolved in 2.5 h',
      ),
    ).toEqual([]);
    expect(
      bad('about 3,100 orders, $41.2k refunded; 41 merchants, 63% new; data to 23:00 on 2025-06-02; due Jun 3 17:00'),
    ).toEqual([]);
    expect(bad('resolved 06-02 20:30 after 6 h 30 min; 5.3x; +9.1pt; 433% above expected', incident)).toEqual([]);
  });

  it('rejects invented, mis-rounded, unit-swapped figures, UTC times, and unknown incidents', () => {
    expect(
      bad('refund rate 2.8%, +0.81%, 48 h, $6.1, 0.0287, 3,400 orders, 90 days, 06-02 07:00, #14, next update 13:00'),
    ).toEqual(['2.8%', '+0.81%', '48 h', '$6.1', '0.0287', '3,400', '90 days', '06-02 07:00', '#14', '13:00']);
    // The promised next update of #12 (12:00 Jakarta) and the figures of its latest update are facts.
    expect(bad('#12: next update 12:00; auto-refunds of 2,400 vouchers going out since 08:30')).toEqual([]);
    expect(bad('a 9.1% jump; resolved after 5.5 h; acknowledged 07:12', incident)).toEqual(['9.1%', '5.5 h', '07:12']);
  });

  it('takes sentences it replaces from the template by about key and records them', () => {
    const template = templateDigest(sampleDigest, TZ);
    const draft = {
      ...template,
      sections: [
        {
          key: 'scorecard',
          title: 'KPIs',
          sentences: [
            { about: 'metric:gmv', text: 'GMV $1.4M.' },
            { about: 'mood', text: 'Up 12% on vibes.' },
          ],
        },
      ],
    };
    const check = checkDraftNumbers(draft, template, digest);
    expect(check.replaced).toEqual([
      {
        sentence: 'GMV $1.4M.',
        numbers: ['$1.4M'],
        replacement: expect.stringMatching(/^\*GMV\* \$1,284,500/),
        about: 'metric:gmv',
      },
      { sentence: 'Up 12% on vibes.', numbers: ['12%'], replacement: null, about: 'mood' },
    ]);
    expect(check.draft.sections[0]!.sentences.map((s) => s.about)).toEqual(['metric:gmv']);
    expect(check).toMatchObject({ sentences: 3, passed: 1 });
  });
});

describe('renderSummaryText', () => {
  it('escapes a draft for Slack, keeping user mentions and channel links only', () => {
    expect(escapeMrkdwn('<!channel> R&D <https://x.io|click> <@U04PUTRI01> in <#C0INC12|inc-12>')).toBe(
      '&lt;!channel&gt; R&amp;D &lt;https://x.io|click&gt; <@U04PUTRI01> in <#C0INC12|inc-12>',
    );
    const text = renderSummaryText(templateDigest(sampleDigest, TZ), { source: 'template' });
    expect(text.split('\n').slice(0, 4)).toEqual([
      '*GNE daily 2025-06-02: overall AMBER, red: Refund rate, Bahasa chat first response p90*',
      '',
      '*Needs attention*',
      '• *Bahasa chat first response p90* is 48 min, usual 14 min, target 15 min: far worse than usual, beyond the noise; worse than target.',
    ]);
  });
});

describe('checkDraftNumbers in another language', () => {
  it('reads the draft in its language: true Indonesian figures pass, a wrong one is replaced', () => {
    const template = templateDigest(sampleDigest, TZ);
    const gmv = figureFormat('id').value(1284500, 'currency');
    const draft = {
      ...template,
      headline: 'Ringkasan GNE harian',
      sections: [
        {
          key: 'scorecard',
          title: 'KPI',
          sentences: [
            { about: 'metric:gmv', text: `GMV ${gmv}.` },
            { about: 'metric:refund-rate', text: 'Tingkat refund 2,9% (+0,8 poin).' },
            { about: 'mood', text: 'Naik 13,7% tanpa alasan.' },
          ],
        },
      ],
    };
    expect(gmv).toBe('$1.284.500');
    const check = checkDraftNumbers(draft, template, digest, 'id');
    expect(check.replaced.map((r) => r.numbers)).toEqual([['13,7%']]);
    expect(check).toMatchObject({ sentences: 4, passed: 3 });
    // Read as English, the Indonesian figures would not pass.
    expect(checkDraftNumbers(draft, template, digest).passed).toBeLessThan(3);
  });
});
