// `vigil migrate`: applies pending migrations to the configured database and says what it did.
import { loadConfig } from '../config/load-config.ts';
import { migrate } from '../db/migrate.ts';
import { openCliDatabase } from './open-cli-database.ts';

/** Migrates and returns the lines to print. */
export async function runMigrate(env: NodeJS.ProcessEnv): Promise<string[]> {
  const config = loadConfig(env);
  const db = await openCliDatabase(config);
  try {
    const result = await migrate(db.pool);
    const where = db.mode === 'embedded' ? `embedded database in ${config.dataDir}` : 'DATABASE_URL';
    if (result.applied.length === 0)
      return [`${where}: up to date (${result.alreadyApplied} migrations applied earlier)`];
    return [`${where}: applied ${result.applied.length} migration(s)`, ...result.applied.map((m) => `  ${m}`)];
  } finally {
    await db.close();
  }
}
