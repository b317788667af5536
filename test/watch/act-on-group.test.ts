// actOnGroup on a real database: one problem, one incident. Slices of one vendor or sibling cities join the open
// incident, another dimension moving in the same buckets joins it, a recently resolved incident is reopened, a
// related metric is "also moving", and the alerts channel notice is edited in place (nock on Slack).
import { LogLevel, WebClient } from '@slack/web-api';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../src/db/migrate.ts';
import { silentNotifier } from '../../src/incidents/incident-notifier.ts';
import { IncidentService } from '../../src/incidents/incident-service.ts';
import type { LikelyCause } from '../../src/incidents/incident-types.ts';
import { catalogSchema, type CatalogMetric } from '../../src/metrics/metric-catalog-schema.ts';
import { sliceKey } from '../../src/metrics/slice-key.ts';
import { actOnGroup, noteRecoveries, type ActDeps, type GroupedSlice } from '../../src/watch/act-on-verdict.ts';
import { groupAnomalies } from '../../src/watch/group-anomalies.ts';
import { emptyCoverage } from '../../src/watch/judging-coverage.ts';
import { allowNetwork, blockNetwork, nockSlack, type SlackCall } from '../helpers/nock-slack.ts';
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from '../helpers/test-database.ts';

const HOUR = 3_600_000;
const T0 = Date.parse('2026-03-02T10:00:00Z');
const logger = pino({ level: 'silent' });

let metricNo = 0;
// A fresh pair of related metrics per test, so tests do not see each other's incidents.
function metrics(): { refunds: CatalogMetric; complaints: CatalogMetric } {
  const n = ++metricNo;
  const base = {
    description: 'a rate',
    kind: 'ratio',
    grain: 'hour',
    bad: 'up',
    sql: 'SELECT bucket, numerator, denominator FROM t WHERE bucket >= :from AND bucket < :to',
  };
  const [refunds, complaints] = catalogSchema.parse([
    { ...base, id: `refund_rate_${n}`, title: 'Refund rate' },
    { ...base, id: `complaint_rate_${n}`, title: 'Complaint rate', unit: 'count', related: [`refund_rate_${n}`] },
  ]);
  return { refunds: refunds!, complaints: complaints! };
}

function firing(slice: Record<string, string>, bucket: number, o: Partial<GroupedSlice> = {}): GroupedSlice {
  const since = o.since ?? bucket;
  return {
    slice,
    key: sliceKey(slice),
    judgement: {
      observed: 0.2,
      expected: 0.05,
      low: 0.03,
      high: 0.07,
      z: 9,
      score: 0.9,
      anomalous: true,
      healthy: false,
      reason: 'above its band',
    },
    since,
    fresh: true,
    impact: 0,
    severity: 3,
    start: since,
    end: bucket,
    score: 0.9,
    ...o,
  };
}

