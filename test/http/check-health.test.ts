// /healthz's database check on a real database: an answer is ok, an error is unreachable, and a slow answer is busy
// only while the database answered lately (a pool of one, its client held, stands in for a queue behind a long query).
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUSY_GRACE_MS, createHealthCheck } from '../../src/http/check-health.ts';
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from '../helpers/test-database.ts';

const opts = { version: '1.2.3', ready: true };

describe.each(testDatabaseKinds)('createHealthCheck on %s', (kind) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase(kind);
  }, 60_000);
  afterAll(async () => {
    await db?.close();
  });

  it('is ok when the database answers, starting until ready, and stopping once the shutdown began', async () => {
    const check = createHealthCheck(db.pool);
    expect(await check(opts)).toEqual({ status: 'ok', database: 'ok', version: '1.2.3' });
    expect(await check({ ...opts, ready: false, warehouse: 'seeding' })).toEqual({
      status: 'starting',
      database: 'ok',
      version: '1.2.3',
      warehouse: 'seeding',
    });
    expect(await check({ ...opts, stopping: true })).toEqual({ status: 'stopping', database: 'ok', version: '1.2.3' });
  });

  it('calls a slow database busy (still ok) only while it answered within the grace period; a late answer counts', async () => {
    const pool = new pg.Pool({ connectionString: db.url, max: 1 });
    let now = 1_000_000;
    const check = createHealthCheck(pool, { timeoutMs: 150, clock: () => now });
    const held = await pool.connect();
    try {
      // Never answered: a slow ping is unreachable.
      expect(await check(opts)).toMatchObject({ status: 'error', database: 'unreachable' });
      check.answered();
      expect(await check(opts)).toMatchObject({ status: 'ok', database: 'busy' });
      now += BUSY_GRACE_MS + 1;
      expect(await check(opts)).toMatchObject({ status: 'error', database: 'unreachable' });
    } finally {
      held.release();
    }
    // The pings left waiting answer once the client is free, and that answer is remembered. The pool serves
    // waiters in order, so once this query (queued behind them) answers, they have.
    await pool.query('SELECT 1');
    const again = await pool.connect();
    try {
      expect(await check(opts)).toMatchObject({ status: 'ok', database: 'busy' });
    } finally {
      again.release();
      await pool.end();
    }
  });

  it('is unreachable at once when the database refuses', async () => {
    const pool = new pg.Pool({ connectionString: 'postgres://postgres@127.0.0.1:1/none', max: 1 });
    pool.on('error', () => {});
    const check = createHealthCheck(pool, { timeoutMs: 5000 });
    // Answered lately, so only an error (not the 5 s deadline) can make it unreachable.
    check.answered();
    expect(await check(opts)).toMatchObject({ status: 'error', database: 'unreachable' });
    await pool.end();
  });
});
