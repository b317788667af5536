// /investigate through its handler: a fake playbook service (the engine is tested on its own), the real
// Web API client against nock, and a real test database for the incident-channel lookup.
import { LogLevel, WebClient } from '@slack/web-api';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import investigate from '../../commands/investigate.ts';
import { insertIncident } from '../../src/incidents/incident-store.ts';
import type { PlaybookService, RunRequest } from '../../src/playbooks/playbook-service-types.ts';
import type { PlaybookRunResult } from '../../src/playbooks/run-types.ts';
import { openCommandHarness, type CommandHarness } from '../helpers/command-context.ts';
import { allowNetwork, blockNetwork, nockSlack, type SlackCall, type SlackScript } from '../helpers/nock-slack.ts';
import { refundPlaybook, refundRun } from '../blocks/render-playbook-fixtures.ts';

const UPLOAD = '/upload/v1/playbook-chart';
const calls: SlackCall[] = [];
const named = (m: string) => calls.filter((c) => c.method === m);
const uploads: SlackScript = {
  'files.getUploadURLExternal': () => [
    200,
    { ok: true, upload_url: `https://files.slack.com${UPLOAD}`, file_id: 'F0PB1' },
  ],
  'files.completeUploadExternal': () => [200, { ok: true, files: [{ id: 'F0PB1' }] }],
};
const requests: Array<{ id: string; given: Record<string, string>; request: RunRequest }> = [];

// Runs report progress before each step, like the engine, then return the fixture run.
function fakePlaybooks(result: PlaybookRunResult = refundRun()): PlaybookService {
  const pb = refundPlaybook();
  return {
    list: () => [pb],
    problems: () => ['playbooks/broken.yml line 4: steps.0.sql: Required'],
    get: (id) => (id === pb.id ? pb : undefined),
    suggestFor: () => [pb.id],
    check: (id, given) =>
      given.merchant_id === 'bad'
        ? {
            ok: false,
            code: 'vigil_playbook_param_invalid',
            message: 'merchant_id must be digits.',
            hint: 'Use merchant_id=123.',
          }
        : { ok: true },
    async run(id, given, request) {
      requests.push({ id, given, request });
      if (given.merchant_id === 'bad')
        return {
          ok: false,
          code: 'vigil_playbook_param_invalid',
          message: 'merchant_id must be digits.',
          hint: 'Use merchant_id=123.',
        };
      for (const [i, s] of result.steps.entries())
        await request.onProgress?.({
          index: i + 1,
          total: result.steps.length,
          step: { id: s.id, kind: s.kind, title: s.title },
        });
      return { ok: true, runId: request.dryRun ? null : 42, result: { ...result, dryRun: request.dryRun ?? false } };
    },
    readRun: async (runId) =>
      runId === 42
        ? {
            runId,
            requestedBy: 'U0OPENER',
            channelId: 'C0GENERAL',
            incidentId: null,
            status: 'failed',
            result: refundRun(),
          }
        : null,
  };
}

