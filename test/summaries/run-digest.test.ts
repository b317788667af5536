// One message per digest period and channel, on the real database (PostgreSQL when TEST_DATABASE_URL is set) with
// nock on Slack: a re-run, the scheduler's catch-up, a demo replay and a re-approval update the message in place;
// two racing runs post once; a message deleted in Slack is posted anew; also_to channels get theirs in their language.
import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wireDigest } from '../../src/app/wire-digest.ts';
import { loadConfig, type Config } from '../../src/config/load-config.ts';
import { migrate } from '../../src/db/migrate.ts';
import { createLogger } from '../../src/logging/create-logger.ts';
import { createSlackClient } from '../../src/slack/build-slack-app.ts';
import {
  publishReviewedDigest,
  runDigest,
  type DigestDeps,
  type DigestRequest,
} from '../../src/summaries/run-digest.ts';
import { summaryWriterOf, type SummaryWriter } from '../../src/summaries/summary-writer.ts';
import { isolateSlack, nockSlack, type SlackCall } from '../helpers/nock-slack.ts';
import { SIGNING_SECRET } from '../helpers/slack-http.ts';
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from '../helpers/test-database.ts';
import { failureRateWorkspace } from './fixtures/failure-rate-workspace.ts';

const NOW = new Date('2026-03-02T02:00:00Z'); // Monday 09:00 in Jakarta: the scheduled daily digest covers 2026-03-01
const SLACK = 'https://slack.com';

