// A local workspace served on 127.0.0.1 over a migrated test database, for the tests of its Web API and page API.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebClient } from '@slack/web-api';
import { loadConfig } from '../../src/config/load-config.ts';
import { migrate } from '../../src/db/migrate.ts';
import { createLogger } from '../../src/logging/create-logger.ts';
import { createLocalWorkspace, type LocalWorkspace } from '../../src/local/local-workspace.ts';
import { openTestDatabase, type TestDatabase, type TestDatabaseKind } from './test-database.ts';

/** The served workspace, a WebClient on its Web API, its origin, and a close for afterAll. */
export interface ServedLocalWorkspace {
  db: TestDatabase;
  local: LocalWorkspace;
  client: WebClient;
  base: string;
  close(): Promise<void>;
}

/** Serves a fresh local workspace (vigil.yml without the demo seed). */
export async function serveLocalWorkspace(kind: TestDatabaseKind, prefix: string): Promise<ServedLocalWorkspace> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  writeFileSync(join(dir, 'vigil.yml'), 'demo:\n  seed_on_start: false\n');
  const config = loadConfig({ VIGIL_CONFIG: join(dir, 'vigil.yml'), VIGIL_DATA_DIR: join(dir, 'data'), PORT: '0' });
  const db = await openTestDatabase(kind);
  await migrate(db.pool);
  const local = createLocalWorkspace({ config, pool: db.pool, logger: createLogger({ level: 'silent' }) });
  const server = createServer((req, res) => {
    void (async () => {
      if (!(await local.route(req, res))) res.writeHead(404).end();
    })();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  local.listening(server.address() as AddressInfo);
  await local.prepare();
  return {
    db,
    local,
    client: new WebClient(local.botToken(), { slackApiUrl: local.apiUrl(), retryConfig: { retries: 0 } }),
    base: new URL(local.pageUrl()).origin,
    async close() {
      await local.stop();
      await new Promise<void>((r) => server.close(() => r()));
      await db.close();
    },
  };
}
