// Digest facts end to end on a real database: a small synthetic warehouse with known numbers in
// Asia/Jakarta days, a custom catalog, and incidents, anomalies, playbook runs and actions in the bot tables.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metricSchema, type CatalogMetric } from '../../src/metrics/metric-catalog-schema.ts';
import { migrate } from '../../src/db/migrate.ts';
import { addAction, completeAction } from '../../src/summaries/actions-store.ts';
import { buildDigestFacts, type FactsDeps } from '../../src/summaries/build-digest-facts.ts';
import { dayRange, localDayStart } from '../../src/summaries/digest-facts-period.ts';
import { addDays } from '../../src/time/zone-time.ts';
import { digestFactsSchema, type DigestFacts, type MetricFact } from '../../src/summaries/digest-facts-schema.ts';
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from '../helpers/test-database.ts';

const TZ = 'Asia/Jakarta';
// Thursday 2026-11-26, 03:00 in Jakarta (still the 25th in UTC): yesterday is the 25th, the last full week 16-22 Nov.
const NOW = new Date('2026-11-25T20:00:00Z');
// Failures per 100 attempts in every hour of a local day; 5 unless listed. The 25th's same weekdays
// before it are 4, 6, 5 and 7 (median 5.5), the 18th (a week before) is 6.
const FAIL: Record<string, number> = {
  '2026-11-25': 20,
  '2026-11-18': 6,
  '2026-11-11': 4,
  '2026-11-04': 5,
  '2026-10-28': 7,
};
const FIRST_DAY = '2026-10-12';
const DAYS = dayRange(FIRST_DAY, 45);

const metric = (over: Record<string, unknown>): CatalogMetric =>
  metricSchema.parse({
    description: 'test metric',
    kind: 'ratio',
    grain: 'hour',
    bad: 'up',
    slices: [[], ['city']],
    ...over,
  });
const from = (cols: string, where = 'true') =>
  `SELECT bucket, city, ${cols} FROM wh_df.cells WHERE ${where} AND bucket >= :from AND bucket < :to`;
const catalog: CatalogMetric[] = [
  metric({
    id: 'fail_rate',
    title: 'Failure rate',
    target: 0.08,
    sql: from('fails AS numerator, attempts AS denominator'),
  }),
  metric({
    id: 'fail_rate_daily',
    title: 'Failure rate by day',
    grain: 'day',
    slices: [[]],
    sql: "SELECT date_trunc('day', bucket, :tz) AS bucket, sum(fails) AS numerator, sum(attempts) AS denominator FROM wh_df.cells WHERE bucket >= :from AND bucket < :to GROUP BY 1",
  }),
  metric({ id: 'sla', title: 'SLA', bad: 'down', target: 0.95, sql: from('sla_ok AS numerator, 100 AS denominator') }),
  metric({
    id: 'orders',
    title: 'Orders',
    kind: 'amount',
    rate_kind: 'count',
    unit: 'count',
    bad: 'down',
    sql: from('orders AS value'),
  }),
  metric({
    id: 'cost',
    title: 'Cost per contact',
    rate_kind: 'continuous',
    unit: 'currency',
    sql: from('cost AS numerator, contacts AS denominator'),
  }),
  metric({ id: 'empty_rate', title: 'Empty', sql: from('fails AS numerator, attempts AS denominator', 'false') }),
  metric({ id: 'broken_rate', title: 'Broken', sql: from('nope AS numerator, attempts AS denominator') }),
];