describe('digests post once per period and channel', () => {
  let db: TestDatabase;
  let config: Config;
  let multilingual: Config;
  const calls: SlackCall[] = [];
  isolateSlack(calls);
  const logger = createLogger({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  let charts = 0;
  const named = (m: string, channel?: string) =>
    calls.filter((c) => c.method === m && (channel === undefined || c.body.channel === channel));
  const deps = (over: Partial<DigestDeps> = {}): DigestDeps => ({
    config,
    pool: db.pool,
    warehouse: db.pool,
    logger,
    clock: () => new Date(NOW),
    write: summaryWriterOf(config, logger),
    client: createSlackClient(config, logger),
    // Counts the charts drawn (one per new message: failures run above the 4% target) without drawing them.
    renderPng: async () => {
      charts++;
      throw new Error('no chart drawn in this test');
    },
    ...over,
  });
  const daily = (date: string, over: Partial<DigestRequest> = {}): DigestRequest => ({
    kind: 'daily',
    date,
    mode: 'post',
    requestedBy: 'test',
    review: false,
    ...over,
  });
  const row = async (date: string, destination = 'gne-digest') =>
    (
      await db.pool.query(
        `SELECT id, status, text, channel_id, message_ts, updates, language FROM digests
          WHERE kind = 'daily' AND destination = $1 AND period_start = $2`,
        [destination, new Date(`${date}T00:00:00+07:00`)],
      )
    ).rows;

  beforeAll(async () => {
    const env = {
      SLACK_BOT_TOKEN: 'xoxb-test-token',
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      LOG_LEVEL: 'silent',
      VIGIL_TIMEZONE: 'Asia/Jakarta',
    } as const;
    config = loadConfig({ ...env, VIGIL_CONFIG: failureRateWorkspace('wh_rd', { city: true, target: 0.04 }) });
    multilingual = loadConfig({
      ...env,
      VIGIL_CONFIG: failureRateWorkspace('wh_rd', {
        city: true,
        target: 0.04,
        digest: '  language: en-GB\n  also_to:\n    - { channel: gne-digest-id, language: id-ID }',
      }),
    });
    db = await openTestDatabase(testDatabaseKinds.at(-1)!);
    await migrate(db.pool);
    await db.pool.query('CREATE SCHEMA wh_rd');
    await db.pool.query('CREATE TABLE wh_rd.attempts (bucket timestamptz, city text, failures int, attempts int)');
    await db.pool.query(
      `INSERT INTO wh_rd.attempts SELECT b, c, 5, 100
         FROM generate_series($1::timestamptz, $2::timestamptz, interval '1 hour') AS b, unnest(ARRAY['jakarta', 'manila']) AS c`,
      [new Date(NOW.getTime() - 36 * 86_400_000), new Date(NOW.getTime() - 3_600_000)],
    );
  }, 60_000);
  afterAll(async () => {
    await db?.close();
  });

  it('a re-run updates the message in place (no second chart); the scheduler catching up after it does too', async () => {
    charts = 0;
    const posted = nock(SLACK)
      .post('/api/chat.postMessage', (b) => b.channel === 'gne-digest')
      .once()
      .reply(200, { ok: true, channel: 'C0MANAGERS', ts: '1700000001.000100' });
    const updated = nock(SLACK)
      .post('/api/chat.update', (b) => b.channel === 'C0MANAGERS' && b.ts === '1700000001.000100')
      .twice()
      .reply(200, { ok: true });
    const first = await runDigest(deps(), daily('2026-03-01'));
    expect(first).toMatchObject({ status: 'posted', delivery: 'posted', channelId: 'C0MANAGERS', language: 'en' });
    const again = await runDigest(deps(), daily('2026-03-01', { requestedBy: 'U0MANAGER' }));
    expect(again).toMatchObject({ delivery: 'updated', digestId: first.digestId, ts: '1700000001.000100' });
    // The scheduler's firing of the same period (a replica starting within the catch-up window).
    const scheduled = await wireDigest({ ...deps(), replica: 'r1' }).runScheduled('daily');
    expect(scheduled).toMatchObject({ delivery: 'updated', digestId: first.digestId });
    expect(posted.isDone()).toBe(true);
    expect(updated.isDone()).toBe(true);
    expect(charts).toBe(1);
    expect(await row('2026-03-01')).toMatchObject([
      { id: String(first.digestId), status: 'posted', message_ts: '1700000001.000100', updates: 2 },
    ]);
  }, 60_000);

  it('replaying two days twice posts each day once and updates it the second time', async () => {
    nockSlack(calls);
    const replay = async () => {
      for (const date of ['2026-02-25', '2026-02-26'])
        // As src/main.ts replays it: review as vigil.yml says (off here).
        await runDigest(deps(), { kind: 'daily', date, mode: 'post', requestedBy: 'demo replay' });
    };
    await replay();
    await replay();
    expect(named('chat.postMessage').map((c) => c.body.channel)).toEqual(['gne-digest', 'gne-digest']);
    const posts = named('chat.postMessage').map((c) => c.body.text);
    expect(named('chat.update')).toHaveLength(2);
    expect(named('chat.update').map((c) => c.body.text)).toEqual(posts);
    expect(await row('2026-02-25')).toMatchObject([{ updates: 1 }]);
    expect(await row('2026-02-26')).toMatchObject([{ updates: 1 }]);
  }, 60_000);

  it('two runs racing for a period post it once', async () => {
    // Both runs reach the claim together; the winner's post is held until the loser has answered.
    let arrived = 0;
    let meet!: () => void;
    const met = new Promise<void>((resolve) => (meet = resolve));
    const template = summaryWriterOf(config, logger);
    const write: SummaryWriter = async (facts, opts) => {
      if (++arrived === 2) meet();
      await met;
      return template(facts, opts);
    };
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const posted = nock(SLACK)
      .post('/api/chat.postMessage')
      .once()
      .reply(function (_uri, _body, done) {
        void held.then(() => done(null, [200, { ok: true, channel: 'C0MANAGERS', ts: '1700000300.000100' }]));
      });
    const runs = [runDigest(deps({ write }), daily('2026-02-20')), runDigest(deps({ write }), daily('2026-02-20'))];
    const loser = await Promise.race(runs);
    expect(loser).toMatchObject({ status: 'posted', delivery: 'skipped' });
    release();
    const outcomes = await Promise.all(runs);
    expect(outcomes.map((o) => o.delivery).sort()).toEqual(['posted', 'skipped']);
    expect(posted.isDone()).toBe(true);
    expect(await row('2026-02-20')).toMatchObject([{ message_ts: '1700000300.000100', updates: 0 }]);
  }, 60_000);

  it('approving a second review draft of a period already posted updates the posted message', async () => {
    nockSlack(calls, {
      'chat.postMessage': (n, body) => [
        200,
        { ok: true, channel: body.channel === 'gne-digest' ? 'C0MANAGERS' : 'C0REVIEW', ts: `1700000400.00010${n}` },
      ],
    });
    const first = await runDigest(deps(), daily('2026-02-15', { review: true }));
    const second = await runDigest(deps(), daily('2026-02-15', { review: true }));
    expect([first.status, second.status]).toEqual(['in_review', 'in_review']);
    const by = { userId: 'U0MANAGER', edited: false };
    const at = await publishReviewedDigest(deps(), first.digestId!, first.message, by);
    expect(at).toMatchObject({ channelId: 'C0MANAGERS' });
    const edited = { text: `${second.message.text}\nEdited.`, blocks: second.message.blocks };
    expect(await publishReviewedDigest(deps(), second.digestId!, edited, { ...by, edited: true })).toEqual(at);
    expect(named('chat.postMessage', 'gne-digest')).toHaveLength(1);
    expect(named('chat.update')).toMatchObject([{ body: { channel: 'C0MANAGERS', ts: at!.ts } }]);
    expect(named('chat.update')[0]!.body.text).toContain('Edited.');
    // The period's message is the first draft's row, now with the second's text; the second points at it.
    expect(await row('2026-02-15')).toMatchObject([
      { id: String(first.digestId), text: expect.stringContaining('Edited.'), updates: 1 },
    ]);
    const { rows } = await db.pool.query('SELECT status, message_ts, destination FROM digests WHERE id = $1', [
      second.digestId,
    ]);
    expect(rows).toEqual([{ status: 'posted', message_ts: at!.ts, destination: null }]);
  }, 60_000);

  it('a message deleted in Slack (message_not_found) is posted anew, with its chart, and the new ts recorded', async () => {
    charts = 0;
    nockSlack(calls, {
      'chat.postMessage': (n) => [200, { ok: true, channel: 'C0MANAGERS', ts: `1700000500.00010${n}` }],
      'chat.update': () => [200, { ok: false, error: 'message_not_found' }],
    });
    await runDigest(deps(), daily('2026-02-10'));
    const again = await runDigest(deps(), daily('2026-02-10'));
    expect(again).toMatchObject({ delivery: 'reposted', ts: '1700000500.000102' });
    expect(named('chat.update')).toHaveLength(1);
    expect(named('chat.postMessage')).toHaveLength(2);
    expect(charts).toBe(2);
    expect(await row('2026-02-10')).toMatchObject([{ message_ts: '1700000500.000102', updates: 1 }]);
  }, 60_000);

  it('digest.also_to gets its own digest in its language, once per channel; --lang changes only the managers', async () => {
    nockSlack(calls);
    const asked: Array<string | undefined> = [];
    const template = summaryWriterOf(multilingual, logger);
    const write: SummaryWriter = (facts, opts) => {
      asked.push(opts?.language);
      return template(facts);
    };
    const run = () => runDigest(deps({ config: multilingual, write }), daily('2026-02-05'));
    const first = await run();
    expect(first).toMatchObject({ language: 'en', alsoTo: [{ channel: 'gne-digest-id', language: 'id' }] });
    expect(first.alsoTo![0]).toMatchObject({ delivery: 'posted' });
    await run();
    expect(asked).toEqual(['en', 'id', 'en', 'id']);
    expect(named('chat.postMessage').map((c) => c.body.channel)).toEqual(['gne-digest', 'gne-digest-id']);
    expect(named('chat.update').map((c) => c.body.channel)).toEqual(['gne-digest', 'gne-digest-id']);
    expect(await row('2026-02-05', 'gne-digest-id')).toMatchObject([{ language: 'id', updates: 1 }]);
    asked.length = 0;
    await runDigest(deps({ config: multilingual, write }), daily('2026-02-05', { language: 'th' }));
    expect(asked).toEqual(['th', 'id']);
    expect(await row('2026-02-05')).toMatchObject([{ language: 'th', updates: 2 }]);
  }, 60_000);
});
