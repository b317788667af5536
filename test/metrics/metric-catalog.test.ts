import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.ts';
import { catalogSchema, metricSchema } from '../../src/metrics/metric-catalog-schema.ts';
import { VigilError } from '../../src/errors.ts';
import { catalogOf, demoCatalog, selectMetrics } from '../../src/metrics/load-catalog.ts';

const DEMO_IDS = [
  'refund_rate',
  'redemption_failure_rate',
  'complaint_rate',
  'negative_review_rate',
  'inauthentic_review_share',
  'merchant_cancellation_rate',
  'moderation_qa_accuracy',
  'moderation_sla',
  'cs_first_response_sla',
  'cost_per_ticket',
  'order_volume',
];

const base = {
  id: 'refund_rate',
  title: 'Refund rate',
  description: 'Refunds / orders.',
  kind: 'ratio',
  grain: 'hour',
  bad: 'up',
  sql: 'SELECT bucket, numerator, denominator FROM t WHERE bucket >= :from AND bucket < :to',
};

function issues(input: unknown): Array<{ path: PropertyKey[]; message: string; code: string }> {
  const r = catalogSchema.safeParse(input);
  if (r.success) throw new Error('expected the catalog to be rejected');
  return r.error.issues.map((i) => ({ path: i.path, message: i.message, code: i.code }));
}

describe('the shipped demo catalog', () => {
  const catalog = demoCatalog();

  it('parses and holds exactly the 11 demo metrics', () => {
    expect(catalog.map((m) => m.id)).toEqual(DEMO_IDS);
    expect(catalogSchema.safeParse(catalog).success).toBe(true);
  });

  it('binds only :from, :to and :tz in its SQL and watches the whole market of every metric', () => {
    for (const m of catalog) {
      expect(m.sql, m.id).toMatch(/:from\b/);
      expect(m.sql, m.id).toMatch(/:to\b/);
      expect(
        [...m.sql.matchAll(/(?<!:):([a-z_]+)/g)].map((x) => x[1]).filter((n) => !['from', 'to', 'tz'].includes(n!)),
        m.id,
      ).toEqual([]);
      expect(m.slices, m.id).toContainEqual([]);
    }
  });

  it('is the catalog in force when vigil.yml has no metrics', () => {
    expect(catalogOf({ workspace: { metrics: undefined } } as never)).toBe(catalog);
    const own = catalogSchema.parse([base]);
    expect(catalogOf({ workspace: { metrics: own } } as never)).toBe(own);
  });

  it('selects metrics by id and names the known ones for an unknown id', () => {
    expect(selectMetrics(catalog, ['order_volume', 'refund_rate']).map((m) => m.id)).toEqual([
      'order_volume',
      'refund_rate',
    ]);
    expect(selectMetrics(catalog)).toHaveLength(11);
    expect(() => selectMetrics(catalog, ['nps'])).toThrow(
      expect.objectContaining({
        code: 'vigil_metric_unknown',
        hint: expect.stringContaining('refund_rate, redemption_failure_rate'),
      }),
    );
  });
});

describe('catalogSchema', () => {
  it('fills in the documented defaults', () => {
    const [m] = catalogSchema.parse([base]);
    expect(m).toMatchObject({
      rate_kind: 'proportion',
      unit: 'ratio',
      scale: 1,
      slices: [[]],
      min_volume: 0,
      complete_after: '0m',
      severity: [{ severity: 3 }],
      incident_at_severity: 3,
      mutes: [],
      detector: {
        baseline_weeks: 4,
        window_buckets: 1,
        z: 4,
        min_change: 0.2,
        confidence: 0.999,
        min_duration: 2,
        recovery_buckets: 3,
        cusum_k: 1,
        cusum_h: 0,
      },
    });
  });

  it('rejects a duplicate metric id at the second one', () => {
    expect(issues([base, { ...base, title: 'Again' }])).toEqual([
      { path: [1, 'id'], message: 'metric id "refund_rate" appears twice', code: 'custom' },
    ]);
  });

  it('rejects an unknown key, in the metric and in its detector', () => {
    expect(issues([{ ...base, treshold: 3 }])).toMatchObject([{ path: [0], code: 'unrecognized_keys' }]);
    expect(issues([{ ...base, detector: { zscore: 3 } }])).toMatchObject([
      { path: [0, 'detector'], code: 'unrecognized_keys' },
    ]);
  });

  it('rejects a grain that is not 15m, hour or day', () => {
    expect(issues([{ ...base, grain: 'week' }])).toMatchObject([{ path: [0, 'grain'] }]);
    for (const grain of ['15m', 'hour', 'day'])
      expect(catalogSchema.safeParse([{ ...base, grain }]).success).toBe(true);
  });

  it('rejects a severity rule with min_impact when the metric has no impact section', () => {
    const rules = [{ severity: 2, min_impact: 500 }, { severity: 3 }];
    expect(issues([{ ...base, severity: rules }])).toEqual([
      {
        path: [0, 'severity', 0, 'min_impact'],
        message: 'needs an `impact` section to estimate impact from',
        code: 'custom',
      },
    ]);
    expect(catalogSchema.safeParse([{ ...base, severity: rules, impact: { label: 'USD refunded' } }]).success).toBe(
      true,
    );
  });

  it('rejects bad ids, durations, owners and detector settings', () => {
    expect(issues([{ ...base, id: 'Refund-Rate' }])).toMatchObject([{ path: [0, 'id'] }]);
    expect(issues([{ ...base, complete_after: '90 minutes' }])).toMatchObject([{ path: [0, 'complete_after'] }]);
    expect(issues([{ ...base, owner: 'alice' }])).toMatchObject([{ path: [0, 'owner'] }]);
    expect(issues([{ ...base, detector: { baseline_weeks: 1 } }])).toMatchObject([
      { path: [0, 'detector', 'baseline_weeks'] },
    ]);
    expect(issues([{ ...base, detector: { z: 0 } }])).toMatchObject([{ path: [0, 'detector', 'z'] }]);
    expect(issues([{ ...base, slices: [] }])).toMatchObject([{ path: [0, 'slices'] }]);
    for (const owner of ['U012AB3CD', '<@U012AB3CD>', 'S0614TZR7', '<!subteam^S0614TZR7|gne-oncall>']) {
      expect(metricSchema.safeParse({ ...base, owner }).success, owner).toBe(true);
    }
  });
});

