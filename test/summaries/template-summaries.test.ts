import { describe, expect, it } from 'vitest';
import { checkDraftNumbers } from '../../src/drafting/check-draft-numbers.ts';
import { figuresOfSummary } from '../../src/summaries/figures-of-summary.ts';
import { templateDigest } from '../../src/summaries/template-digest.ts';
import { templateIncident } from '../../src/summaries/template-incident.ts';
import { sampleDigest, sampleIncident, TZ } from './fixtures/sample-summaries.ts';

describe('templateDigest', () => {
  const draft = templateDigest(sampleDigest, TZ);

  it('writes the digest sections with one sentence per metric and per incident', () => {
    expect(draft.sections.map((s) => s.key)).toEqual([
      'attention',
      'header',
      'scorecard',
      'incidents',
      'integrity',
      'actions',
    ]);
    const text = (about: string) => draft.sections.flatMap((s) => s.sentences).find((s) => s.about === about)?.text;
    expect(text('header')).toBe('Data complete to 06-02 23:00 (Asia/Jakarta); overall *AMBER*.');
    expect(text('metric:refund_rate')).toBe(
      '*Refund rate* 2.9% (+0.81 pt vs the 4-week median of 2.1%; +0.76 pt vs 7 days ago; target 2.5%): RED, far worse than usual, beyond the noise; worse than target.',
    );
    expect(text('metric:gmv')).toContain('$1,284,500 (-$16,700 (-1.3%) vs the 4-week median of $1,301,200');
    expect(text('metric:chat_frt_p90')).toContain('48 min (+34 min (+243%) vs the 4-week median of 14 min');
    expect(text('incident:12')).toBe(
      'SEV2 *Refund spike, Jakarta × spa* (#12, acknowledged); impact: about 3,100 orders and $41,200 refunded above the usual; cause (confirmed): 41 merchants of one agency stopped honouring vouchers; 63% onboarded less than 30 days ago, shared payout account; owner <@U04PUTRI01>; open since 06-02 14:00 (19 h); acknowledged in 12 min; next update 06-03 12:00.',
    );
    expect(text('incident:11')).toContain('opened 06-02 09:10, resolved in 2.5 h');
    expect(text('incident:13')).toContain('cause (hypothesis)');
    expect(text('incidents')).toBe(
      '3 opened, 3 acknowledged, 1 resolved; median time to acknowledge 15 min; median time to resolve 2.5 h; open at the end of the period: 1 SEV2, 1 SEV3.',
    );
    expect(text('action:5')).toBe(
      'Suspend the agency cluster and auto-refund unredeemed vouchers (#12): owner <@U04PUTRI01>, due 06-03 17:00.',
    );
    expect(draft.actions[0]).toEqual({
      text: 'Suspend the agency cluster and auto-refund unredeemed vouchers',
      owner: '<@U04PUTRI01>',
      due: '06-03 17:00',
    });
  });

  it('says an update is overdue once its time has passed, and still passes its own check', () => {
    const late = { ...sampleDigest, generatedAt: '2025-06-03T05:30:00Z' };
    const lateDraft = templateDigest(late, TZ);
    const text = lateDraft.sections.flatMap((s) => s.sentences).find((s) => s.about === 'incident:12')?.text;
    expect(text).toMatch(/; update overdue since 06-03 12:00\.$/);
    expect(checkDraftNumbers(lateDraft, lateDraft, figuresOfSummary(late, TZ)).replaced).toEqual([]);
  });

  it('says the data runs through the newest complete day (its end, not its start), and passes its number check', () => {
    // 17:00 UTC is local midnight in Jakarta: the data runs through 2 Jun, not from its start.
    const dayEnd = { ...sampleDigest, freshness: { ...sampleDigest.freshness, completeTo: '2025-06-02T17:00:00Z' } };
    const endDraft = templateDigest(dayEnd, TZ);
    const header = endDraft.sections.flatMap((s) => s.sentences).find((s) => s.about === 'header')?.text;
    expect(header).toBe('Data complete through 2025-06-02 (Asia/Jakarta); overall *AMBER*.');
    expect(checkDraftNumbers(endDraft, endDraft, figuresOfSummary(dayEnd, TZ)).replaced).toEqual([]);
  });

  it('passes its own number check, every sentence', () => {
    const check = checkDraftNumbers(draft, draft, figuresOfSummary(sampleDigest, TZ));
    expect(check.replaced).toEqual([]);
    expect(check.passed).toBe(check.sentences);
    expect(check.figures).toBeGreaterThan(60);
  });
});

