import { LogLevel, WebClient } from '@slack/web-api';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { uploadChart } from '../../src/charts/upload-chart.ts';
import { VigilError } from '../../src/errors.ts';
import { allowNetwork, blockNetwork, nockSlack, type SlackCall, type SlackScript } from '../helpers/nock-slack.ts';

const UPLOAD_PATH = '/upload/v1/CwABAAAAXwoAAVnX';
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
const calls: SlackCall[] = [];
const named = (m: string) => calls.filter((c) => c.method === m);
const client = (extra: ConstructorParameters<typeof WebClient>[1] = {}) =>
  new WebClient('xoxb-test', { retryConfig: { retries: 0 }, logLevel: LogLevel.ERROR, ...extra });
const chart = { png: PNG, title: 'Refund rate, city=jakarta', altText: 'Refund rate for city=jakarta over 4 weeks' };

// Slack's three steps: an upload URL and file id, the bytes sent to that URL, then completion with the file's details.
function fakeSlack(
  script: SlackScript = {},
  upload: [number, string] = [200, 'OK - 16'],
): { uploaded: () => Buffer[] } {
  const bodies: Buffer[] = [];
  nockSlack(calls, {
    'files.getUploadURLExternal': () => [
      200,
      { ok: true, upload_url: `https://files.slack.com${UPLOAD_PATH}`, file_id: 'F0CHART1' },
    ],
    'files.completeUploadExternal': (_n, body) => [
      200,
      {
        ok: true,
        files: (JSON.parse(body.files!) as Array<{ id: string; title: string }>).map((f) => ({
          id: f.id,
          title: f.title,
          permalink: `https://acme.slack.com/files/U0BOT/${f.id}/chart.png`,
        })),
      },
    ],
    ...script,
  });
  nock('https://files.slack.com')
    .persist()
    .post(UPLOAD_PATH)
    .reply(function (_uri, body) {
      bodies.push(Buffer.from(String(body)));
      return upload;
    });
  return { uploaded: () => bodies };
}

async function rejection(p: Promise<unknown>): Promise<VigilError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(VigilError);
  return err as VigilError;
}

describe('uploadChart', () => {
  beforeAll(blockNetwork);
  afterEach(() => {
    nock.cleanAll();
    calls.length = 0;
  });
  afterAll(allowNetwork);

  it('uploads without a channel, for an image block, and returns the file id and permalink', async () => {
    const slack = fakeSlack();
    expect(await uploadChart(client(), chart)).toEqual({
      fileId: 'F0CHART1',
      permalink: 'https://acme.slack.com/files/U0BOT/F0CHART1/chart.png',
    });
    expect(named('files.getUploadURLExternal')[0]!.body).toMatchObject({
      filename: 'chart.png',
      length: String(PNG.length),
      alt_text: chart.altText,
    });
    expect(slack.uploaded()).toHaveLength(1);
    const complete = named('files.completeUploadExternal')[0]!.body;
    expect(JSON.parse(complete.files!)).toEqual([{ id: 'F0CHART1', title: chart.title }]);
    expect(complete.channel_id).toBeUndefined();
  });

  it('shares into a channel thread with a comment when asked', async () => {
    fakeSlack();
    await uploadChart(client(), {
      ...chart,
      channelId: 'C0INC1',
      threadTs: '1700000001.000100',
      initialComment: 'Refund rate, last 4 weeks',
    });
    expect(named('files.completeUploadExternal')[0]!.body).toMatchObject({
      channel_id: 'C0INC1',
      thread_ts: '1700000001.000100',
      initial_comment: 'Refund rate, last 4 weeks',
    });
  });

  it('turns a missing files:write scope into vigil_chart_missing_scope saying how to fix it', async () => {
    fakeSlack({
      'files.getUploadURLExternal': () => [
        200,
        { ok: false, error: 'missing_scope', needed: 'files:write', provided: 'chat:write,commands' },
      ],
    });
    const err = await rejection(uploadChart(client(), chart));
    expect(err.code).toBe('vigil_chart_missing_scope');
    expect(err.message).toContain('files:write');
    expect(err.hint).toMatch(/reinstall the app/);
    expect(err.hint).toMatch(/without the chart/);
    expect(named('files.completeUploadExternal')).toHaveLength(0);
  });

  it('turns a 429 into vigil_chart_rate_limited with the wait Slack asked for', async () => {
    fakeSlack({
      'files.getUploadURLExternal': () => [429, { ok: false, error: 'ratelimited' }, { 'retry-after': '7' }],
    });
    const err = await rejection(uploadChart(client({ rejectRateLimitedCalls: true }), chart));
    expect(err.code).toBe('vigil_chart_rate_limited');
    expect(err.message).toContain('7 s');
  });

  it('reports a 429 the client waited out and still hit, as rate limited', async () => {
    fakeSlack({
      'files.completeUploadExternal': () => [429, { ok: false, error: 'ratelimited' }, { 'retry-after': '1' }],
    });
    expect((await rejection(uploadChart(client(), chart))).code).toBe('vigil_chart_rate_limited');
  });

  it('stops waiting at its deadline so the incident is not held up', async () => {
    fakeSlack({
      'files.getUploadURLExternal': () => [429, { ok: false, error: 'ratelimited' }, { 'retry-after': '2' }],
    });
    const started = Date.now();
    const err = await rejection(uploadChart(client(), { ...chart, deadlineMs: 200 }));
    expect(err.code).toBe('vigil_chart_upload_timeout');
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('turns a failed byte upload into vigil_chart_upload_failed and never completes it', async () => {
    fakeSlack({}, [500, 'internal error']);
    const err = await rejection(uploadChart(client(), chart));
    expect(err.code).toBe('vigil_chart_upload_failed');
    expect(named('files.completeUploadExternal')).toHaveLength(0);
  });

  it('names the channel problem when vigil is not in the channel', async () => {
    fakeSlack({ 'files.completeUploadExternal': () => [200, { ok: false, error: 'not_in_channel' }] });
    const err = await rejection(uploadChart(client(), { ...chart, channelId: 'C0OTHER' }));
    expect(err.code).toBe('vigil_chart_channel');
    expect(err.hint).toContain('/invite');
  });
});