describe('loadConfig with a metric catalog', () => {
  function yml(text: string): string {
    const path = join(mkdtempSync(join(tmpdir(), 'vigil-catalog-')), 'vigil.yml');
    writeFileSync(path, text);
    return path;
  }

  function problemsOf(text: string): string {
    try {
      loadConfig({ VIGIL_CONFIG: yml(text) });
    } catch (err) {
      expect(err).toBeInstanceOf(VigilError);
      expect((err as VigilError).code).toBe('vigil_config_invalid');
      return (err as VigilError).message;
    }
    throw new Error('expected loadConfig to throw');
  }

  const metric = (id: string, extra = '') =>
    [
      `  - id: ${id}`,
      '    title: Refund rate',
      '    description: Refunds / orders.',
      '    kind: ratio',
      '    grain: hour',
      '    bad: up',
      '    sql: SELECT bucket, numerator, denominator FROM t WHERE bucket >= :from AND bucket < :to',
      ...(extra ? [extra] : []),
    ].join('\n');

  it('loads a vigil.yml catalog in place of the demo one', () => {
    const config = loadConfig({ VIGIL_CONFIG: yml(`metrics:\n${metric('refund_rate')}\n`) });
    expect(config.workspace.metrics?.map((m) => m.id)).toEqual(['refund_rate']);
    expect(catalogOf(config).map((m) => m.id)).toEqual(['refund_rate']);
  });

  it('reports a bad metric with the file and line of the offending key', () => {
    // Line 1 metrics:, lines 2-8 the first metric, lines 9-15 the second (grain on line 13), line 16 its typo.
    const text = `metrics:\n${metric('refund_rate')}\n${metric('order_volume', '    detector: { zz: 3 }').replace('grain: hour', 'grain: weekly')}\n`;
    const message = problemsOf(text);
    expect(message).toMatch(/vigil\.yml:13: metrics\.1\.grain: /);
    expect(message).toMatch(/vigil\.yml:16: unknown key 'metrics\.1\.detector\.zz'/);
  });

  it('reports a duplicate id at the line of the second one', () => {
    const message = problemsOf(`metrics:\n${metric('refund_rate')}\n${metric('refund_rate')}\n`);
    expect(message).toMatch(/vigil\.yml:9: metrics\.1\.id: metric id "refund_rate" appears twice/);
  });
});

describe('related metrics', () => {
  const two = (a: Record<string, unknown>, b: Record<string, unknown>) => [
    { ...base, ...a },
    { ...base, id: 'complaint_rate', title: 'Complaint rate', ...b },
  ];

  it('is symmetric: listing the relation on one side gives it to both', () => {
    const [refunds, complaints] = catalogSchema.parse(two({}, { related: ['refund_rate'] }));
    expect(refunds!.related).toEqual(['complaint_rate']);
    expect(complaints!.related).toEqual(['refund_rate']);
  });

  it('defaults to none and lists a relation given on both sides once', () => {
    expect(catalogSchema.parse([base])[0]!.related).toEqual([]);
    const [refunds] = catalogSchema.parse(two({ related: ['complaint_rate'] }, { related: ['refund_rate'] }));
    expect(refunds!.related).toEqual(['complaint_rate']);
  });

  it('rejects an unknown metric id, naming the known ones, and a metric related to itself', () => {
    expect(issues(two({ related: ['refunds'] }, {}))).toEqual([
      {
        path: [0, 'related', 0],
        code: 'custom',
        message: 'there is no metric "refunds" in the catalog; use one of refund_rate, complaint_rate',
      },
    ]);
    expect(issues(two({}, { related: ['complaint_rate'] }))[0]).toMatchObject({
      path: [1, 'related', 0],
      message: 'a metric cannot be related to itself',
    });
  });

  it('relates complaints to refunds and redemption failures in the demo, both ways', () => {
    const byId = new Map(demoCatalog().map((m) => [m.id, m]));
    expect(byId.get('complaint_rate')!.related).toEqual(
      expect.arrayContaining(['refund_rate', 'redemption_failure_rate']),
    );
    expect(byId.get('refund_rate')!.related).toContain('complaint_rate');
    expect(byId.get('redemption_failure_rate')!.related).toContain('complaint_rate');
  });
});

