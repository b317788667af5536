import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wireSlack } from '../../src/app/wire-slack.ts';
import { loadConfig } from '../../src/config/load-config.ts';
import { migrate } from '../../src/db/migrate.ts';
import { createLogger } from '../../src/logging/create-logger.ts';
import { RESTARTING_TEXT } from '../../src/slack/acked-request.ts';
import { buttonClick, eventually, slashCommand } from '../helpers/slack-http.ts';
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
    const config = loadConfig({
      VIGIL_CONFIG: join(dir, 'vigil.yml'),
      SLACK_BOT_TOKEN: 'xoxb-s',
      SLACK_APP_TOKEN: 'xapp-1-A-1-abc',
    });
    expect(config.slack.mode).toBe('socket');
    const logger = createLogger({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
    const { slack } = await wireSlack({
      config,
      logger,
      pool: db.pool,
      health: async () => ({ status: 'ok', database: 'ok', version: 't' }),
    });
    expect(slack.route).toBeUndefined();

    // Bolt looks up the bot's own ids once (auth.test) before the first listener runs.
    nock('https://slack.com')
      .post('/api/auth.test')
      .reply(200, { ok: true, user_id: 'U0BOT', bot_id: 'B0BOT', team_id: 'T0VIGIL' });
    const answers: string[] = [];
    nock('https://hooks.slack.com')
      .post(/.*/)
      .reply(200, (_uri, body) => {
        answers.push(JSON.stringify(body));
        return 'ok';
      });
    let acked = false;
    // What the Socket Mode receiver does with an envelope: processEvent with an ack.
    await slack.app.processEvent({
      body: slashCommand('/vigil', 'help'),
      ack: async () => {
        acked = true;
      },
    });
    expect(acked).toBe(true);
    await eventually(() => answers.length === 1, 5000, 'the help answer');
    expect(answers[0]).toContain('/incident');
  });

  it('once stopping, answers a new command through its ack and a click through its response_url that vigil is restarting, and runs neither', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-socket-'));
    writeFileSync(join(dir, 'vigil.yml'), '');
    const config = loadConfig({
      VIGIL_CONFIG: join(dir, 'vigil.yml'),
      SLACK_BOT_TOKEN: 'xoxb-s',
      SLACK_APP_TOKEN: 'xapp-1-A-1-abc',
    });
    const logger = createLogger({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
    const { slack } = await wireSlack({
      config,
      logger,
      pool: db.pool,
      health: async () => ({ status: 'ok', database: 'ok', version: 't' }),
    });
    nock('https://slack.com')
      .post('/api/auth.test')
      .reply(200, { ok: true, user_id: 'U0BOT', bot_id: 'B0BOT', team_id: 'T0VIGIL' });
    const answers: Array<Record<string, unknown>> = [];
    nock('https://hooks.slack.com')
      .persist()
      .post(/.*/)
      .reply(200, (_uri, body) => {
        answers.push(body as Record<string, unknown>);
        return 'ok';
      });
    slack.beginStop();
    const acks: unknown[] = [];
    const trigger = `${Date.now()}.socket-stop`;
    await slack.app.processEvent({
      body: slashCommand('/vigil', 'help', { trigger_id: trigger }),
      ack: async (r) => void acks.push(r),
    });
    const click = JSON.parse(buttonClick('incident_ack', '7').payload!) as Record<string, unknown>;
    await slack.app.processEvent({ body: click, ack: async (r) => void acks.push(r) });
    expect(acks[0]).toEqual({ response_type: 'ephemeral', text: RESTARTING_TEXT });
    expect(acks).toHaveLength(2);
    expect(answers).toEqual([{ response_type: 'ephemeral', replace_original: false, text: RESTARTING_TEXT }]);
    // Neither ran: the command's delivery was never recorded.
    expect(
      (await db.pool.query('SELECT 1 FROM slack_deliveries WHERE delivery_key = $1', [`command:${trigger}`])).rowCount,
    ).toBe(0);
    await slack.stop(Date.now() + 1000);
    nock.cleanAll();
  });
});
