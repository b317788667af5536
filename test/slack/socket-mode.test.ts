import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wireSlack } from '../../src/app/wire-slack.ts';
import { loadConfig } from '../../src/config/load-config.ts';
import { migrate } from '../../src/db/migrate.ts';
import { createLogger } from '../../src/logging/create-logger.ts';
import { eventually, slashCommand } from '../helpers/slack-http.ts';
import { openTestDatabase, type TestDatabase } from '../helpers/test-database.ts';

describe('Socket Mode', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    nock.disableNetConnect();
    nock.enableNetConnect(/127\.0\.0\.1/);
    db = await openTestDatabase('pglite');
    await migrate(db.pool);
  });
  afterAll(async () => {
    nock.cleanAll();
    nock.enableNetConnect();
    await db.close();
  });

  it('builds without an HTTP route and runs commands delivered through the receiver', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-socket-'));
    writeFileSync(join(dir, 'vigil.yml'), '');
    const config = loadConfig({ VIGIL_CONFIG: join(dir, 'vigil.yml'), SLACK_BOT_TOKEN: 'xoxb-s', SLACK_APP_TOKEN: 'xapp-1-A-1-abc' });
    expect(config.slack.mode).toBe('socket');
    const logger = createLogger({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
    const { slack } = await wireSlack({ config, logger, pool: db.pool, health: async () => ({ status: 'ok', database: 'ok', version: 't' }) });
    expect(slack.route).toBeUndefined();

    // Bolt looks up the bot's own ids once (auth.test) before the first listener runs.
    nock('https://slack.com').post('/api/auth.test').reply(200, { ok: true, user_id: 'U0BOT', bot_id: 'B0BOT', team_id: 'T0VIGIL' });
    const answers: string[] = [];
    nock('https://hooks.slack.com').post(/.*/).reply(200, (_uri, body) => {
      answers.push(JSON.stringify(body));
      return 'ok';
    });
    let acked = false;
    // What the Socket Mode receiver does with an envelope: processEvent with an ack.
    await slack.app.processEvent({ body: slashCommand('/vigil', 'help'), ack: async () => { acked = true; } });
    expect(acked).toBe(true);
    await eventually(() => answers.length === 1, 5000, 'the help answer');
    expect(answers[0]).toContain('/incident');
  });
});
