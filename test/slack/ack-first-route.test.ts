import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import nock from 'nock';
import type { App, HTTPReceiver, ReceiverEvent } from '@slack/bolt';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logging/create-logger.ts';
import { ackFirstRoute, BUSY_TEXT, type AckFirstRouteDeps } from '../../src/slack/ack-first-route.ts';
import { RESTARTING_TEXT } from '../../src/slack/acked-request.ts';
import { createFollowUpQueue } from '../../src/slack/follow-up-queue.ts';
import { buttonClick, eventually, postSlack, SIGNING_SECRET, slashCommand } from '../helpers/slack-http.ts';

// The route on a plain server, with a stand-in for Bolt: what it hands on, and when.
function harness(limits = { concurrency: 1, maxPending: 10 }, extra: Partial<AckFirstRouteDeps> = {}) {
  const events: ReceiverEvent[] = [];
  const passedOn: string[] = [];
  const lines: string[] = [];
  let release!: () => void;
  const blocked = new Promise<void>((r) => (release = r));
  const app = {
    processEvent: async (e: ReceiverEvent) => {
      events.push(e);
      await blocked;
    },
  } as unknown as App;
  const receiver = {
    requestListener: (req: { rawBody?: Buffer }, res: { writeHead(s: number): { end(b?: string): void } }) => {
      passedOn.push(req.rawBody?.toString() ?? '(stream)');
      res.writeHead(200).end('{"response_action":"errors"}');
    },
  } as unknown as HTTPReceiver;
  const logger = createLogger({ level: 'info', pretty: false, destination: { write: (l: string) => lines.push(l) } });
  const queue = createFollowUpQueue({ ...limits, onError: (err) => logger.error({ err }, 'Slack follow-up failed') });
  const route = ackFirstRoute({
    path: '/slack/events',
    app,
    receiver,
    signingSecret: SIGNING_SECRET,
    queue,
    logger,
    commands: new Set(['/vigil', '/incident']),
    ...extra,
  });
  const server = createServer((req, res) => {
    if (!route(req, res)) res.writeHead(404).end();
  });
  return { server, events, passedOn, lines, release, queue };
}

