import { describe, expect, it } from 'vitest';
import { openTestDatabase, testDatabaseKinds } from './test-database.ts';

describe.each(testDatabaseKinds)('test database on %s', (kind) => {
  it('opens an empty database that answers queries', async () => {
    const db = await openTestDatabase(kind);
    try {
      const { rows } = await db.pool.query(
        "SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'public'",
      );
      expect(rows[0].n).toBe(0);
    } finally {
      await db.close();
    }
  });
});