describe.each(testDatabaseKinds)('actOnGroup on %s', (kind) => {
  let db: TestDatabase;
  let now = T0;
  const clock = () => new Date(now);

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    await migrate(db.pool);
  }, 120_000);
  afterAll(async () => {
    await db?.close();
  });

  const deps = (over: Partial<ActDeps> = {}): ActDeps => ({
    pool: db.pool,
    logger,
    incidents: new IncidentService({ pool: db.pool, logger, clock, timezone: 'UTC', notifier: silentNotifier }),
    notify: async () => {},
    ...over,
  });

  // One evaluation at `bucket`: the firing slices grouped as the evaluator does, each group acted on.
  async function run(d: ActDeps, metric: CatalogMetric, bucket: number, items: GroupedSlice[]): Promise<void> {
    now = bucket + HOUR;
    const verdict = {
      bucket: 0,
      bucketStart: bucket,
      firing: items,
      healthyRun: new Map(),
      judged: items.length,
      coverage: emptyCoverage(),
    };
    for (const group of groupAnomalies(items)) await actOnGroup(d, metric, group, verdict);
  }

  const incidentsOf = async (metric: CatalogMetric) =>
    (
      await db.pool.query('SELECT id, status, slice, evidence FROM incidents WHERE metric_id = $1 ORDER BY id', [
        metric.id,
      ])
    ).rows;

  it('makes vendor and vendor × language one incident, listing both slices, most specific first', async () => {
    const { refunds: sla } = metrics();
    const d = deps();
    await run(d, sla, T0, [firing({ vendor: 'vendor-b' }, T0)]);
    await run(d, sla, T0 + HOUR, [firing({ vendor: 'vendor-b', language: 'id' }, T0 + HOUR)]);
    await run(d, sla, T0 + 2 * HOUR, [
      firing({ vendor: 'vendor-b' }, T0 + 2 * HOUR, { since: T0 }),
      firing({ vendor: 'vendor-b', language: 'id' }, T0 + 2 * HOUR, { since: T0 + HOUR }),
    ]);
    const rows = await incidentsOf(sla);
    expect(rows).toHaveLength(1);
    expect(rows[0].slice).toEqual({ vendor: 'vendor-b' });
    expect(rows[0].evidence.contributors.map((c: { slice: unknown }) => c.slice)).toEqual([
      { vendor: 'vendor-b', language: 'id' },
      { vendor: 'vendor-b' },
    ]);
  });

  it('joins a sibling city, the total, and another dimension moving in the same buckets', async () => {
    const { refunds } = metrics();
    const d = deps();
    await run(d, refunds, T0, [firing({ city: 'jakarta' }, T0), firing({ partner: 'p3' }, T0)]);
    await run(d, refunds, T0 + HOUR, [firing({ city: 'bangkok' }, T0 + HOUR)]);
    await run(d, refunds, T0 + 2 * HOUR, [firing({}, T0 + 2 * HOUR)]);
    const rows = await incidentsOf(refunds);
    expect(rows).toHaveLength(1);
    expect(
      rows[0].evidence.contributors.map((c: { slice: Record<string, string> }) => sliceKey(c.slice)).sort(),
    ).toEqual(['', 'city=bangkok', 'city=jakarta', 'partner=p3']);
    const linked = await db.pool.query('SELECT count(*)::int AS n FROM incidents WHERE anomaly_since = $1', [
      new Date(T0),
    ]);
    expect(linked.rows[0].n).toBeGreaterThanOrEqual(1);
  });

  it('raises the incident when a joining slice meets a more severe rule, never lowers it, and leaves a severity a person set', async () => {
    const { refunds } = metrics();
    const d = deps();
    const severityOf = async () =>
      (await db.pool.query('SELECT severity FROM incidents WHERE metric_id = $1', [refunds.id])).rows[0].severity;
    await run(d, refunds, T0, [firing({ city: 'jakarta' }, T0)]);
    expect(await severityOf()).toBe(3);
    await run(d, refunds, T0 + HOUR, [firing({ city: 'bangkok' }, T0 + HOUR, { severity: 2 })]);
    expect(await severityOf()).toBe(2);
    const [raised] = (
      await db.pool.query(
        "SELECT actor, detail FROM incident_events WHERE kind = 'severity_changed' AND incident_id = (SELECT id FROM incidents WHERE metric_id = $1)",
        [refunds.id],
      )
    ).rows;
    expect(raised).toMatchObject({ actor: 'vigil', detail: { from_severity: 3, to_severity: 2 } });
    await run(d, refunds, T0 + 2 * HOUR, [firing({ city: 'manila' }, T0 + 2 * HOUR, { severity: 4 })]);
    expect(await severityOf()).toBe(2);

    // A responder judged it SEV3; a later SEV2 slice does not overrule them.
    const id = (await db.pool.query('SELECT id FROM incidents WHERE metric_id = $1', [refunds.id])).rows[0].id;
    expect((await d.incidents.act(id, { kind: 'set_severity', severity: 3 }, 'U0RESPONDER')).ok).toBe(true);
    await run(d, refunds, T0 + 3 * HOUR, [firing({ city: 'hanoi' }, T0 + 3 * HOUR, { severity: 2 })]);
    expect(await severityOf()).toBe(3);
  });

  it('does not call the incident recovered while a slice that joined it is still anomalous', async () => {
    const { refunds } = metrics();
    const d = deps();
    await run(d, refunds, T0, [firing({ city: 'jakarta' }, T0)]);
    const b = T0 + 3 * HOUR;
    const bangkok = firing({ city: 'bangkok' }, b, { since: T0 + HOUR });
    await run(d, refunds, b, [bangkok]);
    // Jakarta itself has been healthy for 3 buckets (recovery_buckets), but Bangkok moved in this one.
    const verdict = {
      bucket: 0,
      bucketStart: b,
      firing: [bangkok],
      healthyRun: new Map([['city=jakarta', 3]]),
      judged: 2,
      coverage: emptyCoverage(),
    };
    await noteRecoveries(d, refunds, verdict, HOUR);
    const still = await db.pool.query(
      'SELECT recovered_noted_at, healthy_buckets FROM incidents WHERE metric_id = $1',
      [refunds.id],
    );
    expect(still.rows).toEqual([{ recovered_noted_at: null, healthy_buckets: 0 }]);
    const later = { ...verdict, bucketStart: b + 3 * HOUR, firing: [], healthyRun: new Map([['city=jakarta', 6]]) };
    await noteRecoveries(d, refunds, later, HOUR);
    const done = await db.pool.query('SELECT recovered_noted_at FROM incidents WHERE metric_id = $1', [refunds.id]);
    expect(done.rows[0].recovered_noted_at).not.toBeNull();
  });

  it('opens a second incident for another dimension that starts moving well after the incident stopped', async () => {
    const { refunds } = metrics();
    const d = deps();
    await run(d, refunds, T0, [firing({ city: 'jakarta' }, T0)]);
    await run(d, refunds, T0 + 5 * HOUR, [firing({ partner: 'p3' }, T0 + 5 * HOUR)]);
    expect(await incidentsOf(refunds)).toHaveLength(2);
  });

  it('reopens an incident resolved within 24 h instead of opening another, and opens a new one after 24 h', async () => {
    const { refunds } = metrics();
    const d = deps();
    await run(d, refunds, T0, [firing({ city: 'jakarta' }, T0)]);
    const [first] = await incidentsOf(refunds);
    expect((await d.incidents.act(first.id, { kind: 'resolve', note: 'rolled back' }, 'U0RESP')).ok).toBe(true);
    await run(d, refunds, T0 + 3 * HOUR, [firing({ city: 'jakarta', category: 'spa' }, T0 + 3 * HOUR)]);
    let rows = await incidentsOf(refunds);
    expect(rows.map((r) => [r.id, r.status])).toEqual([[first.id, 'reopened']]);
    const events = await db.pool.query(
      "SELECT actor, detail->>'reason' AS reason FROM incident_events WHERE incident_id = $1 AND kind = 'reopened'",
      [first.id],
    );
    expect(events.rows).toEqual([
      { actor: 'vigil', reason: expect.stringMatching(/anomalous again in city=jakarta category=spa/) },
    ]);

    expect((await d.incidents.act(first.id, { kind: 'resolve', note: 'fixed for real' }, 'U0RESP')).ok).toBe(true);
    await run(d, refunds, T0 + 30 * HOUR, [firing({ city: 'jakarta' }, T0 + 30 * HOUR)]);
    rows = await incidentsOf(refunds);
    expect(rows.map((r) => r.status)).toEqual(['resolved', 'open']);
  });

  it('adds a related metric as also moving, and opens its own incident when it is SEV1', async () => {
    const { refunds, complaints } = metrics();
    const d = deps();
    await run(d, refunds, T0, [firing({ city: 'jakarta' }, T0)]);
    await run(d, complaints, T0 + HOUR, [
      firing({ city: 'jakarta' }, T0 + HOUR, {
        judgement: { ...firing({}, 0).judgement, observed: 9, expected: 3 },
      }),
    ]);
    expect(await incidentsOf(complaints)).toHaveLength(0);
    const [refundIncident] = await incidentsOf(refunds);
    expect(refundIncident.evidence.alsoMoving).toEqual([
      {
        metricId: complaints.id,
        metricTitle: 'Complaint rate',
        slice: { city: 'jakarta' },
        observed: 9,
        expected: 3,
        unit: 'count',
      },
    ]);
    await run(d, complaints, T0 + 2 * HOUR, [firing({ city: 'jakarta' }, T0 + 2 * HOUR, { severity: 1 })]);
    expect(await incidentsOf(complaints)).toHaveLength(1);
  });

  it('asks for the likely cause once at open and opens the incident without it when that fails', async () => {
    const { refunds } = metrics();
    const asked: Array<[string, Record<string, string>, number]> = [];
    const cause: LikelyCause = { elements: { city: 'jakarta' }, text: 'Jakarta spa merchants', source: 'drill-down' };
    const d = deps({
      likelyCause: async (m, slice, bucketStart) => {
        asked.push([m.id, slice, bucketStart]);
        return cause;
      },
    });
    await run(d, refunds, T0, [firing({ city: 'jakarta' }, T0)]);
    await run(d, refunds, T0 + HOUR, [firing({ city: 'bangkok' }, T0 + HOUR)]);
    expect(asked).toEqual([[refunds.id, { city: 'jakarta' }, T0]]);
    expect((await incidentsOf(refunds))[0].evidence.likelyCause).toEqual(cause);

    const { refunds: other } = metrics();
    const failing = deps({ likelyCause: () => Promise.reject(new Error('warehouse down')) });
    await run(failing, other, T0, [firing({ city: 'jakarta' }, T0)]);
    const rows = await incidentsOf(other);
    expect(rows).toHaveLength(1);
    expect(rows[0].evidence.likelyCause).toBeUndefined();
  });

  // Complaints break down to the city only; refunds name the category within it.
  const causes = (complaints: CatalogMetric) => async (m: CatalogMetric, slice: Record<string, string>) =>
    m.id === complaints.id
      ? { elements: { ...slice }, text: 'Confined to city jakarta.', source: 'drill-down' as const }
      : {
          elements: { ...slice, category: 'spa' },
          text: 'Likely cause: jakarta · spa.',
          source: 'drill-down' as const,
        };

  const act = (d: ActDeps, metric: CatalogMetric, bucket: number, slice: Record<string, string>) =>
    run(d, metric, bucket, [firing(slice, bucket)]);

  it('replaces a cause that names only the incident slice with the related metric’s finer one, and keeps a finer one', async () => {
    const { refunds, complaints } = metrics();
    const d = deps({ likelyCause: causes(complaints) });
    await act(d, complaints, T0, { city: 'jakarta' });
    await act(d, refunds, T0 + HOUR, { city: 'jakarta' });
    const [row] = (await db.pool.query('SELECT evidence FROM incidents WHERE metric_id = $1', [complaints.id])).rows;
    expect(row.evidence.likelyCause).toEqual({
      elements: { city: 'jakarta', category: 'spa' },
      text: 'Refund rate moved with it: jakarta · spa.',
      source: 'drill-down',
    });
    expect((await db.pool.query('SELECT 1 FROM incidents WHERE metric_id = $1', [refunds.id])).rows).toHaveLength(0);

    // An incident whose own cause already names something finer keeps it.
    const other = metrics();
    const finer = async (m: CatalogMetric, slice: Record<string, string>) => ({
      elements: { ...slice, partner: m.id === other.complaints.id ? 'p3' : 'p9' },
      text: m.id,
      source: 'drill-down' as const,
    });
    const d2: ActDeps = { ...d, likelyCause: finer };
    await act(d2, other.complaints, T0, { city: 'jakarta' });
    await act(d2, other.refunds, T0 + HOUR, { city: 'jakarta' });
    const [kept] = (await db.pool.query('SELECT evidence FROM incidents WHERE metric_id = $1', [other.complaints.id]))
      .rows;
    expect(kept.evidence.likelyCause.elements).toEqual({ city: 'jakarta', partner: 'p3' });

    // A whole-market incident whose drill-down found nothing standing out keeps that answer: a related metric's
    // cause in one city is not the market's.
    const third = metrics();
    const nothing = async (m: CatalogMetric, slice: Record<string, string>) =>
      m.id === third.complaints.id
        ? { elements: {}, text: 'No single slice stands out.', source: 'drill-down' as const }
        : { elements: { ...slice, category: 'spa' }, text: 'spa', source: 'drill-down' as const };
    const d3: ActDeps = { ...d, likelyCause: nothing };
    await act(d3, third.complaints, T0, {});
    await act(d3, third.refunds, T0 + HOUR, { city: 'jakarta' });
    const [market] = (await db.pool.query('SELECT evidence FROM incidents WHERE metric_id = $1', [third.complaints.id]))
      .rows;
    expect(market.evidence.likelyCause.text).toBe('No single slice stands out.');
    expect(market.evidence.alsoMoving).toHaveLength(1);
  });
});

