import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { measureIncident, measureMetric } from '../../src/demo/demo-metrics.ts';
import type { MetricId } from '../../src/demo/incident-types.ts';
import { seedDemo, type InjectedIncident, type SeedResult } from '../../src/demo/seed-demo.ts';
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from '../helpers/test-database.ts';

const END = new Date('2025-06-03T10:00:00Z');
const DAYS = 40;
const DAY_MS = 86_400_000;

// How far from 1 each kind must push its metric (ratio of observed to baseline) to count as visible.
const VISIBLE: Record<string, (ratio: number) => boolean> = {
  refund_spike: (r) => r >= 2,
  redemption_failure: (r) => r >= 3,
  fake_review_burst: (r) => r >= 2,
  moderation_qa_drop: (r) => r <= 0.95,
  cs_sla_breach: (r) => r <= 0.8,
  external_shock: (r) => r <= 0.75,
};

describe.each(testDatabaseKinds)('seedDemo on %s', (kind) => {
  let db: TestDatabase;
  let result: SeedResult;
  const rows = async <T = Record<string, unknown>>(sql: string, values: unknown[] = []) =>
    (await db.pool.query(sql, values)).rows as T[];
  const one = async <T = Record<string, unknown>>(sql: string, values: unknown[] = []) =>
    (await rows<T>(sql, values))[0]!;

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    result = await seedDemo(db.pool, { days: DAYS, seed: 7, end: END });
  });
  afterAll(async () => {
    await db?.close();
  });

  it('writes every table with the row counts it reports, at 6-10k orders a day', async () => {
    for (const [table, count] of Object.entries(result.rows)) {
      expect((await one<{ n: number }>(`SELECT count(*)::int AS n FROM warehouse.${table}`)).n, table).toBe(count);
      expect(count, table).toBeGreaterThan(0);
    }
    expect(result.rows.orders! / DAYS).toBeGreaterThan(6000);
    expect(result.rows.orders! / DAYS).toBeLessThan(10_000);
    const span = await one<{ first: Date; last: Date }>(
      'SELECT min(paid_at) AS first, max(paid_at) AS last FROM warehouse.orders',
    );
    expect(span.first.getTime()).toBeGreaterThanOrEqual(END.getTime() - DAYS * DAY_MS);
    expect(span.last.getTime()).toBeLessThan(END.getTime());
    for (const [table, column] of [
      ['refunds', 'requested_at'],
      ['tickets', 'first_human_reply_at'],
      ['reviews', 'created_at'],
    ]) {
      expect(
        (
          await one<{ late: number }>(`SELECT count(*)::int AS late FROM warehouse.${table} WHERE ${column} >= $1`, [
            END,
          ])
        ).late,
      ).toBe(0);
    }
  });

  it('models six markets with their time zones, categories, channels, tiers, vendors, POS integrations and languages', async () => {
    const cities = await rows<{ slug: string; market: string; timezone: string }>(
      'SELECT slug, market, timezone FROM warehouse.cities ORDER BY slug',
    );
    expect(cities).toEqual([
      { slug: 'bangkok', market: 'TH', timezone: 'Asia/Bangkok' },
      { slug: 'ho-chi-minh-city', market: 'VN', timezone: 'Asia/Ho_Chi_Minh' },
      { slug: 'jakarta', market: 'ID', timezone: 'Asia/Jakarta' },
      { slug: 'kuala-lumpur', market: 'MY', timezone: 'Asia/Kuala_Lumpur' },
      { slug: 'manila', market: 'PH', timezone: 'Asia/Manila' },
      { slug: 'singapore', market: 'SG', timezone: 'Asia/Singapore' },
    ]);
    const distinct = async (sql: string) => (await rows<{ v: string }>(sql)).map((r) => r.v).sort();
    expect(await distinct('SELECT DISTINCT channel AS v FROM warehouse.orders')).toEqual([
      'live',
      'poi',
      'search',
      'video',
    ]);
    expect((await distinct('SELECT DISTINCT category_l2 AS v FROM warehouse.orders')).length).toBeGreaterThanOrEqual(5);
    expect(await distinct('SELECT DISTINCT tier AS v FROM warehouse.merchants')).toEqual([
      'key_account',
      'long_tail',
      'mid',
    ]);
    expect(await distinct('SELECT DISTINCT pos_integration AS v FROM warehouse.redemptions')).toEqual([
      'app-scan',
      'posmart',
      'qrdesk',
      'tillnow',
    ]);
    expect(await distinct('SELECT DISTINCT language AS v FROM warehouse.tickets')).toEqual([
      'en',
      'id',
      'ms',
      'th',
      'tl',
      'vi',
      'zh',
    ]);
    expect((await distinct('SELECT slug AS v FROM warehouse.vendors')).length).toBeGreaterThanOrEqual(3);
    const newMerchants = await one<{ n: number }>(
      `SELECT count(*)::int AS n FROM warehouse.merchants WHERE onboarded_at > $1`,
      [new Date(END.getTime() - 30 * DAY_MS)],
    );
    expect(newMerchants.n).toBeGreaterThan(100);
    const bySize = await rows<{
      slug: string;
    }>(`SELECT c.slug FROM warehouse.orders o JOIN warehouse.cities c USING (city_id)
      GROUP BY c.slug ORDER BY count(*) DESC LIMIT 2`);
    expect(bySize.map((r) => r.slug).sort()).toEqual(['jakarta', 'manila']);
    const holidays = await rows(
      `SELECT market, date::text AS date FROM warehouse.public_holidays WHERE date IN ('2025-08-17', '2025-05-01')`,
    );
    expect(holidays).toContainEqual({ market: 'ID', date: '2025-08-17' });
    expect(holidays.filter((h) => h.date === '2025-05-01')).toHaveLength(6);
  });

  it('records the injected incidents in warehouse.injected_incidents, inside the period', async () => {
    const stored = await rows<{
      id: string;
      kind: string;
      metric: string;
      slice: Record<string, string>;
      start_at: Date;
      end_at: Date;
      cause: string;
    }>('SELECT * FROM warehouse.injected_incidents ORDER BY start_at, kind');
    expect(
      stored.map((s) => ({
        id: s.id,
        kind: s.kind,
        metric: s.metric,
        slice: s.slice,
        start: s.start_at.toISOString(),
        end: s.end_at.toISOString(),
        cause: s.cause,
      })),
    ).toEqual(result.incidents);
    for (const i of result.incidents) {
      expect(Date.parse(i.start)).toBeGreaterThanOrEqual(END.getTime() - DAYS * DAY_MS);
      expect(Date.parse(i.end)).toBeLessThanOrEqual(END.getTime());
    }
  });

  it('makes every injected incident clearly visible in its metric and slice', async () => {
    for (const incident of result.incidents.filter((i) => i.kind !== 'slow_drift')) {
      const m = await measureIncident(db.pool, incident);
      expect(m.ratio, `${incident.id} ${JSON.stringify(m)}`).not.toBeNull();
      expect(VISIBLE[incident.kind]!(m.ratio!), `${incident.id} ${JSON.stringify(m)}`).toBe(true);
    }
    const shock = result.incidents.find((i) => i.kind === 'external_shock')!;
    const complaints = await measureIncident(db.pool, { ...shock, metric: 'complaint_rate' });
    expect(complaints.ratio!).toBeGreaterThan(2);
  });

  it('shows the slow drift when its last week is compared with the 28 days before it began', async () => {
    const drift = result.incidents.find((i) => i.kind === 'slow_drift')!;
    const start = Date.parse(drift.start);
    const end = Date.parse(drift.end);
    const metric = drift.metric as MetricId;
    const before = await measureMetric(db.pool, metric, drift.slice, new Date(start - 28 * DAY_MS), new Date(start));
    const ratio = async (from: number, to: number) =>
      (await measureMetric(db.pool, metric, drift.slice, new Date(from), new Date(to))).value! / before.value!;
    const lastWeek = await ratio(end - 7 * DAY_MS, end);
    expect(lastWeek).toBeGreaterThan(1.4);
    // Gradual: the first half of the drift sits well below its last week.
    expect(await ratio(start, start + (end - start) / 2)).toBeLessThan(lastWeek - 0.3);
  });

  it('leaves slices no incident touched near their baseline over the same windows', async () => {
    for (const incident of result.incidents.filter((i) => i.kind !== 'slow_drift')) {
      const control = cleanSlice(incident, result.incidents);
      const m = await measureIncident(db.pool, { ...incident, slice: control });
      expect(m.ratio!, `${incident.id} vs ${JSON.stringify(control)}: ${JSON.stringify(m)}`).toBeGreaterThan(0.5);
      expect(m.ratio!, `${incident.id} vs ${JSON.stringify(control)}: ${JSON.stringify(m)}`).toBeLessThan(2);
    }
  });

  it('gives many merchants few orders and a few merchants many (heavy tail)', async () => {
    const sizes = await one<{ small: number; top: number }>(`
      WITH n AS (SELECT m.merchant_id, count(o.order_id) AS orders FROM warehouse.merchants m
                 LEFT JOIN warehouse.orders o USING (merchant_id) GROUP BY 1),
           ranked AS (SELECT orders, ntile(100) OVER (ORDER BY orders DESC) AS pct FROM n)
      SELECT avg((orders < 10)::int)::float AS small, (sum(orders) FILTER (WHERE pct = 1) / sum(orders))::float AS top FROM ranked`);
    expect(sizes.small).toBeGreaterThanOrEqual(0.3);
    expect(sizes.top).toBeGreaterThan(0.1);
  });

  it('follows local hours, weekdays and public holidays', async () => {
    const local = `FROM warehouse.orders o JOIN warehouse.cities c USING (city_id)`;
    const hours = await rows<{
      h: number;
      category: string;
      n: number;
    }>(`SELECT extract(hour FROM o.paid_at AT TIME ZONE c.timezone)::int AS h,
      o.category_l2 AS category, count(*)::int AS n ${local} GROUP BY 1, 2`);
    const at = (category: string, h: number) => hours.find((r) => r.category === category && r.h === h)?.n ?? 0;
    expect(at('restaurant', 19)).toBeGreaterThan(5 * at('restaurant', 3));
    expect(at('fitness', 7) / at('fitness', 14)).toBeGreaterThan(1.5 * (at('restaurant', 7) / at('restaurant', 14)));

    const days = await rows<{
      dow: number;
      category: string;
      n: number;
    }>(`SELECT extract(isodow FROM o.paid_at AT TIME ZONE c.timezone)::int AS dow,
      o.category_l2 AS category, count(*)::int AS n ${local} GROUP BY 1, 2`);
    const on = (category: string, dow: number) => days.find((r) => r.category === category && r.dow === dow)?.n ?? 0;
    expect(on('attractions', 6) / on('attractions', 2)).toBeGreaterThan(1.4);
    expect(on('fitness', 1) / on('fitness', 6)).toBeGreaterThan(1.2);

    // Labour Day (Thursday 1 May 2025) vs the other Thursdays, in markets without an external shock then.
    const shocked = result.incidents.filter((i) => i.kind === 'external_shock').map((i) => i.slice.city!);
    const thursdays = await rows<{ day: string; n: number }>(
      `SELECT (o.paid_at AT TIME ZONE c.timezone)::date::text AS day, count(*)::int AS n
      ${local} WHERE o.category_l2 = 'attractions' AND extract(isodow FROM o.paid_at AT TIME ZONE c.timezone) = 4 AND c.slug <> ALL($1)
      GROUP BY 1`,
      [shocked],
    );
    const labourDay = thursdays.find((t) => t.day === '2025-05-01')!.n;
    const others = thursdays.filter((t) => ['2025-05-08', '2025-05-15', '2025-05-22', '2025-05-29'].includes(t.day));
    expect(others).toHaveLength(4);
    expect(labourDay / (others.reduce((s, t) => s + t.n, 0) / others.length)).toBeGreaterThan(1.3);
  });

  it('leaves traces to investigate: a ring sharing a payout account, burst reviews from a few new accounts and devices', async () => {
    const spike = result.incidents.find((i) => i.kind === 'refund_spike')!;
    const prefix = /payout account ([0-9a-f]+)/.exec(spike.cause)![1]!;
    const ring = await one<{ merchants: number; oldest: Date; refused: number }>(
      `SELECT count(DISTINCT m.merchant_id)::int AS merchants,
      min(m.onboarded_at) AS oldest, count(r.refund_id)::int AS refused FROM warehouse.merchants m
      LEFT JOIN warehouse.orders o USING (merchant_id)
      LEFT JOIN warehouse.refunds r ON r.order_id = o.order_id AND r.reason_code IN ('voucher_refused', 'merchant_unreachable')
      WHERE encode(m.payout_account_hash, 'hex') LIKE $1`,
      [`${prefix}%`],
    );
    expect(ring.merchants).toBeGreaterThanOrEqual(3);
    expect(Date.parse(spike.start) - ring.oldest.getTime()).toBeLessThan(30 * DAY_MS);
    expect(ring.refused).toBeGreaterThan(20);

    const burst = result.incidents.find((i) => i.kind === 'fake_review_burst')!;
    const ids = [...burst.cause.matchAll(/#(\d+)/g)].map((m) => Number(m[1]));
    const reviews = await one<{ n: number; devices: number; newest: number }>(
      `SELECT count(*)::int AS n, count(DISTINCT device_id)::int AS devices,
      max(extract(epoch FROM created_at - reviewer_created_at) / 86400)::float AS newest FROM warehouse.reviews
      WHERE merchant_id = ANY($1) AND NOT verified_purchase AND rating = 5 AND created_at >= $2 AND created_at < $3`,
      [ids, burst.start, burst.end],
    );
    expect(reviews.n).toBeGreaterThan(20);
    expect(reviews.devices).toBeLessThanOrEqual(8);
    expect(reviews.newest).toBeLessThan(12);
  });
});

