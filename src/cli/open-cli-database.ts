// The database a CLI command uses: the bot's, and beside a running bot (`npm start`) that bot's embedded server.
import type { Config } from '../config/load-config.ts';
import { openDatabase, type Database } from '../db/open-database.ts';

/** Opens DATABASE_URL or the embedded database; when the bot holds VIGIL_DATA_DIR, its server, saying so on stderr. */
export function openCliDatabase(config: Config): Promise<Database> {
  // stderr, so `--json` output on stdout stays parseable.
  return openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    onRunning: (line) => console.error(line),
  });
}