describe('actOnGroup and the alerts channel notice', () => {
  let db: TestDatabase;
  const calls: SlackCall[] = [];

  beforeAll(async () => {
    db = await openTestDatabase('pglite');
    await migrate(db.pool);
    blockNetwork();
    nockSlack(calls);
  }, 120_000);
  afterAll(async () => {
    allowNetwork();
    await db?.close();
  });

  it('posts one notice per incident and edits it in place (chat.update on its ts) as the incident grows', async () => {
    const client = new WebClient('xoxb-test', { retryConfig: { retries: 0 }, logLevel: LogLevel.ERROR });
    let now = T0 + HOUR;
    const incidents = new IncidentService({
      pool: db.pool,
      client,
      logger,
      clock: () => new Date(now),
      timezone: 'UTC',
      alertsChannel: 'gne-alerts',
      privateChannels: false,
      responders: async () => [],
    });
    const d: ActDeps = { pool: db.pool, logger, incidents, notify: async () => {} };
    const { refunds } = metrics();
    const at = (bucket: number, items: GroupedSlice[]) => {
      now = bucket + HOUR;
      const verdict = {
        bucket: 0,
        bucketStart: bucket,
        firing: items,
        healthyRun: new Map(),
        judged: 1,
        coverage: emptyCoverage(),
      };
      return Promise.all(groupAnomalies(items).map((g) => actOnGroup(d, refunds, g, verdict)));
    };
    await at(T0, [firing({ city: 'jakarta' }, T0)]);
    await at(T0 + HOUR, [firing({ city: 'bangkok' }, T0 + HOUR)]);
    const notices = calls.filter((c) => c.method === 'chat.postMessage' && c.body.channel === 'gne-alerts');
    expect(notices).toHaveLength(1);
    const { rows } = await db.pool.query('SELECT notice_channel, notice_ts FROM incidents WHERE metric_id = $1', [
      refunds.id,
    ]);
    expect(rows).toHaveLength(1);
    const edits = calls.filter((c) => c.method === 'chat.update' && c.body.ts === rows[0].notice_ts);
    expect(edits.length).toBeGreaterThanOrEqual(1);
    expect(edits.at(-1)!.body.channel).toBe(rows[0].notice_channel);
  });
});
