import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logging/create-logger.ts';
import { createFollowUpQueue } from '../../src/slack/follow-up-queue.ts';
import { ackedRequestOf, type AckedRequest } from '../../src/slack/acked-request.ts';
import { ACKED_REQUEST, slackShutdown } from '../../src/slack/slack-shutdown.ts';
import { slashCommand } from '../helpers/slack-http.ts';

const logger = createLogger({ level: 'silent' });

describe('slackShutdown', () => {
  const told: Array<{ path: string; text: string }> = [];
  beforeAll(() => {
    nock.disableNetConnect();
    nock('https://hooks.slack.com')
      .persist()
      .post(/.*/)
      .reply(200, (uri, body) => {
        told.push({ path: uri, text: String((body as { text?: unknown }).text) });
        return 'ok';
      });
  });
  afterAll(() => {
    nock.cleanAll();
    nock.enableNetConnect();
  });

  it('at the deadline tells the users of queued work that nothing was done, and of running work (queued or direct) that it may be partly done', async () => {
    const lane = createFollowUpQueue<AckedRequest>({ concurrency: 1, maxPending: 10, onError: () => {} });
    const shutdown = slackShutdown([lane], logger);
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const request = (id: string, text: string) =>
      ackedRequestOf(slashCommand('/incident', text, { response_url: `https://hooks.slack.com/commands/T0/1/${id}` }));
    lane.push(() => held, request('queued-running', 'new One'));
    lane.push(async () => {}, request('queued-waiting', 'new Two'));
    // A Socket Mode delivery: the middleware tracks it until its listener ends.
    const context: Record<string, unknown> = {};
    const direct = shutdown.middleware({
      body: slashCommand('/incident', 'new Three', { response_url: 'https://hooks.slack.com/commands/T0/1/direct' }),
      context,
      next: () => held,
      ack: async () => {},
    } as never);
    await new Promise((r) => setImmediate(r));

    const left = await shutdown.drain(Date.now() + 100);
    expect(left.neverStarted.map((r) => r.what)).toEqual(['`/incident new Two`']);
    expect(left.stillRunning.map((r) => r.what)).toEqual(['`/incident new One`', '`/incident new Three`']);
    expect(shutdown.abandoned()).toBe(true);
    expect((context[ACKED_REQUEST] as AckedRequest).abandoned).toBe(true);
    const byPath = Object.fromEntries(told.map((t) => [t.path.split('/').at(-1), t.text]));
    expect(byPath['queued-waiting']).toMatch(/nothing was done/);
    expect(byPath['queued-running']).toMatch(/may be partly done/);
    expect(byPath.direct).toMatch(/may be partly done/);
    release();
    await direct;
  });

  it('with nothing in progress returns at once and tells nobody', async () => {
    told.length = 0;
    const shutdown = slackShutdown(
      [createFollowUpQueue<AckedRequest>({ concurrency: 1, maxPending: 1, onError: () => {} })],
      logger,
    );
    const began = Date.now();
    expect(await shutdown.drain(Date.now() + 60_000)).toEqual({ neverStarted: [], stillRunning: [] });
    expect(Date.now() - began).toBeLessThan(30_000);
    expect(shutdown.abandoned()).toBe(false);
    expect(told).toEqual([]);
  });
});
