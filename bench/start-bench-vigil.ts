// A whole vigil in HTTP Slack mode for the Slack benches, as startSlackTestApp builds it but with the Web API at `apiUrl`.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../src/app/build-app.ts';
import { wireSlack } from '../src/app/wire-slack.ts';
import { loadConfig } from '../src/config/load-config.ts';
import { migrate } from '../src/db/migrate.ts';
import { createLogger } from '../src/logging/create-logger.ts';
import type { SlackApp } from '../src/slack/build-slack-app.ts';
import type { Services } from '../src/slack/services.ts';
import { SIGNING_SECRET } from '../test/helpers/slack-http.ts';
import { openTestDatabase, type TestDatabaseKind } from '../test/helpers/test-database.ts';

/** A running bench vigil: where Slack posts to it, its services and Slack side, and close (which does not stop Slack). */
export interface BenchVigil {
  url: string;
  services: Services;
  slack: SlackApp;
  close(): Promise<void>;
}

/** Starts vigil on a fresh database of `kind`, with no demo seeding, listening on a free port. */
export async function startBenchVigil(kind: TestDatabaseKind, apiUrl: string): Promise<BenchVigil> {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-'));
  writeFileSync(join(dir, 'vigil.yml'), 'demo:\n  seed_on_start: false\n');
  const config = loadConfig({
    VIGIL_CONFIG: join(dir, 'vigil.yml'),
    SLACK_BOT_TOKEN: 'xoxb-bench-token',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: apiUrl,
    PORT: '0',
    LOG_LEVEL: 'silent',
  });
  const logger = createLogger({ level: 'silent' });
  const db = await openTestDatabase(kind);
  await migrate(db.pool);
  const app = buildApp({ config, logger, pool: db.pool, warehousePool: db.pool });
  const { slack, services } = await wireSlack({ config, logger, pool: db.pool, health: app.health });
  app.addRoute(slack.route!);
  const { port } = await app.listen();
  await app.prepare();
  return {
    url: `http://127.0.0.1:${port}/slack/events`,
    services,
    slack,
    async close() {
      await app.close();
      await db.close();
    },
  };
}