describe.each(testDatabaseKinds)('buildDigestFacts on %s', (kind) => {
  let db: TestDatabase;
  let deps: FactsDeps;
  let daily: DigestFacts;
  const ids: Record<string, number> = {};
  const m = (id: string): MetricFact => daily.metrics.find((x) => x.id === id)!;

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    await migrate(db.pool);
    await db.pool.query('CREATE SCHEMA wh_df');
    await db.pool.query(
      'CREATE TABLE wh_df.cells (bucket timestamptz, city text, fails int, attempts int, sla_ok int, orders int, cost float8, contacts int)',
    );
    const rows: unknown[][] = [[], [], [], [], [], [], [], []];
    for (const day of DAYS) {
      const start = localDayStart(day, TZ);
      for (let h = 0; h < 24; h++) {
        for (const city of ['jakarta', 'bandung']) {
          const cols = [
            new Date(start + h * 3_600_000),
            city,
            FAIL[day] ?? 5,
            100,
            day === '2026-11-25' ? 94 : 96,
            10,
            30,
            10,
          ];
          cols.forEach((c, i) => rows[i]!.push(c));
        }
      }
    }
    await db.pool.query(
      `INSERT INTO wh_df.cells SELECT * FROM unnest($1::timestamptz[], $2::text[], $3::int[], $4::int[], $5::int[], $6::int[], $7::float8[], $8::int[])`,
      rows,
    );
    const inc = async (
      title: string,
      severity: number,
      metricId: string | null,
      opened: string,
      more: Record<string, unknown> = {},
    ) => {
      const cols = ['title', 'severity', 'metric_id', 'opened_by', 'opened_at', ...Object.keys(more)];
      const values = [title, severity, metricId, 'vigil', opened, ...Object.values(more)];
      const { rows: r } = await db.pool.query(
        `INSERT INTO incidents (${cols.join(', ')}) VALUES (${cols.map((_, i) => `$${i + 1}`).join(', ')}) RETURNING id`,
        values,
      );
      ids[title] = Number(r[0].id);
    };
    await inc('A cost spike', 2, 'cost', '2026-11-25T01:00:00Z', {
      status: 'acknowledged',
      acknowledged_at: '2026-11-25T01:10:00Z',
      acknowledged_by: 'UACK',
      evidence: JSON.stringify({
        metricId: 'cost',
        bucket: '2026-11-25T01:00:00Z',
        observed: 4,
        expected: 3,
        unit: 'currency',
        slice: {},
        impact: '~120 refunds',
      }),
    });
    await inc('B sla drop', 3, 'sla', '2026-11-25T03:00:00Z', {
      status: 'resolved',
      acknowledged_at: '2026-11-25T03:30:00Z',
      resolved_at: '2026-11-25T05:00:00Z',
      resolution_note: 'Vendor B added agents',
      owner_user_id: 'UOWNB',
    });
    await inc('C old minor', 4, null, '2026-11-20T00:00:00Z', {
      acknowledged_at: '2026-11-20T00:50:00Z',
      owner_user_id: 'UOWNC',
      status: 'acknowledged',
    });
    await inc('D long gone', 1, 'fail_rate', '2026-11-10T00:00:00Z', {
      status: 'resolved',
      resolved_at: '2026-11-11T00:00:00Z',
      resolution_note: 'fixed',
    });
    await inc('E resolved in period', 3, 'orders', '2026-11-24T10:00:00Z', {
      status: 'resolved',
      resolved_at: '2026-11-24T18:00:00Z',
      resolution_note: 'ok',
    });
    await inc('F after the period', 1, 'orders', '2026-11-25T18:00:00Z');
    const run = (incident: number | null, started: string, findings: string[], status = 'succeeded') =>
      db.pool.query(
        "INSERT INTO playbook_runs (playbook_id, requested_by, incident_id, status, findings, started_at) VALUES ('refund-spike', 'U1', $1, $2, $3, $4)",
        [incident, status, JSON.stringify(findings), started],
      );
    await run(ids['A cost spike']!, '2026-11-25T01:20:00Z', ['Old finding']);
    await run(ids['A cost spike']!, '2026-11-25T02:00:00Z', ['Vendor X bills twice', 'second']);
    await run(ids['B sla drop']!, '2026-11-25T03:40:00Z', ['Queue backlog']);
    await run(null, '2026-11-23T00:00:00Z', ['outside the period']);
    await run(null, '2026-11-25T04:00:00Z', ['still running'], 'running');
    const anomaly = (
      metricId: string,
      sliceKey: string,
      bucket: string,
      impact: number | null,
      incident: number | null,
    ) =>
      db.pool.query(
        'INSERT INTO anomalies (metric_id, slice, slice_key, bucket, observed, expected, impact, incident_id) VALUES ($1, $2, $3, $4, 4, 3, $5, $6)',
        [
          metricId,
          JSON.stringify(sliceKey ? { city: sliceKey.split('=')[1] } : {}),
          sliceKey,
          bucket,
          impact,
          incident,
        ],
      );
    await anomaly('cost', 'city=jakarta', '2026-11-25T01:00:00Z', 800, ids['A cost spike']!);
    await anomaly('cost', 'city=jakarta', '2026-11-25T02:00:00Z', 1200, ids['A cost spike']!);
    await anomaly('cost', '', '2026-11-25T02:00:00Z', 500, null);
    await anomaly('sla', 'city=bandung', '2026-11-25T04:00:00Z', null, null);
    await anomaly('cost', 'city=bandung', '2026-11-24T01:00:00Z', 9999, null);
    await db.pool.query(
      "INSERT INTO metric_health (metric_id, status) VALUES ('sla', 'ok'), ('old_metric', 'stale'), ('gone_metric', 'broken')",
    );
    const open = await addAction(
      db.pool,
      {
        text: 'Audit vendor X',
        createdBy: 'U1',
        owner: 'UOWN',
        dueAt: new Date('2026-11-27T00:00:00Z'),
        incidentId: ids['A cost spike']!,
      },
      new Date('2026-11-25T02:00:00Z'),
    );
    const done = await addAction(db.pool, { text: 'Add agents', createdBy: 'U1' }, new Date('2026-11-24T00:00:00Z'));
    await completeAction(db.pool, done.id, new Date('2026-11-25T06:00:00Z'));
    const old = await addAction(db.pool, { text: 'Old', createdBy: 'U1' }, new Date('2026-11-01T00:00:00Z'));
    await completeAction(db.pool, old.id, new Date('2026-11-02T00:00:00Z'));
    ids.openAction = open.id;
    ids.doneAction = done.id;
    deps = { pool: db.pool, warehouse: db.pool, catalog, timezone: TZ, now: NOW };
    daily = await buildDigestFacts(deps, { kind: 'daily' });
  }, 120_000);
  afterAll(async () => {
    await db?.close();
  });

  it('covers yesterday in Jakarta days by default and passes the schema', () => {
    expect(daily).toMatchObject({
      kind: 'daily',
      label: '2026-11-25',
      periodStart: '2026-11-24T17:00:00.000Z',
      periodEnd: '2026-11-25T17:00:00.000Z',
      timezone: TZ,
      generatedAt: NOW.toISOString(),
    });
    expect(digestFactsSchema.parse(daily)).toEqual(daily);
  });

  it('gives the value, the median of the 4 same weekdays, a week ago and the changes', () => {
    const f = m('fail_rate');
    expect(f.value).toBeCloseTo(0.2, 12);
    expect(f.expected).toBeCloseTo(0.055, 12);
    expect(f.previous).toBeCloseTo(0.06, 12);
    expect(f.change).toBeCloseTo(0.145, 12);
    expect(f.changePct).toBeCloseTo(0.2 / 0.055 - 1, 12);
    expect(f.changeVsPrevious).toBeCloseTo(0.14, 12);
    expect(f.target).toBe(0.08);
    expect(f.series).toHaveLength(28);
    expect(f.series[0]).toMatchObject({ day: '2026-10-29', value: expect.closeTo(0.05, 12) });
    expect(f.series.at(-1)).toMatchObject({ day: '2026-11-25', value: expect.closeTo(0.2, 12) });
    expect(f.series.at(-8)!.value).toBeCloseTo(0.06, 12);
  });

  it('sums hourly cells into the same local days as a day-grain SQL truncating with :tz', () => {
    const d = m('fail_rate_daily');
    expect(d.value).toBeCloseTo(0.2, 12);
    expect(d.expected).toBeCloseTo(0.055, 12);
    expect(d.series.map((s) => s.day)).toEqual(m('fail_rate').series.map((s) => s.day));
  });

  it('judges red, amber, green and grey with reasons in words', () => {
    expect(m('fail_rate')).toMatchObject({ status: 'red', statusReason: 'far worse than usual, beyond the noise' });
    expect(m('sla')).toMatchObject({
      status: 'amber',
      statusReason: 'worse than target',
      value: expect.closeTo(0.94, 12),
      expected: expect.closeTo(0.96, 12),
    });
    expect(m('orders')).toMatchObject({
      status: 'green',
      value: 480,
      expected: 480,
      previous: 480,
      change: 0,
      changePct: 0,
      statusReason: 'within the usual range',
    });
    expect(m('cost')).toMatchObject({
      status: 'red',
      statusReason: 'an open high-severity incident',
      value: 3,
      unit: 'currency',
    });
    expect(m('empty_rate')).toMatchObject({
      status: 'grey',
      value: null,
      expected: null,
      change: null,
      statusReason: 'no data for the period',
    });
    expect(m('broken_rate')).toMatchObject({ status: 'grey', statusReason: 'no data: its query failed' });
    for (const x of daily.metrics) expect(x.statusReason).not.toMatch(/\d/);
    expect(daily.overall).toBe('red');
  });

  it('reports freshness: the end of the newest bucket, stale and broken metrics', () => {
    expect(daily.freshness).toEqual({
      // The newest hourly bucket starts at 23:00 in Jakarta on 25 Nov: data is complete to its end, local midnight.
      completeTo: '2026-11-25T17:00:00.000Z',
      stale: ['old_metric'],
      broken: ['broken_rate', 'gone_metric'],
    });
  });

  it('counts incidents opened, acknowledged and resolved in the period, with medians and open by severity', () => {
    expect(daily.incidents).toMatchObject({
      opened: 2,
      acknowledged: 2,
      resolved: 2,
      medianMinutesToAcknowledge: 20,
      medianMinutesToResolve: 300,
      openBySeverity: { 1: 0, 2: 1, 3: 0, 4: 1 },
    });
    expect(daily.incidents.list.map((i) => i.title)).toEqual(['A cost spike', 'B sla drop', 'C old minor']);
  });

  it('lists each incident with impact, cause (confirmed or hypothesis), owner and durations', () => {
    const [a, b, c] = daily.incidents.list;
    expect(a).toMatchObject({
      severity: 2,
      impact: '~120 refunds',
      impactValue: 1200,
      cause: { text: 'Vendor X bills twice', confirmed: false },
      owner: 'UACK',
      minutesToAcknowledge: 10,
      minutesToResolve: null,
      ageHours: 19,
      metricId: 'cost',
    });
    expect(b).toMatchObject({
      status: 'resolved',
      cause: { text: 'Vendor B added agents', confirmed: true },
      owner: 'UOWNB',
      minutesToAcknowledge: 30,
      minutesToResolve: 120,
      ageHours: 2,
      impactValue: null,
    });
    expect(c).toMatchObject({ cause: null, owner: 'UOWNC', impact: null, minutesToAcknowledge: 50 });
  });

  it('lists the anomalous slices by impact, the playbook findings and the actions of the period', () => {
    expect(daily.topSlices).toEqual([
      { metricId: 'cost', slice: { city: 'jakarta' }, observed: 4, expected: 3, impact: 1200 },
      { metricId: 'cost', slice: {}, observed: 4, expected: 3, impact: 500 },
      { metricId: 'sla', slice: { city: 'bandung' }, observed: 4, expected: 3, impact: null },
    ]);
    expect(daily.playbookFindings.map((p) => p.findings[0])).toEqual([
      'Old finding',
      'Vendor X bills twice',
      'Queue backlog',
    ]);
    expect(daily.playbookFindings[0]).toMatchObject({ playbookId: 'refund-spike', incidentId: ids['A cost spike'] });
    expect(daily.actions).toEqual([
      {
        id: ids.openAction,
        incidentId: ids['A cost spike'],
        text: 'Audit vendor X',
        owner: 'UOWN',
        due: '2026-11-27T00:00:00.000Z',
        done: false,
      },
      { id: ids.doneAction, incidentId: null, text: 'Add agents', owner: null, due: null, done: true },
    ]);
  });

  it('takes a given date as the period', async () => {
    const f = await buildDigestFacts(deps, { kind: 'daily', date: '2026-11-18' });
    expect(f).toMatchObject({ label: '2026-11-18', periodStart: '2026-11-17T17:00:00.000Z' });
    const x = f.metrics.find((y) => y.id === 'fail_rate')!;
    expect(x.value).toBeCloseTo(0.06, 12);
    expect(x.expected).toBeCloseTo(0.05, 12);
    await expect(buildDigestFacts(deps, { kind: 'daily', date: '2026-02-30' })).rejects.toMatchObject({
      code: 'vigil_digest_date_invalid',
    });
  });

  it('covers the last full Monday-Sunday week by default for the weekly report, as ratios of weekly sums', async () => {
    const w = await buildDigestFacts(deps, { kind: 'weekly' });
    expect(w).toMatchObject({
      kind: 'weekly',
      label: '2026-11-16',
      periodStart: '2026-11-15T17:00:00.000Z',
      periodEnd: '2026-11-22T17:00:00.000Z',
    });
    const f = w.metrics.find((y) => y.id === 'fail_rate')!;
    expect(f.value).toBeCloseTo(36 / 700, 12);
    // Weeks before: 34, 35, 37 and 35 failures per 700 attempts a day: median 35.
    expect(f.expected).toBeCloseTo(35 / 700, 12);
    expect(f.previous).toBeCloseTo(34 / 700, 12);
    expect(f.series.at(-1)!.day).toBe('2026-11-22');
    expect(w.metrics.find((y) => y.id === 'orders')!.value).toBe(480 * 7);
    expect(w.incidents.openBySeverity).toEqual({ 1: 0, 2: 0, 3: 0, 4: 1 });
    expect(digestFactsSchema.parse(w)).toEqual(w);
    expect(addDays(w.label, 7)).toBe('2026-11-23');
  });
});
