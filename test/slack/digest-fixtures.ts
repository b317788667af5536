// Hand-made digest facts and written summaries for the digest renderer, review and posting tests.
import type { DigestFacts, MetricFact } from '../../src/summaries/digest-facts-schema.ts';
import { digestFactsSchema } from '../../src/summaries/digest-facts-schema.ts';
import type { WrittenSummary } from '../../src/drafting/draft-schema.ts';

const days = Array.from({ length: 28 }, (_, i) => new Date(Date.UTC(2026, 4, 6 + i)).toISOString().slice(0, 10));

/** A headline metric with a 28-day series. */
export function metricFact(over: Partial<MetricFact> = {}): MetricFact {
  return {
    id: 'refund_rate',
    title: 'Refund rate',
    unit: 'ratio',
    per: null,
    bad: 'up',
    value: 0.029,
    expected: 0.021,
    target: 0.03,
    change: 0.008,
    changePct: 0.38,
    previous: 0.022,
    changeVsPrevious: 0.007,
    status: 'red',
    statusReason: 'far worse than usual, beyond the noise',
    statusReasons: ['far_worse_than_usual'],
    titles: {},
    series: days.map((day, i) => ({ day, value: 0.02 + (i % 5) / 1000 })),
    ...over,
  };
}

/** Facts of the daily digest of 2 June 2026 in Asia/Jakarta. */
export function digestFacts(over: Partial<DigestFacts> = {}): DigestFacts {
  return digestFactsSchema.parse({
    kind: 'daily',
    periodStart: '2026-06-01T17:00:00.000Z',
    periodEnd: '2026-06-02T17:00:00.000Z',
    label: '2026-06-02',
    timezone: 'Asia/Jakarta',
    generatedAt: '2026-06-03T02:00:00.000Z',
    freshness: { completeTo: '2026-06-02T16:00:00.000Z', stale: [], broken: [] },
    overall: 'red',
    metrics: [
      metricFact(),
      metricFact({
        id: 'redemption_fail',
        title: 'Redemption failures',
        value: 0.004,
        expected: 0.004,
        target: null,
        change: 0,
        changePct: 0,
        previous: 0.004,
        changeVsPrevious: 0,
        status: 'green',
      }),
      metricFact({
        id: 'gmv',
        title: 'GMV',
        unit: 'currency',
        bad: 'down',
        value: 1_250_000,
        expected: 1_200_000,
        target: null,
        change: 50_000,
        changePct: 0.04,
        previous: 1_150_000,
        changeVsPrevious: 100_000,
        status: 'green',
        series: days.map((day) => ({ day, value: 1_200_000 })),
      }),
    ],
    incidents: {
      opened: 1,
      acknowledged: 1,
      resolved: 0,
      medianMinutesToAcknowledge: 7,
      medianMinutesToResolve: null,
      openBySeverity: { 2: 1 },
      list: [
        {
          id: 12,
          title: 'Refund spike in Jakarta',
          severity: 2,
          status: 'acknowledged',
          metricId: 'refund_rate',
          slice: { city: 'jakarta' },
          openedAt: '2026-06-02T07:00:00.000Z',
          acknowledgedAt: '2026-06-02T07:07:00.000Z',
          resolvedAt: null,
          minutesToAcknowledge: 7,
          minutesToResolve: null,
          ageHours: 19,
          impact: '~3,100 orders',
          impactValue: 3100,
          cause: { text: 'one agency stopped honouring vouchers', confirmed: true },
          owner: 'U0RISK001',
          channelId: 'C0INC12',
        },
      ],
    },
    topSlices: [],
    playbookFindings: [],
    actions: [
      {
        id: 3,
        incidentId: 12,
        text: 'Suspend the cluster & refund <unredeemed> vouchers',
        owner: 'U0RISK001',
        due: '2026-06-03T10:00:00.000Z',
        done: false,
      },
    ],
    ...over,
  });
}

/** A template-written summary of `facts`, with `replaced` sentences. */
export function writtenSummary(facts: DigestFacts, over: Partial<WrittenSummary> = {}): WrittenSummary {
  const draft = {
    headline: `GNE Daily ${facts.label}: overall *${facts.overall.toUpperCase()}*; refund rate 2.9% against 2.1% expected.`,
    overall: facts.overall === 'red' ? ('red' as const) : ('green' as const),
    sections: [
      { key: 'header', title: 'Today', sentences: [{ about: 'header', text: 'Data complete to 2 Jun 23:00.' }] },
      {
        key: 'scorecard',
        title: 'Scorecard',
        sentences: [{ about: 'metric:refund_rate', text: 'Refund rate 2.9% (+0.8 pt).' }],
      },
      {
        key: 'integrity',
        title: 'Integrity',
        sentences: [{ about: 'slice:1', text: 'Refund rate in city=jakarta: 4.1% against 2.0% expected.' }],
      },
    ],
    actions: [],
  };
  const text = [
    draft.headline,
    ...draft.sections.map((s) => `*${s.title}*\n${s.sentences.map((x) => x.text).join(' ')}`),
  ].join('\n\n');
  return {
    kind: facts.kind,
    source: 'template',
    draft,
    text,
    replaced: [],
    fallbackReason: 'no OPENAI_API_KEY',
    ...over,
  };
}