describe('templateDigest, scaled rates', () => {
  it('gives a scaled rate its base, and the base passes the number check', () => {
    const scaled = {
      ...sampleDigest,
      metrics: sampleDigest.metrics.map((m) =>
        m.id === 'complaints_per_1k' ? { ...m, title: 'Complaint rate', per: 1000 } : m,
      ),
    };
    const draft = templateDigest(scaled, TZ);
    const scorecard = draft.sections.find((s) => s.key === 'scorecard')!;
    expect(scorecard.sentences.find((s) => s.about === 'metric:complaints_per_1k')?.text).toMatch(
      /^\*Complaint rate\* 6\.1 per 1,000 \(/,
    );
    expect(checkDraftNumbers(draft, draft, figuresOfSummary(scaled, TZ)).replaced).toEqual([]);
  });
});

describe('templateDigest, integrity counts and vendors', () => {
  const withSections = {
    ...sampleDigest,
    integrity: [
      { label: 'fake reviews held', unit: 'count' as const, value: 1240 },
      { label: 'proactive', unit: 'ratio' as const, value: 0.97 },
      { label: 'appeals overturned', unit: 'count' as const, value: null },
    ],
    vendors: {
      columns: [
        { key: 'frt_sla', label: 'first reply within SLA', unit: 'ratio' as const, target: 0.95, bad: 'down' as const },
        { key: 'qa', label: 'QA accuracy', unit: 'ratio' as const, target: null, bad: 'up' as const },
      ],
      rows: [
        { vendor: 'vendor-b', values: { frt_sla: 0.91, qa: null } },
        { vendor: 'vendor-d', values: { frt_sla: null, qa: 0.987 } },
      ],
    },
  };
  const draft = templateDigest(withSections, TZ);
  const text = (about: string) => draft.sections.flatMap((s) => s.sentences).find((s) => s.about === about)?.text;

  it('writes the counts first in Integrity and a line per vendor, leaving out what has no data', () => {
    expect(draft.sections.map((s) => s.key)).toEqual([
      'attention',
      'header',
      'scorecard',
      'incidents',
      'integrity',
      'vendors',
      'actions',
    ]);
    expect(draft.sections.find((s) => s.key === 'integrity')!.sentences[0]).toEqual({
      about: 'integrity:counts',
      text: 'fake reviews held 1,240; proactive 97%; appeals overturned n/a (its query failed).',
    });
    expect(text('vendor:vendor-b')).toBe('*vendor-b*: first reply within SLA 91% (below target).');
    expect(text('vendor:vendor-d')).toBe('*vendor-d*: QA accuracy 98.7%.');
  });

  it('passes its own number check, and a drafted vendor figure that is not in the data is caught', () => {
    expect(checkDraftNumbers(draft, draft, figuresOfSummary(withSections, TZ)).replaced).toEqual([]);
    const drafted = {
      ...draft,
      sections: draft.sections.map((s) =>
        s.key === 'vendors'
          ? {
              ...s,
              sentences: [{ about: 'vendor:vendor-b', text: 'vendor-b answered 88% of first replies within SLA.' }],
            }
          : s,
      ),
    };
    const check = checkDraftNumbers(drafted, draft, figuresOfSummary(withSections, TZ));
    expect(check.replaced).toEqual([
      {
        sentence: 'vendor-b answered 88% of first replies within SLA.',
        numbers: ['88%'],
        replacement: '*vendor-b*: first reply within SLA 91% (below target).',
        about: 'vendor:vendor-b',
      },
    ]);
  });
});

describe('templateDigest, weekly', () => {
  it('compares with the week before and still passes its own check', () => {
    const weekly = { ...sampleDigest, kind: 'weekly' as const, label: '2025-05-26' };
    const draft = templateDigest(weekly, TZ);
    expect(draft.headline).toMatch(/^GNE weekly from 2025-05-26: overall AMBER/);
    const scorecard = draft.sections.find((s) => s.key === 'scorecard')!;
    expect(scorecard.sentences[0]!.text).toContain('+0.76 pt vs the week before');
    expect(checkDraftNumbers(draft, draft, figuresOfSummary(weekly, TZ)).replaced).toEqual([]);
  });
});

describe('templateIncident', () => {
  const draft = templateIncident(sampleIncident, TZ);

  it('writes what happened, impact, timeline, root cause and actions', () => {
    expect(draft.sections.map((s) => s.key)).toEqual(['what_happened', 'impact', 'timeline', 'root_cause', 'actions']);
    const all = draft.sections.flatMap((s) => s.sentences.map((x) => x.text)).join('\n');
    expect(all).toContain(
      'SEV2 *Refund spike, Jakarta × spa* (#12) opened 06-02 14:00 on Refund rate in city=jakarta, category=spa; now resolved (resolved 06-02 20:30, after 6.5 h).',
    );
    expect(all).toContain('Refund rate 11.2% against 2.1% expected (+9.1 pt).');
    expect(all).toContain('Cause (confirmed): 41 merchants');
    expect(all).toContain('06-02 14:12 <@U04PUTRI01> acknowledged.');
    expect(all).toContain(
      'Latest update (06-03 08:30): Agency cluster suspended; auto-refunds of 2,400 unredeemed vouchers going out.',
    );
    expect(all).not.toContain('Next update');
  });

  it('gives the next update of an open incident, and passes its own number check', () => {
    const open = {
      ...sampleIncident,
      incident: {
        ...sampleIncident.incident,
        status: 'acknowledged' as const,
        resolvedAt: null,
        minutesToResolve: null,
        nextUpdateAt: '2025-06-03T05:00:00Z',
      },
    };
    const openDraft = templateIncident(open, TZ);
    expect(openDraft.sections[0]!.sentences.map((s) => s.text)).toContain('Next update due 06-03 12:00.');
    expect(checkDraftNumbers(openDraft, openDraft, figuresOfSummary(open, TZ)).replaced).toEqual([]);
  });

  it('passes its own number check, every sentence', () => {
    const check = checkDraftNumbers(draft, draft, figuresOfSummary(sampleIncident, TZ));
    expect(check.replaced).toEqual([]);
  });

  it("puts what people said (a postmortem's facts) among vigil's events, in time order, and its figures pass", () => {
    const said = {
      ...sampleIncident,
      peopleTimeline: [
        { at: '2025-06-02T07:05:00Z', author: 'U04BUDI001', text: 'Refunds up\n 3x in Kemang  spas' },
        { at: '2025-06-02T10:00:00Z', author: 'U04PUTRI01', text: 'Cluster suspended' },
      ],
    };
    const timeline = templateIncident(said, TZ).sections.find((s) => s.key === 'timeline')!.sentences;
    expect(timeline.map((s) => s.about)).toEqual([
      'timeline:1',
      'said:1',
      'timeline:2',
      'timeline:3',
      ...timeline.slice(4).map((s) => s.about),
    ]);
    expect(timeline[1]!.text).toBe('06-02 14:05 <@U04BUDI001> said: "Refunds up 3x in Kemang spas"');
    expect(timeline.map((s) => s.text)).toContain('06-02 17:00 <@U04PUTRI01> said: "Cluster suspended"');
    const own = templateIncident(said, TZ);
    expect(checkDraftNumbers(own, own, figuresOfSummary(said, TZ)).replaced).toEqual([]);
  });
});

describe('the likely cause in summaries', () => {
  // A playbook's conclusion in local times (06:00–07:00) and percentages the number check must accept.
  const likelyCause = {
    text: 'vendor-b was under-staffed: 40% of its usual agent hours 06:00–07:00 on Thu 19 Nov (4.2 h against 10.5 h).',
    source: 'playbook' as const,
    playbook: 'cs-sla-breach',
    elements: { vendor: 'vendor-b' },
  };
  const unconfirmed = {
    ...sampleIncident,
    resolutionNote: null,
    incident: {
      ...sampleIncident.incident,
      likelyCause,
      cause: { text: likelyCause.text, confirmed: false },
    },
  };

  it("the incident summary gives the playbook's conclusion as its likely cause, and passes its number check", () => {
    const draft = templateIncident(unconfirmed, TZ);
    const text = JSON.stringify(draft);
    expect(text).toContain(`Likely cause (hypothesis, the cs-sla-breach playbook's conclusion): ${likelyCause.text}`);
    expect(checkDraftNumbers(draft, draft, figuresOfSummary(unconfirmed, TZ)).replaced).toEqual([]);
  });

  it('a confirmed cause comes first and the likely cause still follows', () => {
    const confirmed = {
      ...unconfirmed,
      incident: { ...unconfirmed.incident, cause: { text: 'Shift plan rolled back', confirmed: true } },
    };
    const text = JSON.stringify(templateIncident(confirmed, TZ));
    expect(text).toContain('Cause (confirmed): Shift plan rolled back.');
    expect(text).toContain(`Likely cause (the cs-sla-breach playbook's conclusion): ${likelyCause.text}`);
  });

  it('the digest line of the incident uses it, and passes its number check', () => {
    const digest = {
      ...sampleDigest,
      incidents: { ...sampleDigest.incidents, list: [unconfirmed.incident, ...sampleDigest.incidents.list.slice(1)] },
    };
    const draft = templateDigest(digest, TZ);
    expect(JSON.stringify(draft)).toContain(likelyCause.text);
    expect(checkDraftNumbers(draft, draft, figuresOfSummary(digest, TZ)).replaced).toEqual([]);
  });
});
