// A database outage during commands: each command and click gets the coded private reply within seconds, nothing
// is half-done, and once the database is back the same commands work (no duplicate incidents).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../../src/app/build-app.ts';
import { wireSlack } from '../../src/app/wire-slack.ts';
import { loadConfig } from '../../src/config/load-config.ts';
import { createPool } from '../../src/db/create-pool.ts';
import { DATABASE_UNAVAILABLE } from '../../src/db/database-unavailable.ts';
import { migrate } from '../../src/db/migrate.ts';
import { createLogger } from '../../src/logging/create-logger.ts';
import type { SlackApp } from '../../src/slack/build-slack-app.ts';
import { allowNetwork, blockNetwork, nockSlack, type SlackCall } from '../helpers/nock-slack.ts';
import {
  buttonClick,
  digestEditSubmission,
  eventually,
  postSlack,
  SIGNING_SECRET,
  slashCommand,
} from '../helpers/slack-http.ts';
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy.ts';
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from '../helpers/test-database.ts';

const calls: SlackCall[] = [];

describe.each(testDatabaseKinds)('a database cut during Slack commands on %s', (kind) => {
  let db: TestDatabase;
  let proxy: TcpProxy;
  let pool: pg.Pool;
  let app: App;
  let slack: SlackApp;
  let base: string;

  beforeAll(async () => {
    blockNetwork();
    db = await openTestDatabase(kind);
    await migrate(db.pool);
    const target = new URL(db.url);
    proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    // vigil reaches its database only through the proxy; the test reads the truth straight from `db`.
    pool = await createPool(proxy.urlThrough(db.url), {
      variable: 'DATABASE_URL',
      connectTimeoutMs: 2000,
      queryTimeoutMs: 5000,
    });
    const dir = mkdtempSync(join(tmpdir(), 'vigil-fault-'));
    writeFileSync(join(dir, 'vigil.yml'), 'demo:\n  seed_on_start: false\n');
    const config = loadConfig({
      VIGIL_CONFIG: join(dir, 'vigil.yml'),
      SLACK_BOT_TOKEN: 'xoxb-test-token',
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      PORT: '0',
      LOG_LEVEL: 'silent',
    });
    const logger = createLogger({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
    app = buildApp({ config, logger, pool, warehousePool: pool });
    ({ slack } = await wireSlack({ config, logger, pool, health: app.health }));
    app.addRoute(slack.route!);
    base = `http://127.0.0.1:${(await app.listen()).port}`;
    await app.prepare();
  });
  afterEach(() => {
    proxy.restore();
    calls.length = 0;
  });
  afterAll(async () => {
    await slack?.stop(Date.now() + 5000);
    await app?.close();
    await pool?.end();
    await proxy?.close();
    await db?.close();
    allowNetwork();
  });

  const incidentsTitled = async (title: string) =>
    (await db.pool.query('SELECT id, channel_id FROM incidents WHERE title = $1', [title])).rows;

  it('answers /incident new, /incident ack, /vigil status and card clicks privately with vigil_database_unavailable, and changes nothing', async () => {
    nockSlack(calls);
    proxy.cut();
    const sent = [
      slashCommand('/incident', 'new Checkout errors in Jakarta sev=2', {
        response_url: 'https://hooks.slack.com/commands/T0VIGIL/1/new',
      }),
      slashCommand('/incident', 'ack 5', { response_url: 'https://hooks.slack.com/commands/T0VIGIL/1/ack' }),
      slashCommand('/vigil', 'status', { response_url: 'https://hooks.slack.com/commands/T0VIGIL/1/status' }),
    ];
    for (const form of sent) expect((await postSlack(base, form)).status).toBe(200);
    expect((await postSlack(base, buttonClick('incident_ack', '5'))).status).toBe(200);
    // The playbook chooser's button: its handler de-duplicates before its own try, so the Bolt middleware answers.
    expect((await postSlack(base, buttonClick('incident_playbook_pick_0', '5:refund-spike'))).status).toBe(200);
    const answered = () =>
      calls.filter((c) => c.method === 'response_url' && String(c.body.text).includes(DATABASE_UNAVAILABLE));
    await eventually(() => answered().length === 5, 15_000, 'five private database-unavailable replies');
    for (const reply of answered()) expect(reply.body).toMatchObject({ response_type: 'ephemeral' });
    expect(calls.filter((c) => c.method === 'conversations.create')).toHaveLength(0);
    expect(await incidentsTitled('Checkout errors in Jakarta')).toHaveLength(0);
  });

  it('answers a digest review click with the coded reply, and keeps an Edit submission open with the text as typed', async () => {
    nockSlack(calls);
    proxy.cut();
    expect((await postSlack(base, buttonClick('digest_review_approve', '7'))).status).toBe(200);
    await eventually(
      () => calls.some((c) => c.method === 'response_url' && String(c.body.text).includes(DATABASE_UNAVAILABLE)),
      15_000,
      'the private database-unavailable reply',
    );
    const submission = digestEditSubmission({ digestId: 7 }, 'Refunds 2.9%, as usual.');
    const answer = await postSlack(base, { payload: JSON.stringify(submission) });
    expect(answer.status).toBe(200);
    // An errors answer keeps the modal (and what the manager typed) on screen; Post works once the database is back.
    expect(JSON.parse(answer.body)).toMatchObject({ response_action: 'errors' });
    expect(JSON.parse(answer.body).errors.part_0).toContain(DATABASE_UNAVAILABLE);
  });

  it('answers within seconds when the server goes silent (no reset): the query and connect timeouts end the wait', async () => {
    nockSlack(calls);
    // Open connections in the pool, so the commands' queries go out on them and meet the silence (not a connect).
    await Promise.all([pool.query('SELECT 1'), pool.query('SELECT 1')]);
    proxy.hang();
    await postSlack(base, slashCommand('/vigil', 'status'));
    await postSlack(base, buttonClick('incident_ack', '5'));
    const answered = () =>
      calls.filter((c) => c.method === 'response_url' && String(c.body.text).includes(DATABASE_UNAVAILABLE));
    // The pool's query timeout is 5 s here; the wait is bounded by it, not by TCP keepalive (minutes).
    await eventually(() => answered().length === 2, 20_000, 'both told the database is not answering');
  });

  it('works again once the database is back: the same /incident new, tried again, opens one incident', async () => {
    nockSlack(calls);
    proxy.cut();
    const form = slashCommand('/incident', 'new Voucher redemption failures sev=3');
    await postSlack(base, form);
    await eventually(
      () => calls.some((c) => c.method === 'response_url' && String(c.body.text).includes(DATABASE_UNAVAILABLE)),
      15_000,
      'the outage reply',
    );
    proxy.restore();
    // The user tries again: a new invocation, so a new trigger id.
    await postSlack(base, slashCommand('/incident', 'new Voucher redemption failures sev=3'));
    await eventually(
      () => calls.some((c) => c.method === 'response_url' && /Opened incident #\d+/.test(String(c.body.text))),
      15_000,
      'the incident opened',
    );
    // The attempt during the outage left nothing behind: one incident, for the attempt that worked.
    const rows = await incidentsTitled('Voucher redemption failures');
    expect(rows).toHaveLength(1);
    expect(rows[0]!.channel_id).toMatch(/^C0INC/);
  });
});