describe('/investigate', () => {
  let h: CommandHarness;
  beforeAll(async () => {
    h = await openCommandHarness('pglite', '', new Date('2026-03-02T09:00:00Z'));
    h.services.playbooks = fakePlaybooks();
    h.services.client = new WebClient('xoxb-test', { retryConfig: { retries: 0 }, logLevel: LogLevel.ERROR });
    blockNetwork();
  }, 60_000);
  afterEach(() => {
    nock.cleanAll();
    calls.length = 0;
    requests.length = 0;
  });
  afterAll(async () => {
    allowNetwork();
    await h?.close();
  });
  const fakeSlack = (script: SlackScript = {}) => {
    nockSlack(calls, { ...uploads, ...script });
    nock('https://files.slack.com').persist().post(UPLOAD).reply(200, 'OK');
  };

  it('lists the playbooks and the files that did not load; explains one; refuses an unknown one listing the ids', async () => {
    const [list] = await h.run(investigate, 'list');
    expect(JSON.stringify(list)).toContain('`refund-spike` *Refund spike*');
    expect(JSON.stringify(list)).toContain('playbooks/broken.yml line 4');
    const [help] = await h.run(investigate, 'help refund-spike');
    expect(JSON.stringify(help)).toContain('*Parameters*');
    const [unknown] = await h.run(investigate, 'refund-spik city=jakarta');
    expect(unknown!.text).toContain(
      'There is no playbook "refund-spik" (vigil_playbook_not_found). Use one of: refund-spike.',
    );
    expect(requests).toHaveLength(0);
  });

  it('posts progress, updates it in place, puts every step and the chart in its thread, then the headline', async () => {
    fakeSlack();
    const replies = await h.run(investigate, 'refund-spike merchant_id=77 city=jakarta');
    expect(replies).toEqual([]);
    expect(requests[0]).toMatchObject({
      id: 'refund-spike',
      given: { merchant_id: '77', city: 'jakarta' },
      request: { requestedBy: 'U0OPENER', channelId: 'C0GENERAL', charts: true },
    });
    expect(requests[0]!.request.incident).toBeUndefined();
    const [progress, ...thread] = named('chat.postMessage');
    expect(progress!.body).toMatchObject({ channel: 'C0GENERAL', text: 'Refund spike: step 1/5: Refunds by day' });
    expect(progress!.body.thread_ts).toBeUndefined();
    const root = '1700000001.000100';
    expect(thread.length).toBeGreaterThanOrEqual(2);
    expect(thread.every((c) => c.body.thread_ts === root)).toBe(true);
    expect(thread.map((c) => c.body.blocks).join()).toContain('showing 15 of 230 rows');
    expect(named('files.completeUploadExternal')[0]!.body).toMatchObject({ channel_id: 'C0GENERAL', thread_ts: root });
    const updates = named('chat.update');
    // Five steps in a burst: step 2 at once, the rest collapsed, then the headline.
    expect(updates.length).toBeLessThanOrEqual(3);
    expect(updates.every((u) => u.body.ts === root)).toBe(true);
    expect(updates.at(-1)!.body.text).toMatch(/^Refund spike: failed at step 5\/5 \(run #42\)/);
    // Order: the chart comes between the step messages before and after it.
    const order = calls
      .map((c) => c.method)
      .filter((m) => m === 'chat.postMessage' || m === 'files.completeUploadExternal');
    expect(order).toEqual(['chat.postMessage', 'chat.postMessage', 'files.completeUploadExternal', 'chat.postMessage']);
  });

  it('hands the run to detached work so the command returns at once, and says when too many are waiting', async () => {
    fakeSlack();
    const jobs: Array<() => Promise<void>> = [];
    h.services.detach = (job) => (jobs.length < 1 ? (jobs.push(job), true) : false);
    try {
      expect(await h.run(investigate, 'refund-spike city=jakarta')).toEqual([]);
      expect(requests).toHaveLength(0);
      expect(named('chat.postMessage')).toHaveLength(0);
      const [busy] = await h.run(investigate, 'refund-spike city=bandung');
      expect(busy!.text).toContain('vigil_playbooks_busy');
      // A refusal is still answered at once, before anything is detached.
      const [refused] = await h.run(investigate, 'refund-spike merchant_id=bad');
      expect(refused!.text).toContain('merchant_id must be digits.');
      await jobs[0]!();
      expect(requests.map((r) => r.given.city)).toEqual(['jakarta']);
      expect(named('chat.postMessage').length).toBeGreaterThan(0);
    } finally {
      delete h.services.detach;
    }
  });

  it('says in the thread when a chart upload fails, and still finishes', async () => {
    fakeSlack({
      'files.getUploadURLExternal': () => [200, { ok: false, error: 'missing_scope', needed: 'files:write' }],
    });
    await h.run(investigate, 'refund-spike');
    const notes = named('chat.postMessage').filter((c) => String(c.body.text).includes('could not be uploaded'));
    expect(notes[0]!.body.text).toContain('files:write');
    expect(named('chat.update').at(-1)!.body.blocks).toContain('the chart of `trend` did not upload');
  });

  it('answers the asker with the whole run when vigil cannot post in the channel, saying how to add it', async () => {
    fakeSlack({ 'chat.postMessage': () => [200, { ok: false, error: 'not_in_channel' }] });
    const [reply] = await h.run(investigate, 'refund-spike');
    expect(reply!.text).toMatch(/^Refund spike: failed at step 5\/5 \(run #42\)/);
    expect(JSON.stringify(reply!.blocks)).toContain('vigil cannot post in this channel (not_in_channel)');
    expect(JSON.stringify(reply!.blocks)).toContain('/invite @vigil');
    expect(JSON.stringify(reply!.blocks)).toContain('showing 15 of 230 rows');
    expect(named('chat.update')).toHaveLength(0);
  });

  it('explains a parameter refusal with the playbook usage, posting nothing', async () => {
    fakeSlack();
    const [reply] = await h.run(investigate, 'refund-spike merchant_id=bad');
    expect(reply!.text).toContain('merchant_id must be digits. Use merchant_id=123. (vigil_playbook_param_invalid)');
    expect(JSON.stringify(reply!.blocks)).toContain(
      '/investigate refund-spike [city=…] [window=…] [merchant_id=…] [mode=…]',
    );
    expect(calls).toHaveLength(0);
    const [loose] = await h.run(investigate, 'refund-spike jakarta');
    expect(loose!.text).toContain('Give parameters as key=value (got "jakarta")');
  });

  it('takes key="a b" as one parameter without the quotes, and refuses a value it cannot read whole, running nothing', async () => {
    fakeSlack();
    await h.run(investigate, `refund-spike city="kuala lumpur" --dry-run`);
    expect(requests.map((r) => r.given)).toEqual([{ city: 'kuala lumpur' }]);
    requests.length = 0;
    const [open] = await h.run(investigate, 'refund-spike city="kuala lumpur');
    expect(open!.text).toMatch(/^Could not read a quote never closed in city=\. Quote a value with spaces whole/);
    const [twice] = await h.run(investigate, 'refund-spike city=jakarta city=manila');
    expect(twice!.text).toMatch(/^Could not read city= given twice\./);
    expect(requests).toHaveLength(0);
    expect(calls).toHaveLength(0);
  });

  it('repeats at most 80 characters of a pasted 40 KB back', async () => {
    const pasted = 'x'.repeat(40_000);
    const words = Array.from({ length: 8_000 }, () => 'word').join(' ');
    for (const text of [pasted, `refund-spike ${pasted}`, `refund-spike ${words}`]) {
      const [reply] = await h.run(investigate, text);
      expect(reply!.text.length).toBeLessThan(1_000);
      expect(reply!.text).not.toContain('x'.repeat(81));
    }
    expect(requests).toHaveLength(0);
  });

  it('shows a dry run only to the asker', async () => {
    fakeSlack();
    const [reply] = await h.run(investigate, 'refund-spike --dry-run');
    expect(requests[0]!.request).toMatchObject({ dryRun: true, charts: false });
    expect(reply!.text).toMatch(/dry run/);
    expect(calls).toHaveLength(0);
  });

  it('in an incident channel passes the incident: metric, slice and window to the last anomalous bucket', async () => {
    fakeSlack();
    const { incident } = await insertIncident(h.db.pool, {
      dedupKey: 'inv-1',
      title: 'Refund spike',
      severity: 2,
      metricId: 'refund_rate',
      slice: { city: 'jakarta' },
      openedBy: 'detector',
      evidence: {
        metricId: 'refund_rate',
        bucket: '2026-03-01T00:00:00.000Z',
        observed: 0.04,
        expected: 0.01,
        unit: 'ratio',
        slice: { city: 'jakarta' },
      },
    });
    await h.db.pool.query(
      "UPDATE incidents SET channel_id = 'C0GENERAL', last_anomaly_bucket = '2026-03-03T00:00:00Z' WHERE id = $1",
      [incident.id],
    );
    await h.run(investigate, 'refund-spike');
    expect(requests[0]!.request.incident).toEqual({
      incidentId: incident.id,
      metricId: 'refund_rate',
      slice: { city: 'jakarta' },
      windowStart: new Date('2026-03-01T00:00:00Z'),
      windowEnd: new Date('2026-03-03T01:00:00Z'), // refund_rate is hourly
      // The card's judged bucket: what the playbook's window parameters take.
      card: {
        windowStart: new Date('2026-03-01T00:00:00Z'),
        windowEnd: new Date('2026-03-01T01:00:00Z'),
        grain: 'hour',
      },
    });
    expect(named('chat.postMessage')[0]!.body.blocks).toContain(`on incident #${incident.id}`);
    await h.db.pool.query('UPDATE incidents SET channel_id = NULL WHERE id = $1', [incident.id]);
  });

  it('marks the progress message failed and rethrows when the engine crashes (the router answers the user)', async () => {
    fakeSlack();
    const crashing: PlaybookService = {
      ...fakePlaybooks(),
      async run(_id, _given, request) {
        await request.onProgress?.({ index: 1, total: 2, step: { id: 'a', kind: 'query', title: 'a' } });
        throw new Error('pool exploded');
      },
    };
    h.services.playbooks = crashing;
    try {
      await expect(h.run(investigate, 'refund-spike')).rejects.toThrow('pool exploded');
    } finally {
      h.services.playbooks = fakePlaybooks();
    }
    expect(named('chat.update').at(-1)!.body.text).toContain('the run failed on our side; it is logged');
  });

  it('posts a stored run again, and says when there is no such run', async () => {
    fakeSlack();
    expect(await h.run(investigate, 'again 42')).toEqual([]);
    const [headline, ...thread] = named('chat.postMessage');
    expect(headline!.body.blocks).toContain('posted again');
    expect(thread.length).toBeGreaterThan(0);
    expect(named('files.completeUploadExternal')).toHaveLength(1);
    const [missing] = await h.run(investigate, 'show 7');
    expect(missing!.text).toContain('There is no stored run #7');
  });
});
