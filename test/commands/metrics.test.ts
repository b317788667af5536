// /metrics through its handler: a small warehouse table on PGlite, the real chart renderer, nock on Slack.
import { LogLevel, WebClient } from '@slack/web-api';
import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import metrics from '../../commands/metrics.ts';
import { openCommandHarness, type CommandHarness } from '../helpers/command-context.ts';
import { isolateSlack, nockSlack, type SlackCall, type SlackScript } from '../helpers/nock-slack.ts';

const HOUR = 3_600_000;
const NOW = Date.parse('2026-03-02T00:30:00Z');
const UPLOAD = '/upload/v1/metric-chart';
const YML = `metrics:
  - id: failure_rate
    title: Failure rate
    description: failures / attempts
    owner: U0OWNER1
    kind: ratio
    grain: hour
    bad: up
    slices: [[], [city]]
    sql: SELECT bucket, city, failures AS numerator, attempts AS denominator FROM wh_metrics.attempts WHERE bucket >= :from AND bucket < :to
    detector: { z: 4, min_change: 0.5, min_duration: 1, recovery_buckets: 2 }
`;
const calls: SlackCall[] = [];
isolateSlack(calls);
const named = (m: string) => calls.filter((c) => c.method === m);

describe('/metrics', () => {
  let h: CommandHarness;
  beforeAll(async () => {
    h = await openCommandHarness('pglite', YML, new Date(NOW));
    await h.db.pool.query('CREATE SCHEMA wh_metrics');
    await h.db.pool.query(
      'CREATE TABLE wh_metrics.attempts (bucket timestamptz, city text, failures int, attempts int)',
    );
    // Jakarta fails ten times as often in the last two hours; Manila stays normal.
    await h.db.pool.query(
      `INSERT INTO wh_metrics.attempts
       SELECT b, c, CASE WHEN c = 'jakarta' AND b >= $2 THEN 40 ELSE 4 + (extract(epoch FROM b)::bigint / 3600 % 3)::int END, 100
         FROM generate_series($1::timestamptz, $3::timestamptz, interval '1 hour') AS b, unnest(ARRAY['jakarta', 'manila']) AS c`,
      [new Date(NOW - 50 * 24 * HOUR - 0.5 * HOUR), new Date(NOW - 2.5 * HOUR), new Date(NOW - 1.5 * HOUR)],
    );
    h.services.client = new WebClient('xoxb-test', { retryConfig: { retries: 0 }, logLevel: LogLevel.ERROR });
    h.services.warehouse = h.db.pool;
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });
  const fakeSlack = (script: SlackScript = {}) => {
    nockSlack(calls, {
      'files.getUploadURLExternal': () => [
        200,
        { ok: true, upload_url: `https://files.slack.com${UPLOAD}`, file_id: 'F0M1' },
      ],
      'files.completeUploadExternal': () => [200, { ok: true, files: [{ id: 'F0M1' }] }],
      ...script,
    });
    nock('https://files.slack.com').persist().post(UPLOAD).reply(200, 'OK');
  };

  it('lists the catalog with grain, owner and dimensions', async () => {
    const [reply] = await h.run(metrics, 'list');
    expect(JSON.stringify(reply!.blocks)).toContain('`failure_rate` *Failure rate* · hour · <@U0OWNER1> · by city');
  });

  it('uploads the chart into the channel with current vs expected, the band and the status as its comment', async () => {
    fakeSlack();
    expect(await h.run(metrics, 'show failure_rate city=jakarta 7d')).toEqual([]);
    const done = named('files.completeUploadExternal')[0]!.body;
    expect(done.channel_id).toBe('C0GENERAL');
    expect(done.initial_comment).toMatch(
      /^<@U0OPENER> asked: Failure rate \(city=jakarta\): 40\.0% vs [\d.]+% expected \(\+[\d.]+ pt\), band [\d.]+%–[\d.]+%; (anomalous|alerting)/,
    );
  });

  it('answers in the channel with text when the upload fails, saying why', async () => {
    fakeSlack({ 'files.getUploadURLExternal': () => [200, { ok: false, error: 'not_in_channel' }] });
    const [reply] = await h.run(metrics, 'show failure_rate window=3d');
    expect(reply!.response_type).toBe('in_channel');
    expect(reply!.text).toMatch(/^Failure rate \(all\): /);
    const all = JSON.stringify(reply!.blocks);
    expect(all).toContain('*Expected band*');
    expect(all).toContain('last 3d');
    expect(all).toContain('No chart: Slack refused the chart upload: not_in_channel.');
  });

  it('refuses an unknown metric or dimension, and a bad window, listing what is valid', async () => {
    expect((await h.run(metrics, 'show refunds'))[0]!.text).toContain(
      'There is no metric "refunds" (vigil_metric_unknown). Use one of: failure_rate.',
    );
    expect((await h.run(metrics, 'show failure_rate category=spa'))[0]!.text).toContain(
      'failure_rate is not sliced by category; its dimensions are city.',
    );
    expect((await h.run(metrics, 'show failure_rate soon'))[0]!.text).toMatch(/soon/);
    expect((await h.run(metrics, 'show failure_rate 200d'))[0]!.text).toContain('The longest window is 90d.');
    expect(calls).toHaveLength(0);
  });

  it('repeats at most 80 characters of a pasted 40 KB back, in every refusal that quotes the input', async () => {
    const pasted = 'x'.repeat(40_000);
    const words = Array.from({ length: 8_000 }, () => 'word').join(' ');
    const inputs = [
      pasted,
      `show ${pasted}`,
      `show failure_rate ${pasted}`,
      `show failure_rate ${pasted}=1`,
      `show failure_rate 7d ${words}`,
    ];
    for (const text of inputs) {
      const [reply] = await h.run(metrics, text);
      expect(reply!.text.length).toBeLessThan(1_000);
      expect(JSON.stringify(reply!.blocks).length).toBeLessThan(3_000);
      expect(reply!.text).not.toContain('x'.repeat(81));
    }
    expect((await h.run(metrics, `show ${pasted}`))[0]!.text).toContain(
      `There is no metric "${'x'.repeat(79)}…" (vigil_metric_unknown).`,
    );
    expect(calls).toHaveLength(0);
  });
});
