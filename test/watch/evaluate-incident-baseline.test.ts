// Baseline hygiene on the live path, on a real database: past incidents of a metric (open, or resolved) are left out
// of the baselines of the slices they hit, so a storm in the history does not hide a later, smaller movement.
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../src/db/migrate.ts';
import { incidentServiceWithoutSlack } from '../../src/incidents/incident-service.ts';
import { incidentWindows, markAnomalous } from '../../src/incidents/incident-watch-store.ts';
import { createEvaluator } from '../../src/watch/create-evaluator.ts';
import type { MetricVerdict } from '../../src/watch/judge-metric.ts';
import { ratioMetric } from '../helpers/ratio-metric.ts';
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from '../helpers/test-database.ts';

const HOUR = 3_600_000;
const WEEK = 7 * 24 * HOUR;
// The judged bucket; the same hours one and two weeks earlier were storms (40 % failing in Jakarta), and the judged
// hour and the one before it fail 15 % in Jakarta: three times the usual 5 %, yet well below the storms.
const T = Date.parse('2026-03-02T10:00:00Z');
const STORMS = [T - 2 * WEEK, T - WEEK].map((mid) => ({ from: mid - 2 * HOUR, to: mid + 2 * HOUR }));
const logger = pino({ level: 'silent' });
const metric = ratioMetric({
  sql: 'SELECT bucket, city, failures AS numerator, attempts AS denominator FROM wh_storm.attempts WHERE bucket >= :from AND bucket < :to',
});

describe.each(testDatabaseKinds)('past incidents and the baseline, on %s', (kind) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase(kind);
    await migrate(db.pool);
    await db.pool.query('CREATE SCHEMA wh_storm');
    await db.pool.query('CREATE TABLE wh_storm.attempts (bucket timestamptz, city text, failures int, attempts int)');
    const storm = STORMS.map(
      (s) => `(b >= '${new Date(s.from).toISOString()}' AND b <= '${new Date(s.to).toISOString()}')`,
    );
    await db.pool.query(
      `INSERT INTO wh_storm.attempts
       SELECT b, c,
              CASE WHEN c = 'jakarta' AND (${storm.join(' OR ')}) THEN 400
                   WHEN c = 'jakarta' AND b >= $2 THEN 150
                   ELSE 50 + (extract(epoch FROM b)::bigint / 3600 % 5)::int END,
              1000
         FROM generate_series($1::timestamptz, $3::timestamptz, interval '1 hour') AS b,
              unnest(ARRAY['jakarta', 'bandung']) AS c`,
      [new Date(T - 5 * WEEK), new Date(T - HOUR), new Date(T)],
    );
  }, 120_000);
  afterAll(async () => {
    await db?.close();
  });

  // A dry run as of the end of the judged hour: the verdict, nothing recorded.
  async function judge(): Promise<MetricVerdict> {
    let verdict: MetricVerdict | undefined;
    const evaluate = createEvaluator({
      pool: db.pool,
      warehouse: db.pool,
      logger,
      timezone: 'UTC',
      catalog: [metric],
      notify: async () => {},
      onVerdict: (_, v) => {
        verdict = v;
      },
    });
    await evaluate({ at: new Date(T + HOUR), grain: 'hour', dryRun: true });
    return verdict!;
  }

  it('alerts a smaller movement once the storms in its history are incidents, and not before', async () => {
    // With the storms in its baseline, 15 % looks usual: half of the same hours of past weeks were worse.
    expect((await judge()).firing).toEqual([]);

    const incidents = incidentServiceWithoutSlack({ pool: db.pool, logger, timezone: 'UTC' });
    const ids: number[] = [];
    for (const [i, s] of STORMS.entries()) {
      const { incident } = await incidents.open({
        dedupKey: `storm-${i}`,
        title: 'Failure rate, city=jakarta',
        severity: 2,
        metricId: metric.id,
        slice: { city: 'jakarta' },
        openedBy: 'vigil',
      });
      await markAnomalous(db.pool, incident.id, new Date(s.to), new Date(s.from));
      ids.push(incident.id);
    }
    // The older storm is resolved, the newer one still open: both stay out of the baseline.
    expect((await incidents.act(ids[0]!, { kind: 'resolve', note: 'storm over' }, 'U1')).ok).toBe(true);
    const windows = await incidentWindows(db.pool, metric.id, new Date(T - 5 * WEEK), new Date(T + HOUR));
    expect(windows.map((w) => [w.slices, w.from.getTime(), w.to?.getTime()])).toEqual(
      STORMS.map((s) => [[{ city: 'jakarta' }], s.from, s.to]),
    );

    const verdict = await judge();
    expect(verdict.firing.map((f) => f.slice)).toEqual([{ city: 'jakarta' }]);
    const j = verdict.firing[0]!.judgement;
    expect(j.observed).toBeCloseTo(0.15, 2);
    expect(j.expected).toBeLessThan(0.06);
    // Bandung, which had no storm, is judged as before.
    expect(verdict.coverage).toMatchObject({ judged: 2, noData: 0, noHistory: 0 });
  });
});
