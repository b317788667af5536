// The evaluator through the real incident service and Slack Web API client (nock on slack.com): an
// anomaly opens a channel with the card, pins it, notices the alerts channel, and attaches the chart.
import { LogLevel, WebClient } from '@slack/web-api';
import nock from 'nock';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metricSchema } from '../../src/metrics/metric-catalog-schema.ts';
import { migrate } from '../../src/db/migrate.ts';
import { IncidentService } from '../../src/incidents/incident-service.ts';
import { post } from '../../src/incidents/incident-slack.ts';
import { incidentChartAttacher } from '../../src/watch/attach-incident-chart.ts';
import { createEvaluator } from '../../src/watch/create-evaluator.ts';
import { allowNetwork, blockNetwork, nockSlack, type SlackCall } from '../helpers/nock-slack.ts';
import { openTestDatabase, type TestDatabase } from '../helpers/test-database.ts';

const HOUR = 3_600_000;
const END = Date.parse('2026-03-02T00:00:00Z');
const UPLOAD = '/upload/v1/chart';
const logger = pino({ level: 'silent' });

describe('an anomaly through the incident service and Slack', () => {
  let db: TestDatabase;
  const calls: SlackCall[] = [];
  const named = (m: string) => calls.filter((c) => c.method === m);
  let evaluate: ReturnType<typeof createEvaluator>;

  beforeAll(async () => {
    db = await openTestDatabase('pglite');
    await migrate(db.pool);
    await db.pool.query('CREATE SCHEMA wh_slack');
    await db.pool.query('CREATE TABLE wh_slack.attempts (bucket timestamptz, city text, failures int, attempts int)');
    await db.pool.query(
      `INSERT INTO wh_slack.attempts
       SELECT b, c, CASE WHEN c = 'jakarta' AND b >= $2 THEN 40 ELSE 4 + (extract(epoch FROM b)::bigint / 3600 % 3)::int END, 100
         FROM generate_series($1::timestamptz, $3::timestamptz, interval '1 hour') AS b, unnest(ARRAY['jakarta', 'manila']) AS c`,
      [new Date(END - 36 * 24 * HOUR), new Date(END - 2 * HOUR), new Date(END + 3 * HOUR)],
    );
    blockNetwork();
    nockSlack(calls, {
      'files.getUploadURLExternal': () => [
        200,
        { ok: true, upload_url: `https://files.slack.com${UPLOAD}`, file_id: 'F0CHART1' },
      ],
      'files.completeUploadExternal': () => [
        200,
        { ok: true, files: [{ id: 'F0CHART1', permalink: 'https://acme.slack.com/files/F0CHART1' }] },
      ],
    });
    nock('https://files.slack.com').persist().post(UPLOAD).reply(200, 'OK');
    const client = new WebClient('xoxb-test', { retryConfig: { retries: 0 }, logLevel: LogLevel.ERROR });
    const incidents = new IncidentService({
      pool: db.pool,
      client,
      logger,
      clock: () => new Date(END),
      timezone: 'UTC',
      alertsChannel: 'gne-alerts',
      privateChannels: false,
      responders: async () => ['U0OWNER1'],
    });
    const metric = metricSchema.parse({
      id: 'failure_rate',
      title: 'Failure rate',
      description: 'failures / attempts',
      kind: 'ratio',
      grain: 'hour',
      bad: 'up',
      slices: [[], ['city']],
      owner: 'U0OWNER1',
      sql: 'SELECT bucket, city, failures AS numerator, attempts AS denominator FROM wh_slack.attempts WHERE bucket >= :from AND bucket < :to',
      detector: { z: 4, min_change: 0.5, min_duration: 1, recovery_buckets: 2 },
      severity: [{ severity: 2 }],
    });
    evaluate = createEvaluator({
      pool: db.pool,
      warehouse: db.pool,
      logger,
      timezone: 'UTC',
      catalog: [metric],
      incidents,
      notify: async (text) => {
        await post(client, 'gne-alerts', { text });
      },
      attachChart: incidentChartAttacher({ warehouse: db.pool, client, incidents, timezone: 'UTC' }),
    });
  }, 120_000);
  afterAll(async () => {
    allowNetwork();
    await db?.close();
  });

  it('opens the channel, posts and pins the card with the evidence, notices the alerts channel and attaches the chart', async () => {
    const result = await evaluate({ at: new Date(END), grain: 'hour' });
    expect(result).toMatchObject({ incidents: 1, errors: [] });
    // Named for the day it opened (the database's clock), after the group: the metric and its slice.
    expect(named('conversations.create').map((c) => c.body.name)).toEqual([
      expect.stringMatching(/^inc-\d{8}-\d+-failure-rate-city-jakarta$/),
    ]);
    expect(named('conversations.invite')[0]!.body.users).toContain('U0OWNER1');
    const card = named('chat.postMessage').find((c) => String(c.body.channel).startsWith('C0INC'))!;
    expect(card.body.blocks).toContain('Failure rate');
    expect(card.body.blocks).toContain('40');
    expect(named('pins.add')).toHaveLength(1);
    expect(
      named('chat.postMessage').some(
        (c) => c.body.channel === 'gne-alerts' && String(c.body.text).includes('Failure rate'),
      ),
    ).toBe(true);
    expect(named('files.getUploadURLExternal')).toHaveLength(1);
    expect(named('files.completeUploadExternal')).toHaveLength(1);
    const update = named('chat.update')
      .filter((c) => String(c.body.channel).startsWith('C0INC'))
      .at(-1)!;
    expect(JSON.parse(update.body.blocks!)).toContainEqual(
      expect.objectContaining({ type: 'image', slack_file: { id: 'F0CHART1' } }),
    );
    const { rows } = await db.pool.query(
      "SELECT evidence->>'chartFileId' AS chart FROM incidents WHERE metric_id = 'failure_rate'",
    );
    expect(rows).toEqual([{ chart: 'F0CHART1' }]);
  }, 60_000);

  it('updates the same card on the next run instead of opening a second channel', async () => {
    const before = named('chat.update').length;
    await evaluate({ at: new Date(END + HOUR), grain: 'hour' });
    expect(named('conversations.create')).toHaveLength(1);
    expect(named('chat.update').length).toBeGreaterThan(before);
    // The alerts channel notice is edited in place (chat.update on its ts), never posted a second time.
    const notices = named('chat.postMessage').filter((c) => c.body.channel === 'gne-alerts');
    expect(notices).toHaveLength(1);
    const { rows } = await db.pool.query("SELECT notice_ts FROM incidents WHERE metric_id = 'failure_rate'");
    expect(named('chat.update').filter((c) => c.body.ts === rows[0].notice_ts).length).toBeGreaterThan(0);
  }, 60_000);
});
