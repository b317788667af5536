// The digest end to end with the template (no OpenAI key): a small synthetic warehouse and bot database on PGlite,
// the real Bolt app (processEvent), nock on Slack; the schedule's claim, the review flow and /digest.
import type { ReceiverEvent } from '@slack/bolt';
import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import digestCommand from '../../commands/digest.ts';
import { wireDigest } from '../../src/app/wire-digest.ts';
import { loadConfig, type Config } from '../../src/config/load-config.ts';
import { migrate } from '../../src/db/migrate.ts';
import { IncidentService } from '../../src/incidents/incident-service.ts';
import { createLogger } from '../../src/logging/create-logger.ts';
import { authorizer } from '../../src/slack/authorize.ts';
import { buildSlackApp, createSlackClient, type SlackApp } from '../../src/slack/build-slack-app.ts';
import { registerDigestReview } from '../../src/slack/register-digest-review.ts';
import type { Services } from '../../src/slack/services.ts';
import { commandServicesOf } from '../../src/app/command-services.ts';
import { digestPermission } from '../../src/summaries/post-digest-permission.ts';
import { runDigest, type DigestDeps } from '../../src/summaries/run-digest.ts';
import { isolateSlack, nockSlack, type SlackCall } from '../helpers/nock-slack.ts';
import { buttonClick, digestEditSubmission, eventually, SIGNING_SECRET, slashCommand } from '../helpers/slack-http.ts';
import { openTestDatabase, type TestDatabase } from '../helpers/test-database.ts';
import { failureRateWorkspace } from '../summaries/fixtures/failure-rate-workspace.ts';

const NOW = new Date('2026-03-02T02:00:00Z'); // Monday 09:00 in Jakarta
const UPLOAD = '/upload/v1/digest-wiring';