describe('ack-first route', () => {
  let h: ReturnType<typeof harness>;
  let base: string;
  let servers: Server[] = [];
  const start = async (limits?: { concurrency: number; maxPending: number }, extra?: Partial<AckFirstRouteDeps>) => {
    h = harness(limits, extra);
    servers.push(h.server);
    await new Promise<void>((r) => h.server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(h.server.address() as AddressInfo).port}`;
  };
  beforeAll(() => {
    nock.disableNetConnect();
    nock.enableNetConnect(/127\.0\.0\.1/);
  });
  afterEach(async () => {
    h.release();
    await h.queue.idle();
    for (const s of servers) await new Promise((r) => s.close(r));
    servers = [];
    nock.cleanAll();
  });
  afterAll(() => nock.enableNetConnect());

  it('acks a signed command with an empty 200 before its listener has finished, then runs it with the retry number', async () => {
    await start();
    const res = await postSlack(base, slashCommand('/vigil', 'status'), { retryNum: 2 });
    expect(res).toMatchObject({ status: 200, body: '' });
    await eventually(() => h.events.length === 1, 2000, 'the listener run');
    expect(h.events[0]!.body).toMatchObject({ command: '/vigil', text: 'status' });
    expect(h.events[0]!.retryNum).toBe(2);
    expect(h.events[0]!.retryReason).toBe('http_timeout');
    // The listener is still blocked, yet the next command is acked at once.
    expect((await postSlack(base, slashCommand('/vigil', 'help'))).status).toBe(200);
  });

  it('acks a button click at once', async () => {
    await start();
    expect((await postSlack(base, buttonClick('incident_ack', '7'))).status).toBe(200);
    await eventually(() => h.events.length === 1, 2000, 'the listener run');
    expect(h.events[0]!.body).toMatchObject({ type: 'block_actions' });
  });

  it('refuses a bad signature or a stale timestamp with 401 and runs nothing', async () => {
    await start();
    expect((await postSlack(base, slashCommand('/vigil', 'status'), { signature: 'v0=00' })).status).toBe(401);
    expect(
      (await postSlack(base, slashCommand('/vigil', 'status'), { timestamp: Math.floor(Date.now() / 1000) - 600 }))
        .status,
    ).toBe(401);
    // An accepted request is queued before its ack is written, so an empty queue now means nothing will run.
    expect(h.queue.size).toBe(0);
    expect(h.events).toHaveLength(0);
    expect(h.lines.join('')).toContain('signature check');
  });

  it("hands what may need the listener's ack (a dialog submission) to Bolt's receiver, body intact", async () => {
    await start();
    const submission = {
      payload: JSON.stringify({ type: 'view_submission', view: { callback_id: 'incident_resolve_view' } }),
    };
    const res = await postSlack(base, submission);
    expect(res.body).toContain('errors');
    expect(h.passedOn).toHaveLength(1);
    expect(decodeURIComponent(h.passedOn[0]!)).toContain('view_submission');
    expect(h.events).toHaveLength(0);
  });

  it('answers a signed command vigil does not have at once with a private message (not a 404 after 3 s); a forged one gets 401', async () => {
    await start();
    const res = await postSlack(base, slashCommand('/elsewhere', 'x'));
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({
      response_type: 'ephemeral',
      text: expect.stringContaining('vigil does not know /elsewhere'),
    });
    expect((await postSlack(base, slashCommand('/elsewhere', 'x'), { signature: 'v0=00' })).status).toBe(401);
    expect(h.passedOn).toHaveLength(0);
    expect(h.queue.size).toBe(0);
  });

  it('runs commands that only read the database on the fast lane while the slow lane is held up', async () => {
    const fastQueue = createFollowUpQueue({ concurrency: 1, maxPending: 10, onError: () => {} });
    await start({ concurrency: 1, maxPending: 10 }, { fastQueue });
    await postSlack(base, slashCommand('/incident', 'new A'));
    await postSlack(base, slashCommand('/incident', 'new B'));
    await postSlack(base, slashCommand('/vigil', 'status'));
    await eventually(() => h.events.some((e) => e.body.text === 'status'), 2000, 'the status run');
    // 'new A' holds the slow lane; 'new B' waits behind it, /vigil status did not.
    expect(h.events.map((e) => e.body.text)).toEqual(['new A', 'status']);
    expect(h.queue.size).toBe(2);
    h.release();
    await Promise.all([h.queue.idle(), fastQueue.idle()]);
  });

  it('once vigil is stopping, acks new commands and clicks, runs none, and tells each user to try again', async () => {
    await start(undefined, { stopping: () => true });
    const answers: Array<Record<string, unknown>> = [];
    nock('https://hooks.slack.com')
      .persist()
      .post(/.*/)
      .reply(200, (_u, body) => {
        answers.push(body as Record<string, unknown>);
        return 'ok';
      });
    expect((await postSlack(base, slashCommand('/incident', 'new A'))).status).toBe(200);
    expect((await postSlack(base, buttonClick('incident_ack', '7'))).status).toBe(200);
    await eventually(() => answers.length === 2, 2000, 'both told');
    for (const a of answers) expect(a).toMatchObject({ response_type: 'ephemeral', text: RESTARTING_TEXT });
    expect(h.queue.size).toBe(0);
    expect(h.events).toHaveLength(0);
  });

  it('when the queue is full, still acks, tells the user privately that nothing ran, and logs it', async () => {
    await start({ concurrency: 1, maxPending: 1 });
    const answers: string[] = [];
    nock('https://hooks.slack.com')
      .persist()
      .post(/.*/)
      .reply(200, (_u, body) => {
        answers.push(JSON.stringify(body));
        return 'ok';
      });
    await postSlack(base, slashCommand('/vigil', 'one'));
    await eventually(() => h.events.length === 1, 2000, 'the first running');
    expect((await postSlack(base, slashCommand('/vigil', 'two'))).status).toBe(200);
    expect((await postSlack(base, slashCommand('/vigil', 'three'))).status).toBe(200);
    await eventually(() => answers.length === 1, 2000, 'the busy answer');
    expect(JSON.parse(answers[0]!)).toMatchObject({ response_type: 'ephemeral', text: BUSY_TEXT });
    expect(h.lines.join('')).toContain('follow-up queue full');
    h.release();
    await h.queue.idle();
    expect(h.events.map((e) => e.body.text)).toEqual(['one', 'two']);
  });

  it('posts a message given to ack after the early ack to the response_url instead of dropping it', async () => {
    await start();
    const answers: string[] = [];
    nock('https://hooks.slack.com')
      .post(/.*/)
      .reply(200, (_u, body) => {
        answers.push(JSON.stringify(body));
        return 'ok';
      });
    await postSlack(base, slashCommand('/vigil', 'status'));
    await eventually(() => h.events.length === 1, 2000, 'the listener run');
    await h.events[0]!.ack({ text: 'late words' });
    expect(answers).toEqual([JSON.stringify({ text: 'late words' })]);
  });

  it('logs a failing listener run and keeps serving', async () => {
    await start();
    h.release();
    const failing = {
      processEvent: async () => {
        throw new Error('listener blew up');
      },
    };
    // Swap in a failing app for one request by wrapping the queue's push.
    const push = h.queue.push.bind(h.queue);
    h.queue.push = () => push(() => failing.processEvent());
    expect((await postSlack(base, slashCommand('/vigil', 'status'))).status).toBe(200);
    await eventually(() => h.lines.join('').includes('listener blew up'), 2000, 'the logged failure');
    h.queue.push = push;
    expect((await postSlack(base, slashCommand('/vigil', 'help'))).status).toBe(200);
    await eventually(() => h.events.length === 1, 2000, 'the next run');
  });
});
