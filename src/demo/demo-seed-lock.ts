// Only one demo seeding at a time per database, and the leftovers of a killed one are swept.
import type pg from 'pg';

// "vigim" in ASCII; any fixed 64-bit number works, this one is recognisable in pg_locks.
const DEMO_SEED_LOCK_KEY = '118105103105109';

/** Runs `fn` holding the demo-seed advisory lock, after dropping staging schemas no seeding owns. */
export async function withDemoSeedLock<T>(pool: pg.Pool, fn: () => Promise<T>): Promise<T> {
  const lock = await pool.connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1::bigint)', [DEMO_SEED_LOCK_KEY]);
    try {
      // Under the lock no other seeding runs, so any staging schema left is from a killed process.
      const { rows } = await lock.query<{ name: string }>(
        "SELECT nspname AS name FROM pg_namespace WHERE nspname LIKE 'warehouse\\_seed\\_%'",
      );
      for (const { name } of rows) await lock.query(`DROP SCHEMA IF EXISTS "${name}" CASCADE`);
      // The lock client stays outside any transaction, so the seeding's own client is never blocked by it.
      return await fn();
    } finally {
      await lock.query('SELECT pg_advisory_unlock($1::bigint)', [DEMO_SEED_LOCK_KEY]).catch(() => {});
    }
  } finally {
    lock.release();
  }
}
