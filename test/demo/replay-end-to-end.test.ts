// The replay on a real database: a synthetic warehouse with a four-hour spike, replayed hour by hour
// through the real evaluator, records the spike's anomalies and opens exactly one incident for it.
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metricSchema } from '../../src/metrics/metric-catalog-schema.ts';
import { migrate } from '../../src/db/migrate.ts';
import { createDemoReplay } from '../../src/demo/replay-demo.ts';
import { incidentCounter } from '../../src/demo/replay-incident-count.ts';
import { createEvaluator } from '../../src/watch/create-evaluator.ts';
import { createSpikeWarehouse } from '../helpers/spike-warehouse.ts';
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from '../helpers/test-database.ts';

const HOUR = 3_600_000;
const END = Date.parse('2026-03-02T00:00:00Z');
const SPIKE = [END - 8 * HOUR, END - 4 * HOUR];
const logger = pino({ level: 'silent' });

describe.each(testDatabaseKinds)('demo replay on %s', (kind) => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    await migrate(db.pool);
    // 5 weeks of hours at about 5 % failures; Jakarta fails 40 % for the four spike hours.
    await createSpikeWarehouse(db.pool, 'wh_replay', {
      from: new Date(END - 36 * 24 * HOUR),
      spikeFrom: new Date(SPIKE[0]!),
      spikeTo: new Date(SPIKE[1]!),
      to: new Date(END),
    });
  }, 120_000);
  afterAll(async () => {
    await db?.close();
  });

  it('opens one incident for the spike, judged hour by hour, and notes its recovery', async () => {
    const catalog = [
      metricSchema.parse({
        id: 'failure_rate',
        title: 'Failure rate',
        description: 'failures / attempts',
        kind: 'ratio',
        rate_kind: 'proportion',
        grain: 'hour',
        bad: 'up',
        slices: [[], ['city'], ['city', 'category']],
        min_volume: 50,
        sql: 'SELECT bucket, city, category, failures AS numerator, attempts AS denominator FROM wh_replay.attempts WHERE bucket >= :from AND bucket < :to',
        detector: { window_buckets: 1, z: 4, min_change: 0.5, min_duration: 1, recovery_buckets: 2 },
      }),
    ];
    const evaluate = createEvaluator({
      pool: db.pool,
      warehouse: db.pool,
      logger,
      timezone: 'UTC',
      catalog,
      notify: async () => {},
    });
    const replay = createDemoReplay({
      evaluate,
      catalog,
      timezone: 'UTC',
      logger,
      clock: () => new Date(END),
      sleep: async () => {},
      countIncidents: incidentCounter(db.pool),
    });

    replay.start({ speed: 3600, from: new Date(END - 12 * HOUR), to: new Date(END) });
    await replay.done();

    expect(replay.status()).toMatchObject({
      running: false,
      runs: 12,
      incidents: 1,
      error: null,
      to: new Date(END).toISOString(),
    });
    expect(replay.status().anomalies).toBeGreaterThan(0);
    const incidents = await db.pool.query(
      "SELECT slice, evidence, recovered_noted_at FROM incidents WHERE metric_id = 'failure_rate'",
    );
    expect(incidents.rows).toHaveLength(1);
    expect(incidents.rows[0].slice).toEqual({ city: 'jakarta' });
    expect(incidents.rows[0].recovered_noted_at).not.toBeNull();
    // The hours after it are recorded too, as "not recovered yet" with score 0, until two healthy hours in a row.
    const buckets = await db.pool.query(
      "SELECT DISTINCT bucket FROM anomalies WHERE metric_id = 'failure_rate' AND score > 0 ORDER BY bucket",
    );
    expect(buckets.rows.map((r) => new Date(r.bucket).getTime())).toEqual(
      [0, 1, 2, 3].map((i) => SPIKE[0]! + i * HOUR),
    );
  }, 120_000);
});
