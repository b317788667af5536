import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../src/db/migrate.ts';
import { recordDeliveries } from '../../src/slack/record-deliveries.ts';
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from '../helpers/test-database.ts';

describe.each(testDatabaseKinds)('recordDeliveries on %s', (kind) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase(kind);
    await migrate(db.pool);
  });
  afterAll(async () => {
    await db?.close();
  });

  it('records the keys of one window in one INSERT; a key seen before, or twice in the window, is a retry', async () => {
    const sql: string[] = [];
    const pool = new Proxy(db.pool, {
      get: (target, prop) =>
        prop === 'query'
          ? (text: string, values: unknown[]) => {
              sql.push(text);
              return target.query(text, values);
            }
          : Reflect.get(target, prop),
    });
    const first = recordDeliveries(pool, { windowMs: 20, maxBatch: 100 });
    expect(await first('command:old')).toBe(true);
    sql.length = 0;
    const answers = await Promise.all(
      ['command:a', 'command:b', 'command:a', 'command:old', 'action:c'].map((k) => first(k)),
    );
    expect(answers).toEqual([true, true, false, false, true]);
    expect(sql).toHaveLength(1);
    const rows = await db.pool.query(
      "SELECT delivery_key FROM slack_deliveries WHERE delivery_key <> 'command:old' ORDER BY 1",
    );
    expect(rows.rows.map((r) => r.delivery_key)).toEqual(['action:c', 'command:a', 'command:b']);
  });

  it('sends a full batch at once without waiting for the window', async () => {
    const first = recordDeliveries(db.pool, { windowMs: 60_000, maxBatch: 3 });
    const began = Date.now();
    expect(await Promise.all(['full:1', 'full:2', 'full:3'].map((k) => first(k)))).toEqual([true, true, true]);
    expect(Date.now() - began).toBeLessThan(5000);
  });

  it('rejects every caller of a batch whose INSERT fails, and records the next batch', async () => {
    let broken = true;
    const pool = new Proxy(db.pool, {
      get: (target, prop) =>
        prop === 'query'
          ? (text: string, values: unknown[]) =>
              broken ? Promise.reject(new Error('database went away')) : target.query(text, values)
          : Reflect.get(target, prop),
    });
    const first = recordDeliveries(pool, { windowMs: 5, maxBatch: 100 });
    const results = await Promise.allSettled([first('broken:1'), first('broken:1'), first('broken:2')]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
    broken = false;
    expect(await first('broken:1')).toBe(true);
  });
});
