import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../src/db/migrate.ts';
import { recordMetricHealth } from '../../src/watch/metric-health.ts';
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from '../helpers/test-database.ts';

const t = (minutes: number) => new Date(Date.parse('2025-05-05T10:00:00Z') + minutes * 60_000);

describe.each(testDatabaseKinds)('recordMetricHealth on %s', (kind) => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    await migrate(db.pool);
  }, 60_000);
  afterAll(async () => {
    await db?.close();
  });

  const row = async (id: string) =>
    (
      await db.pool.query(
        'SELECT status, since, last_error, notified_at, checked_at FROM metric_health WHERE metric_id = $1',
        [id],
      )
    ).rows[0];

  it('tells the owner once per broken episode', async () => {
    expect(await recordMetricHealth(db.pool, 'refund_rate', 'broken', 'column "gmv" does not exist', t(0))).toBe(true);
    expect(await row('refund_rate')).toEqual({
      status: 'broken',
      since: t(0),
      last_error: 'column "gmv" does not exist',
      notified_at: t(0),
      checked_at: t(0),
    });
    expect(await recordMetricHealth(db.pool, 'refund_rate', 'broken', 'still broken', t(60))).toBe(false);
    expect(await row('refund_rate')).toMatchObject({
      since: t(0),
      last_error: 'still broken',
      notified_at: t(0),
      checked_at: t(60),
    });
  });

  it('clears the episode when the metric is ok, so the next break notifies again', async () => {
    expect(await recordMetricHealth(db.pool, 'refund_rate', 'ok', null, t(120))).toBe(false);
    expect(await row('refund_rate')).toMatchObject({
      status: 'ok',
      since: t(120),
      last_error: null,
      notified_at: null,
    });
    expect(await recordMetricHealth(db.pool, 'refund_rate', 'ok', null, t(180))).toBe(false);
    expect(await recordMetricHealth(db.pool, 'refund_rate', 'broken', 'timeout', t(240))).toBe(true);
    expect(await row('refund_rate')).toMatchObject({ status: 'broken', since: t(240), notified_at: t(240) });
  });

  it('treats stale after broken as a new episode', async () => {
    expect(await recordMetricHealth(db.pool, 'order_volume', 'broken', 'x', t(0))).toBe(true);
    expect(await recordMetricHealth(db.pool, 'order_volume', 'stale', 'no data since 08:00', t(60))).toBe(true);
    expect(await recordMetricHealth(db.pool, 'order_volume', 'stale', 'no data since 08:00', t(120))).toBe(false);
  });

  it('never notifies for a metric that is ok from the start, and keeps metrics apart', async () => {
    expect(await recordMetricHealth(db.pool, 'complaint_rate', 'ok', null, t(0))).toBe(false);
    expect(await recordMetricHealth(db.pool, 'moderation_sla', 'broken', 'x', t(0))).toBe(true);
    expect(await row('complaint_rate')).toMatchObject({ status: 'ok' });
  });

  it('notifies exactly once when several replicas record the same broken run at once', async () => {
    const results = await Promise.all(
      [1, 2, 3, 4].map(() => recordMetricHealth(db.pool, 'cost_per_ticket', 'broken', 'x', t(0))),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
  });
});
