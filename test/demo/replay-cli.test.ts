// `vigil demo replay` against a stand-in bot: a real HTTP server whose /local/page/replay applies the body
// with applyReplayRequest to a real replay (over a recording evaluate), as the local page route does.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { botUrl } from '../../src/cli/reach-local-bot.ts';
import { runDemoReplay } from '../../src/cli/run-demo-replay.ts';
import { metricSchema } from '../../src/metrics/metric-catalog-schema.ts';
import { createDemoReplay } from '../../src/demo/replay-demo.ts';
import { applyReplayRequest, replayState } from '../../src/demo/replay-request.ts';
import type { EvaluationRequest } from '../../src/watch/evaluation-types.ts';

const catalog = [metricSchema.parse({
  id: 'a', title: 'a', description: 'a', kind: 'ratio', rate_kind: 'proportion', grain: 'hour', bad: 'up', slices: [[]], min_volume: 1,
  sql: 'SELECT bucket, numerator, denominator FROM t WHERE bucket >= :from AND bucket < :to',
})];

describe('vigil demo replay', () => {
  const calls: EvaluationRequest[] = [];
  const bodies: unknown[] = [];
  const replay = createDemoReplay({
    evaluate: async (r) => { calls.push(r); return { metricsJudged: 1, anomalies: 0, incidents: 0, errors: [] }; },
    catalog, timezone: 'UTC', logger: pino({ level: 'silent' }), sleep: async () => {},
  });
  let server: Server;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    server = createServer((req, res) => {
      let raw = '';
      req.on('data', (d) => (raw += d));
      req.on('end', () => {
        if (req.url !== '/local/page/replay') return void res.writeHead(404).end('{"ok":false,"error":"No page API"}');
        const body = JSON.parse(raw) as Record<string, unknown>;
        bodies.push(body);
        void applyReplayRequest(replay, body).then((reply) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(reply)));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    env = { HOST: '127.0.0.1', PORT: String((server.address() as AddressInfo).port), LOG_LEVEL: 'silent' };
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('posts speed, from and to to the running bot and prints the replay it started', async () => {
    const lines = await runDemoReplay(env, { speed: 3600, from: new Date('2026-03-01T00:00:00Z'), to: new Date('2026-03-01T06:00:00Z') });
    expect(bodies.at(-1)).toEqual({ speed: 3600, from: '2026-03-01T00:00:00.000Z', to: '2026-03-01T06:00:00.000Z' });
    expect(lines[0]).toBe('Demo replay running: 2026-03-01T00:00:00.000Z to 2026-03-01T06:00:00.000Z, 6 simulated hours at 3600 simulated hours a second (at least 1 s; slower when evaluations take longer).');
    expect(lines[1]).toBe(`Alerts and incidents appear on the page: http://127.0.0.1:${env.PORT}/`);
    await replay.done();
    expect(calls.map((c) => c.at.toISOString().slice(11, 13))).toEqual(['01', '02', '03', '04', '05', '06']);
  });

  it('--json prints the status; --stop stops', async () => {
    const [json] = await runDemoReplay(env, { speed: 1, json: true });
    expect(JSON.parse(json!)).toMatchObject({ running: true, speed: 1 });
    expect(await runDemoReplay(env, { stop: true })).toEqual(['Demo replay stopped.', `Watch it at http://127.0.0.1:${env.PORT}/`]);
    expect(replay.status().running).toBe(false);
  });

  it('passes the bot\'s refusal on with its fix', async () => {
    await expect(runDemoReplay(env, { from: new Date('2026-03-02T00:00:00Z'), to: new Date('2026-03-01T00:00:00Z') }))
      .rejects.toMatchObject({ code: 'vigil_replay_refused', message: expect.stringContaining('is not before to') });
  });

  it('says to run npm start first when no bot answers', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    await expect(runDemoReplay({ ...env, PORT: String(port) }, {})).rejects.toMatchObject({
      code: 'vigil_replay_no_bot', message: `No vigil is answering at http://127.0.0.1:${port} (connection refused).`, hint: expect.stringContaining('npm start'),
    });
  });

  it('says the replay belongs to the local workspace when the server has none', async () => {
    const other = createServer((_req, res) => res.writeHead(404, { 'content-type': 'application/json' }).end('{"ok":false,"error":"not found"}'));
    await new Promise<void>((r) => other.listen(0, '127.0.0.1', r));
    const port = (other.address() as AddressInfo).port;
    await expect(runDemoReplay({ ...env, PORT: String(port) }, {})).rejects.toMatchObject({ code: 'vigil_replay_unavailable' });
    await new Promise<void>((r) => other.close(() => r()));
  });

  it('the page\'s state has no replay until one was started', () => {
    expect(replayState(undefined)).toBeNull();
    expect(replayState(createDemoReplay({ evaluate: async () => ({ metricsJudged: 0, anomalies: 0, incidents: 0, errors: [] }), catalog, timezone: 'UTC', logger: pino({ level: 'silent' }) }))).toBeNull();
    expect(replayState(replay)).toMatchObject({ running: false, speed: expect.any(Number) });
  });

  it('reaches a wildcard HOST on loopback', () => {
    expect(botUrl('0.0.0.0', 3000)).toBe('http://127.0.0.1:3000');
    expect(botUrl('::1', 3000)).toBe('http://[::1]:3000');
  });
});