describe('the digest through the template, the database and Slack', () => {
  let db: TestDatabase;
  let config: Config;
  let slack: SlackApp;
  let digestDeps: DigestDeps;
  const calls: SlackCall[] = [];
  isolateSlack(calls);
  const named = (m: string) => calls.filter((c) => c.method === m);
  const logger = createLogger({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const digests = async () =>
    (
      await db.pool.query(
        'SELECT id, kind, status, source, channel_id, reviewed_by, edited_by, text FROM digests ORDER BY id',
      )
    ).rows;
  const send = (body: Record<string, unknown>, ack: ReceiverEvent['ack'] = async () => {}) =>
    slack.app.processEvent({ body, ack });
  const click = (actionId: string, value: string, message: { text: string; blocks: unknown[] }) => {
    const payload = JSON.parse(buttonClick(actionId, value, { channelId: 'C0REVIEW', userId: 'U0MANAGER' }).payload!);
    return send({ ...payload, message: { type: 'message', ts: '1700000999.000100', ...message } });
  };

  beforeAll(async () => {
    const configPath = failureRateWorkspace('wh_dg', {
      digest: '  review: { enabled: true, channel: gne-digest-review }',
      city: true,
      target: 0.06,
    });
    config = loadConfig({
      VIGIL_CONFIG: configPath,
      SLACK_BOT_TOKEN: 'xoxb-test-token',
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      LOG_LEVEL: 'silent',
      VIGIL_TIMEZONE: 'Asia/Jakarta',
    });
    db = await openTestDatabase('pglite');
    await migrate(db.pool);
    await db.pool.query('CREATE SCHEMA wh_dg');
    await db.pool.query('CREATE TABLE wh_dg.attempts (bucket timestamptz, city text, failures int, attempts int)');
    // Five weeks of hourly attempts in two cities; Jakarta's failures triple on the last day.
    await db.pool.query(
      `INSERT INTO wh_dg.attempts SELECT b, c, CASE WHEN c = 'jakarta' AND b >= $2 THEN 15 ELSE 5 END, 100
         FROM generate_series($1::timestamptz, $3::timestamptz, interval '1 hour') AS b, unnest(ARRAY['jakarta', 'manila']) AS c`,
      [
        new Date(NOW.getTime() - 36 * 86_400_000),
        new Date('2026-02-28T17:00:00Z'),
        new Date(NOW.getTime() - 3_600_000),
      ],
    );
    const clock = () => new Date(NOW);
    const client = createSlackClient(config, logger);
    const userGroups = async () => [] as string[];
    const incidents = new IncidentService({
      pool: db.pool,
      client,
      logger,
      clock,
      timezone: config.timezone,
      alertsChannel: 'gne-alerts',
      privateChannels: false,
      responders: async () => [],
    });
    const services: Services = {
      config,
      incidents,
      ...commandServicesOf({ config, pool: db.pool, warehouse: db.pool, clock, userGroups }),
      clock,
      userGroups,
      health: async () => ({}) as never,
      authorize: authorizer(db.pool, config.workspace.roles, userGroups),
      client,
      warehouse: db.pool,
    };
    slack = buildSlackApp({ config, logger, services, commands: [digestCommand] });
    digestDeps = wireDigest({
      config,
      logger,
      pool: db.pool,
      warehouse: db.pool,
      client,
      clock,
      replica: 'r1',
    }).digestDeps;
    registerDigestReview(slack.app, {
      digest: digestDeps,
      mayPost: digestPermission(db.pool, config.workspace.roles, userGroups),
      logger,
    });
  }, 60_000);
  afterAll(async () => {
    await db?.close();
  });
  const fakeSlack = () => {
    nockSlack(calls, {
      'chat.postMessage': (n, body) => [
        200,
        {
          ok: true,
          channel:
            body.channel === 'gne-digest'
              ? 'C0MANAGERS'
              : body.channel === 'gne-digest-review'
                ? 'C0REVIEW'
                : body.channel,
          ts: `1700000${String(n).padStart(3, '0')}.000200`,
        },
      ],
      'files.getUploadURLExternal': () => [
        200,
        { ok: true, upload_url: `https://files.slack.com${UPLOAD}`, file_id: 'F0DIGEST' },
      ],
      'files.completeUploadExternal': () => [200, { ok: true, files: [{ id: 'F0DIGEST' }] }],
    });
    nock('https://files.slack.com').persist().post(UPLOAD).reply(200, 'OK');
  };
  const reviewPost = () => named('chat.postMessage').find((c) => c.body.channel === 'gne-digest-review')!;
  const asMessage = (c: SlackCall) => ({ text: c.body.text!, blocks: JSON.parse(c.body.blocks!) as unknown[] });

  it('a scheduled daily digest is claimed once across replicas and goes to review; Approve posts it to the managers with its chart', async () => {
    fakeSlack();
    const outcome = await wireDigest({
      config,
      logger,
      pool: db.pool,
      warehouse: db.pool,
      client: digestDeps.client!,
      clock: digestDeps.clock,
      replica: 'r1',
    }).runScheduled('daily');
    expect(outcome).toMatchObject({ status: 'in_review', written: { source: 'template' } });
    expect(outcome!.facts).toMatchObject({ label: '2026-03-01', kind: 'daily' });
    const other = wireDigest({
      config,
      logger,
      pool: db.pool,
      warehouse: db.pool,
      client: digestDeps.client!,
      clock: digestDeps.clock,
      replica: 'r2',
    });
    expect(await other.runScheduled('daily')).toBeUndefined();
    expect(named('chat.postMessage')).toHaveLength(1);
    const review = reviewPost();
    expect(review.body.text).toBe(outcome!.written.text);
    expect(review.body.blocks).toContain('Failure rate');
    expect(review.body.blocks).toContain('digest_review_approve');
    expect(await digests()).toMatchObject([{ kind: 'daily', status: 'in_review', source: 'template' }]);

    await click('digest_review_approve', String(outcome!.digestId), asMessage(review));
    await eventually(() => named('chat.update').length > 0, 10_000, 'the review message updated');
    const posted = named('chat.postMessage').find((c) => c.body.channel === 'gne-digest')!;
    expect(posted.body.text).toBe(outcome!.written.text);
    expect(posted.body.blocks).not.toContain('digest_review_approve');
    expect(named('files.completeUploadExternal')[0]!.body).toMatchObject({ channel_id: 'C0MANAGERS' });
    expect(named('chat.update')[0]!.body).toMatchObject({ channel: 'C0REVIEW', ts: '1700000999.000100' });
    expect(named('chat.update')[0]!.body.blocks).toContain('Approved by <@U0MANAGER>');
    expect((await digests())[0]).toMatchObject({
      status: 'posted',
      channel_id: 'C0MANAGERS',
      reviewed_by: 'U0MANAGER',
    });
    // A second click (another reviewer, a retry) posts nothing more.
    await click('digest_review_approve', String(outcome!.digestId), asMessage(review));
    await eventually(() => named('response_url').length > 0, 5_000, 'the answer to the second click');
    expect(named('chat.postMessage').filter((c) => c.body.channel === 'gne-digest')).toHaveLength(1);
  }, 30_000);

  it('Discard on the weekly report posts nothing to the managers and marks it discarded', async () => {
    fakeSlack();
    const outcome = await wireDigest({
      config,
      logger,
      pool: db.pool,
      warehouse: db.pool,
      client: digestDeps.client!,
      clock: digestDeps.clock,
    }).runScheduled('weekly');
    expect(outcome!.facts).toMatchObject({ kind: 'weekly', label: '2026-02-23' });
    await click('digest_review_discard', String(outcome!.digestId), asMessage(reviewPost()));
    await eventually(() => named('chat.update').length > 0, 10_000, 'the review message updated');
    expect(named('chat.postMessage').filter((c) => c.body.channel === 'gne-digest')).toHaveLength(0);
    expect(named('chat.update')[0]!.body.blocks).toContain('Discarded by <@U0MANAGER>');
    expect((await digests()).find((d) => d.id === String(outcome!.digestId))).toMatchObject({
      status: 'discarded',
      reviewed_by: 'U0MANAGER',
    });
  }, 30_000);

  // Submits the review's Edit modal with `text` (after a warning, with its hash) and returns Slack's answer.
  async function submitEdit(digestId: number, text: string, warnedHash?: string) {
    let answer: unknown;
    const state = { digestId, channelId: 'C0REVIEW', ts: '1700000999.000100', ...(warnedHash ? { warnedHash } : {}) };
    await send(digestEditSubmission(state, text), async (response) => {
      answer = response;
    });
    return answer as { response_action?: string; view?: { private_metadata: string; blocks: unknown[] } } | undefined;
  }

  it('an Indonesian digest is edited in Indonesian: its own figures pass, an added "37,5%" is named', async () => {
    fakeSlack();
    const outcome = await runDigest(digestDeps, {
      kind: 'daily',
      date: '2026-02-27',
      mode: 'post',
      requestedBy: 'test',
      language: 'id',
    });
    expect(outcome.status).toBe('in_review');
    // "5,0%" is the failure rate in Indonesian; read as English it would be a figure not in the data.
    const edited = `${outcome.written.text}\nTingkat kegagalan 5,0%, target 6%.`;
    const warned = await submitEdit(outcome.digestId!, `${edited}\nRefund turun 37,5% semalam.`);
    expect(warned?.response_action).toBe('update');
    expect(JSON.stringify(warned!.view!.blocks[0])).toContain('37,5%');
    expect(JSON.stringify(warned!.view!.blocks[0])).not.toContain('5,0%');
    expect(await submitEdit(outcome.digestId!, edited)).toBeUndefined();
    await eventually(() => named('chat.update').length > 0, 10_000, 'the edited digest posted');
  }, 30_000);

  it('Edit warns about a figure that is not in the data, and posts the text marked as edited on the second Post', async () => {
    fakeSlack();
    const outcome = await runDigest(digestDeps, {
      kind: 'daily',
      date: '2026-02-28',
      mode: 'post',
      requestedBy: 'test',
    });
    expect(outcome.status).toBe('in_review');
    const text = `${outcome.written.text}\nRefunds fell 37.5% overnight.`;
    const seen: { warned?: string } = {};
    const submit = () => submitEdit(outcome.digestId!, text, seen.warned);
    const first = await submit();
    expect(first?.response_action).toBe('update');
    expect(JSON.stringify(first!.view!.blocks[0])).toContain('37.5%');
    seen.warned = (JSON.parse(first!.view!.private_metadata) as { warnedHash: string }).warnedHash;
    expect(named('chat.postMessage').filter((c) => c.body.channel === 'gne-digest')).toHaveLength(0);
    expect(await submit()).toBeUndefined();
    await eventually(() => named('chat.update').length > 0, 10_000, 'the edited digest posted');
    const posted = named('chat.postMessage').find((c) => c.body.channel === 'gne-digest')!;
    expect(posted.body.text).toContain('Refunds fell 37.5% overnight.');
    expect(posted.body.blocks).toContain(
      'Edited by <@U0MANAGER> before posting; these figures are not in the data: 37.5%',
    );
    expect((await digests()).find((d) => d.id === String(outcome.digestId))).toMatchObject({
      status: 'posted',
      edited_by: 'U0MANAGER',
    });
  }, 30_000);

  it('an edit Slack refuses to post comes back to its author in a DM, nothing typed lost; the digest stays in review', async () => {
    nockSlack(calls, {
      'chat.postMessage': (n, body) =>
        body.channel === 'gne-digest'
          ? [200, { ok: false, error: 'channel_not_found' }]
          : [
              200,
              {
                ok: true,
                channel: body.channel === 'gne-digest-review' ? 'C0REVIEW' : body.channel,
                ts: `1700001${n}.000200`,
              },
            ],
    });
    const outcome = await runDigest(digestDeps, {
      kind: 'daily',
      date: '2026-02-25',
      mode: 'post',
      requestedBy: 'test',
    });
    expect(outcome.status).toBe('in_review');
    const text = `${outcome.written.text}\nOne line the manager added.`;
    expect(await submitEdit(outcome.digestId!, text)).toBeUndefined();
    await eventually(
      () => named('chat.postMessage').some((c) => c.body.channel === 'U0MANAGER'),
      10_000,
      'the edit sent back to its author',
    );
    const dm = named('chat.postMessage').find((c) => c.body.channel === 'U0MANAGER')!;
    expect(dm.body.text).toContain(`Your edit of digest #${outcome.digestId} was not posted`);
    expect(dm.body.text).toContain('One line the manager added.');
    expect((await digests()).find((d) => d.id === String(outcome.digestId))).toMatchObject({ status: 'in_review' });
  }, 30_000);

  it('/digest preview answers privately with the blocks; /digest posts straight to the managers (a manager is the reviewer)', async () => {
    fakeSlack();
    await send(slashCommand('/digest', 'preview', { user_id: 'U0MANAGER' }));
    await eventually(() => named('response_url').length >= 2, 10_000, 'the preview');
    const preview = named('response_url')[1]!.body as unknown as {
      text: string;
      blocks: unknown[];
      replace_original: boolean;
    };
    expect(preview.replace_original).toBe(true);
    expect(JSON.stringify(preview.blocks)).toContain('GNE Daily 2026-03-01');
    expect(named('chat.postMessage')).toHaveLength(0);

    await send(slashCommand('/digest', 'today', { user_id: 'U0MANAGER' }));
    await eventually(() => named('response_url').length >= 4, 10_000, 'the post');
    expect(named('chat.postMessage').map((c) => c.body.channel)).toEqual(['gne-digest']);
    expect(named('response_url')[3]!.body).toMatchObject({
      text: expect.stringContaining('Posted the daily digest (2026-03-02, template) in <#C0MANAGERS>'),
    });
    expect((await digests()).at(-1)).toMatchObject({ kind: 'daily', status: 'posted', channel_id: 'C0MANAGERS' });
  }, 30_000);

  it('with Slack off the digest is stored and logged, nothing posted', async () => {
    fakeSlack();
    const off = wireDigest({
      config,
      logger,
      pool: db.pool,
      warehouse: db.pool,
      clock: digestDeps.clock,
      replica: 'r3',
    });
    await db.pool.query('DELETE FROM digest_claims');
    const outcome = await off.runScheduled('daily');
    expect(outcome).toMatchObject({ status: 'logged' });
    expect(calls).toHaveLength(0);
    expect((await digests()).at(-1)).toMatchObject({ status: 'draft' });
  }, 30_000);
});