/** A slice of the incident's metric that no injected incident touches (a different city, POS or vendor). */
function cleanSlice(incident: InjectedIncident, all: InjectedIncident[]): Record<string, string> {
  const used = (key: string) => new Set(all.map((i) => i.slice[key]).filter((v) => v !== undefined));
  const firstUnused = (key: string, options: string[]) => options.find((o) => !used(key).has(o))!;
  const cities = ['jakarta', 'manila', 'bangkok', 'ho-chi-minh-city', 'kuala-lumpur', 'singapore'];
  const keys = Object.keys(incident.slice).sort().join(',');
  if (keys === 'category,city') return { city: firstUnused('city', cities), category: 'restaurant' };
  if (keys === 'city') return { city: firstUnused('city', cities) };
  if (keys === 'pos_integration')
    return { pos_integration: firstUnused('pos_integration', ['app-scan', 'tillnow', 'posmart', 'qrdesk']) };
  if (incident.kind === 'moderation_qa_drop') {
    const pairs = [
      ['vendor-d', 'en'],
      ['vendor-d', 'id'],
      ['vendor-e', 'th'],
      ['vendor-e', 'vi'],
      ['vendor-e', 'id'],
      ['vendor-d', 'tl'],
    ];
    const taken = new Set(
      all.filter((i) => i.kind === 'moderation_qa_drop').map((i) => `${i.slice.vendor}/${i.slice.language}`),
    );
    const [vendor, language] = pairs.find(([v, l]) => !taken.has(`${v}/${l}`))!;
    return { vendor: vendor!, language: language! };
  }
  return { vendor: firstUnused('vendor', ['vendor-b', 'vendor-a', 'vendor-c']) };
}