describe('metric titles in several languages', () => {
  it('reads a plain title as the English one', () => {
    const [m] = catalogSchema.parse([base]);
    expect(m!.title).toBe('Refund rate');
    expect(m!.titles).toEqual({ en: 'Refund rate' });
  });

  it('reads a title map: title is the English, titles the map', () => {
    const [m] = catalogSchema.parse([{ ...base, title: { en: 'Refund rate', id: 'Tingkat refund', th: 'อัตราคืนเงิน' } }]);
    expect(m!.title).toBe('Refund rate');
    expect(m!.titles).toEqual({ en: 'Refund rate', id: 'Tingkat refund', th: 'อัตราคืนเงิน' });
  });

  it('parses a parsed catalog again to the same metrics', () => {
    const once = catalogSchema.parse([{ ...base, title: { en: 'Refund rate', id: 'Tingkat refund' } }]);
    expect(catalogSchema.parse(once)).toEqual(once);
    expect(catalogSchema.parse(demoCatalog())).toEqual(demoCatalog());
  });

  it('rejects a title map without en, naming the metric and what to write', () => {
    expect(issues([{ ...base, title: { id: 'Tingkat refund' } }])).toEqual([
      {
        path: [0, 'title'],
        code: 'custom',
        message:
          'metric "refund_rate" has no English title: a title map must include en, e.g. title: {en: <the English title>, id: Tingkat refund}',
      },
    ]);
  });

  it('rejects a language vigil does not write, naming the metric and the supported ones', () => {
    expect(issues([{ ...base, title: { en: 'Refund rate', de: 'Erstattungsquote' } }])).toEqual([
      {
        path: [0, 'title', 'de'],
        code: 'custom',
        message:
          'metric "refund_rate": "de" is not a language vigil writes in; write the title under one of en, id, th, vi, ms, fil (e.g. id for Bahasa Indonesia, fil for Filipino)',
      },
    ]);
  });

  it('rejects an empty or too long title in the map at its language, and a title that is neither text nor a map', () => {
    expect(issues([{ ...base, title: { en: 'Refund rate', id: '' } }])).toMatchObject([{ path: [0, 'title', 'id'] }]);
    expect(issues([{ ...base, title: { en: 'x'.repeat(81) } }])).toMatchObject([{ path: [0, 'title', 'en'] }]);
    expect(issues([{ ...base, title: 'x'.repeat(81) }])).toMatchObject([{ path: [0, 'title'] }]);
    for (const title of [7, { en: 'Refund rate', id: 5 }])
      expect(issues([{ ...base, title }])).toEqual([
        {
          path: [0, 'title'],
          code: 'invalid_union',
          message:
            'a title of at most 80 characters, or a map of language -> title that includes en, e.g. {en: Refund rate, id: Tingkat refund}',
        },
      ]);
  });

  it('reports a title map without en in vigil.yml at its line, naming the metric', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'vigil-catalog-')), 'vigil.yml');
    writeFileSync(
      path,
      [
        'metrics:',
        '  - id: refund_rate',
        '    title: { id: Tingkat refund, xx: Refund }',
        '    description: Refunds / orders.',
        '    kind: ratio',
        '    grain: hour',
        '    bad: up',
        '    sql: SELECT bucket, numerator, denominator FROM t WHERE bucket >= :from AND bucket < :to',
        '',
      ].join('\n'),
    );
    let message = '';
    try {
      loadConfig({ VIGIL_CONFIG: path });
    } catch (err) {
      message = (err as VigilError).message;
    }
    expect(message).toMatch(/vigil\.yml:3: metrics\.0\.title: metric "refund_rate" has no English title/);
    expect(message).toMatch(/vigil\.yml:3: metrics\.0\.title\.xx: metric "refund_rate": "xx" is not a language/);
  });

  it('gives the demo metrics Indonesian titles and keeps their English titles', () => {
    expect(demoCatalog().map((m) => m.title)).toEqual([
      'Refund rate',
      'Redemption failure rate',
      'Complaint rate',
      'Negative review rate',
      'Inauthentic review share',
      'Merchant cancellation rate',
      'Moderation QA accuracy',
      'Moderation SLA',
      'CS first-response SLA',
      'Cost per ticket',
      'Order volume',
    ]);
    for (const m of demoCatalog()) {
      expect(Object.keys(m.titles).sort(), m.id).toEqual(['en', 'id']);
      expect(m.titles.en, m.id).toBe(m.title);
    }
  });
});
