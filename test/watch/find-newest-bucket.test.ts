// A metric whose newest data is years older than the span read for judging: the stale notice names its date.
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metricSchema } from '../../src/metrics/metric-catalog-schema.ts';
import { migrate } from '../../src/db/migrate.ts';
import { createEvaluator } from '../../src/watch/create-evaluator.ts';
import { findNewestBucket } from '../../src/watch/find-newest-bucket.ts';
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from '../helpers/test-database.ts';

const metric = (table: string) =>
  metricSchema.parse({
    id: 'old_orders',
    title: 'Old orders',
    description: 'orders per day',
    kind: 'amount',
    grain: 'day',
    bad: 'down',
    sql: `SELECT bucket, n AS value FROM ${table} WHERE bucket >= :from AND bucket < :to;`,
    slices: [[]],
    stale_after: '2d',
  });

describe.each(testDatabaseKinds)('the newest bucket of a long-stale metric on %s', (kind) => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    await migrate(db.pool);
    await db.pool.query(`DROP SCHEMA IF EXISTS wh_old CASCADE; CREATE SCHEMA wh_old;
      CREATE TABLE wh_old.orders (bucket timestamptz, n int); CREATE TABLE wh_old.none (bucket timestamptz, n int);
      INSERT INTO wh_old.orders SELECT d, 100 FROM generate_series('2023-01-01'::timestamptz, '2023-03-03', '1 day') d;`);
  }, 120_000);
  afterAll(async () => {
    await db?.close();
  });

  it('finds it however old, and null for a metric with no data at all', async () => {
    const before = Date.parse('2026-11-01T00:00:00Z');
    expect((await findNewestBucket(db.pool, metric('wh_old.orders'), 'UTC', before))?.toISOString()).toBe(
      '2023-03-03T00:00:00.000Z',
    );
    expect(await findNewestBucket(db.pool, metric('wh_old.none'), 'UTC', before)).toBeNull();
  });

  it('tells the owner the date, not "never"', async () => {
    const notices: string[] = [];
    const evaluate = createEvaluator({
      pool: db.pool,
      warehouse: db.pool,
      logger: pino({ level: 'silent' }),
      timezone: 'UTC',
      catalog: [metric('wh_old.orders')],
      notify: async (t) => {
        notices.push(t);
      },
    });
    await evaluate({ at: new Date('2026-11-01T12:00:00Z'), grain: 'day' });
    expect(notices).toHaveLength(1);
    expect(notices[0]).toContain('the newest bucket is from 3 Mar 2023');
  });
});
