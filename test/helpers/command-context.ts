// A slash-command handler harness: real Services on a fresh test database, a fixed clock and a recording respond.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { commandServicesOf } from '../../src/app/command-services.ts';
import { loadConfig, type Config } from '../../src/config/load-config.ts';
import { migrate } from '../../src/db/migrate.ts';
import { createHealthCheck } from '../../src/http/check-health.ts';
import { IncidentService } from '../../src/incidents/incident-service.ts';
import { createLogger } from '../../src/logging/create-logger.ts';
import { authorizer } from '../../src/slack/authorize.ts';
import { createSlackClient } from '../../src/slack/build-slack-app.ts';
import type { CommandModule, Reply } from '../../src/slack/command-module.ts';
import type { Services } from '../../src/slack/services.ts';
import { VERSION } from '../../src/version.ts';
import { SIGNING_SECRET } from './slack-http.ts';
import { openTestDatabase, type TestDatabase, type TestDatabaseKind } from './test-database.ts';

/** A config from `yml` (the vigil.yml text) with Slack in HTTP mode; demo seeding is off. */
export function testConfig(yml = '', env: Record<string, string> = {}): Config {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-cmd-'));
  writeFileSync(join(dir, 'vigil.yml'), `demo:\n  seed_on_start: false\n${yml}`);
  return loadConfig({
    VIGIL_CONFIG: join(dir, 'vigil.yml'),
    SLACK_BOT_TOKEN: 'xoxb-test-token',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    LOG_LEVEL: 'silent',
    ...env,
  });
}

/** Real services for handler tests, and a way to run a command as a user. */
export interface CommandHarness {
  db: TestDatabase;
  config: Config;
  services: Services;
  /** Every reply any command sent, in order. */
  replies: Reply[];
  /** Runs `module` with `text` as `userId`; resolves to the replies this invocation sent. */
  run(module: CommandModule, text: string, userId?: string): Promise<Reply[]>;
  close(): Promise<void>;
}

/** Opens a migrated database of `kind` and builds the services a command handler gets, clock fixed at `now`. */
export async function openCommandHarness(kind: TestDatabaseKind, yml: string, now: Date): Promise<CommandHarness> {
  const config = testConfig(yml);
  const logger = createLogger({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const db = await openTestDatabase(kind);
  await migrate(db.pool);
  const clock = () => new Date(now);
  const userGroups = async () => [] as string[];
  // The commands under test never call Slack; the client still points at the real (nock-able) API.
  const incidents = new IncidentService({
    pool: db.pool,
    client: createSlackClient(config, logger),
    logger,
    clock,
    timezone: config.timezone,
    alertsChannel: config.workspace.channels.alerts,
    privateChannels: false,
    responders: async () => [],
    updateCadence: config.workspace.incidents.update_every_minutes,
  });
  const services: Services = {
    config,
    incidents,
    ...commandServicesOf({ config, pool: db.pool, clock, userGroups }),
    clock,
    userGroups,
    health: () => createHealthCheck(db.pool)({ version: VERSION, ready: true }),
    authorize: authorizer(db.pool, config.workspace.roles, userGroups),
  };
  const replies: Reply[] = [];
  let trigger = 0;
  return {
    db,
    config,
    services,
    replies,
    async run(module, text, userId = 'U0OPENER') {
      const mine: Reply[] = [];
      await module.handle({
        text,
        userId,
        channelId: 'C0GENERAL',
        teamId: 'T0VIGIL',
        triggerId: `trigger-${++trigger}`,
        services,
        logger: logger.child({ command: module.name }),
        async respond(reply) {
          mine.push(reply);
          replies.push(reply);
        },
      });
      return mine;
    },
    close: () => db.close(),
  };
}
