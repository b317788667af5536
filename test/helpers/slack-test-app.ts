// A whole vigil in HTTP Slack mode on a test database, listening on a free port.
import { mkdtempSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp, type App } from '../../src/app/build-app.ts';
import { wireSlack } from '../../src/app/wire-slack.ts';
import { loadConfig } from '../../src/config/load-config.ts';
import { migrate } from '../../src/db/migrate.ts';
import { createLogger } from '../../src/logging/create-logger.ts';
import type { Services } from '../../src/slack/services.ts';
import { SIGNING_SECRET } from './slack-http.ts';
import { openTestDatabase, type TestDatabase, type TestDatabaseKind } from './test-database.ts';

/** A running test vigil: its base URL, database and services. */
export interface SlackTestApp {
  base: string;
  db: TestDatabase;
  app: App;
  services: Services;
  /** Resolves once every acked command and click, and the Home tab republishes they caused, have run (the signal to wait for before asserting what it did not do). */
  settled(): Promise<void>;
  close(): Promise<void>;
}

/** Starts vigil with Slack in HTTP mode; `yml` is the vigil.yml text, `env` more environment (PAGERDUTY_ROUTING_KEY). */
export async function startSlackTestApp(
  kind: TestDatabaseKind,
  yml = '',
  env: Record<string, string> = {},
): Promise<SlackTestApp> {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-slack-'));
  writeFileSync(join(dir, 'vigil.yml'), `demo:\n  seed_on_start: false\n${yml}`);
  const config = loadConfig({
    VIGIL_CONFIG: join(dir, 'vigil.yml'),
    SLACK_BOT_TOKEN: 'xoxb-test-token',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    PORT: '0',
    LOG_LEVEL: 'silent',
    ...env,
  });
  const logger = createLogger({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const db = await openTestDatabase(kind);
  await migrate(db.pool);
  const app = buildApp({ config, logger, pool: db.pool, warehousePool: db.pool });
  const { slack, services, home } = await wireSlack({ config, logger, pool: db.pool, health: app.health });
  app.addRoute(slack.route!);
  const { port } = (await app.listen()) as AddressInfo;
  await app.prepare();
  return {
    base: `http://127.0.0.1:${port}`,
    db,
    app,
    services,
    // The Home tabs an incident change republishes (after a short debounce) count as follow-up work too.
    settled: async () => {
      await slack.followUps?.idle();
      await home.idle();
    },
    async close() {
      // Follow-ups and detached work (the incident summary after a resolve) finish before the database closes,
      // so nothing of one test file's app posts into the next describe's recorded calls.
      await slack.stop();
      await app.close();
      await db.close();
    },
  };
}
