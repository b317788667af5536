// `vigil demo replay` against a stand-in bot: a real HTTP server serving the local workspace's page route, whose
// /local/page/replay applies the body with applyReplayRequest to a real replay (over a recording evaluate).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { botUrl } from '../../src/cli/reach-local-bot.ts';
import { runDemoReplay } from '../../src/cli/run-demo-replay.ts';
import { metricSchema } from '../../src/metrics/metric-catalog-schema.ts';
import { createDemoReplay, type DemoReplay } from '../../src/demo/replay-demo.ts';
import { localPageRoute } from '../../src/local/local-page-routes.ts';
import { applyReplayRequest, replayState } from '../../src/demo/replay-request.ts';
import type { EvaluationRequest } from '../../src/watch/evaluation-types.ts';

// The bot's page route (no database is needed for the replay) on 127.0.0.1; `bodies` records what was posted.
async function standInBot(replay: DemoReplay, bodies: unknown[]): Promise<{ server: Server; env: NodeJS.ProcessEnv }> {
  const route = localPageRoute({
    pool: {} as never,
    delivery: {} as never,
    name: 'GNE',
    replay: () => replayState(replay),
    replayControl: (body) => {
      bodies.push(body);
      return applyReplayRequest(replay, body);
    },
  });
  const server = createServer(
    (req, res) =>
      void (async () => {
        if (!(await route(req, res)))
          res.writeHead(404, { 'content-type': 'application/json' }).end('{"ok":false,"error":"No page API"}');
      })(),
  );
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    server,
    env: { HOST: '127.0.0.1', PORT: String((server.address() as AddressInfo).port), LOG_LEVEL: 'silent' },
  };
}

const catalog = [
  metricSchema.parse({
    id: 'a',
    title: 'a',
    description: 'a',
    kind: 'ratio',
    rate_kind: 'proportion',
    grain: 'hour',
    bad: 'up',
    slices: [[]],
    min_volume: 1,
    sql: 'SELECT bucket, numerator, denominator FROM t WHERE bucket >= :from AND bucket < :to',
  }),
];

describe('vigil demo replay', () => {
  const calls: EvaluationRequest[] = [];
  const bodies: unknown[] = [];
  const replay = createDemoReplay({
    evaluate: async (r) => {
      calls.push(r);
      return { metricsJudged: 1, anomalies: 0, incidents: 0, errors: [] };
    },
    catalog,
    timezone: 'UTC',
    logger: pino({ level: 'silent' }),
    sleep: async () => {},
  });
  let server: Server;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    ({ server, env } = await standInBot(replay, bodies));
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('posts speed, from and to to the running bot and prints the replay it started', async () => {
    const lines = await runDemoReplay(env, {
      speed: 3600,
      from: new Date('2026-03-01T00:00:00Z'),
      to: new Date('2026-03-01T06:00:00Z'),
    });
    expect(bodies.at(-1)).toEqual({
      speed: 3600,
      from: '2026-03-01T00:00:00.000Z',
      to: '2026-03-01T06:00:00.000Z',
      unlessRunning: true,
    });
    expect(lines[0]).toBe(
      'Demo replay running: 2026-03-01T00:00:00.000Z to 2026-03-01T06:00:00.000Z, 6 simulated hours at 3600 simulated hours a second (at least 1 s; slower when evaluations take longer).',
    );
    expect(lines[1]).toBe(`Alerts and incidents appear on the page: http://127.0.0.1:${env.PORT}/`);
    await replay.done();
    expect(calls.map((c) => c.at.toISOString().slice(11, 13))).toEqual(['01', '02', '03', '04', '05', '06']);
  });

  it('reads a date alone in --from/--to as local midnight in VIGIL_TIMEZONE, as the other commands do', async () => {
    await runDemoReplay(
      { ...env, VIGIL_TIMEZONE: 'America/New_York' },
      { speed: 3600, from: '2026-03-01', to: '2026-03-01T08:00:00Z' },
    );
    // West of UTC: UTC midnight would start the replay on the evening of 28 Feb in New York.
    expect(bodies.at(-1)).toMatchObject({ from: '2026-03-01T05:00:00.000Z', to: '2026-03-01T08:00:00.000Z' });
    await replay.done();
  });

  it('--json prints the status; --stop stops', async () => {
    const [json] = await runDemoReplay(env, { speed: 1, json: true });
    expect(JSON.parse(json!)).toMatchObject({ running: true, speed: 1, started: true });
    expect(await runDemoReplay(env, { stop: true })).toEqual([
      'Demo replay stopped.',
      `Watch it at http://127.0.0.1:${env.PORT}/`,
    ]);
    expect(replay.status().running).toBe(false);
  });

  it("passes the bot's refusal on with its fix", async () => {
    await expect(
      runDemoReplay(env, { from: new Date('2026-03-02T00:00:00Z'), to: new Date('2026-03-01T00:00:00Z') }),
    ).rejects.toMatchObject({ code: 'vigil_replay_refused', message: expect.stringContaining('is not before to') });
  });

  it('says to run npm start first when no bot answers', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    await expect(runDemoReplay({ ...env, PORT: String(port) }, {})).rejects.toMatchObject({
      code: 'vigil_replay_no_bot',
      message: `No vigil is answering at http://127.0.0.1:${port} (connection refused).`,
      hint: expect.stringContaining('npm start'),
    });
  });

  it('says the replay belongs to the local workspace when the server has none', async () => {
    const other = createServer((_req, res) =>
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"ok":false,"error":"not found"}'),
    );
    await new Promise<void>((r) => other.listen(0, '127.0.0.1', r));
    const port = (other.address() as AddressInfo).port;
    await expect(runDemoReplay({ ...env, PORT: String(port) }, {})).rejects.toMatchObject({
      code: 'vigil_replay_unavailable',
    });
    await new Promise<void>((r) => other.close(() => r()));
  });

  it("the page's state has no replay until one was started", () => {
    expect(replayState(undefined)).toBeNull();
    expect(
      replayState(
        createDemoReplay({
          evaluate: async () => ({ metricsJudged: 0, anomalies: 0, incidents: 0, errors: [] }),
          catalog,
          timezone: 'UTC',
          logger: pino({ level: 'silent' }),
        }),
      ),
    ).toBeNull();
    expect(replayState(replay)).toMatchObject({ running: false, speed: expect.any(Number) });
  });

  it('reaches a wildcard HOST on loopback', () => {
    expect(botUrl('0.0.0.0', 3000)).toBe('http://127.0.0.1:3000');
    expect(botUrl('::1', 3000)).toBe('http://[::1]:3000');
  });
});

describe('vigil demo replay --status, and a replay already running', () => {
  // Each evaluation waits for the test to let it through, so the replay is still running when the CLI asks.
  const calls: EvaluationRequest[] = [];
  const bodies: unknown[] = [];
  const gates: Array<() => void> = [];
  let evaluating: () => void = () => {};
  let passAll = false;
  const replay = createDemoReplay({
    evaluate: async (r) => {
      calls.push(r);
      evaluating();
      if (!passAll) await new Promise<void>((resolve) => gates.push(resolve));
      return { metricsJudged: 1, anomalies: 1, incidents: 0, errors: [] };
    },
    catalog,
    timezone: 'UTC',
    logger: pino({ level: 'silent' }),
    sleep: async () => {},
  });
  let server: Server;
  let env: NodeJS.ProcessEnv;
  const from = '2026-03-01T00:00:00.000Z';
  const to = '2026-03-01T06:00:00.000Z';

  beforeAll(async () => {
    ({ server, env } = await standInBot(replay, bodies));
  });
  afterAll(async () => {
    passAll = true;
    for (const open of gates.splice(0)) open();
    await replay.stop();
    await new Promise<void>((r) => server.close(() => r()));
  });

  it('says no replay has run before one is started, and starts nothing', async () => {
    expect(await runDemoReplay(env, { status: true })).toEqual([
      'No demo replay has run since the bot started.',
      `Start one with \`vigil demo replay\`; watch it at http://127.0.0.1:${env.PORT}/`,
    ]);
    expect(await runDemoReplay(env, { status: true, json: true })).toEqual(['null']);
    expect(bodies).toEqual([]);
    expect(replay.status().running).toBe(false);
  });

  it('reports the running replay and its progress, and leaves it running when asked to start another', async () => {
    const firstHour = new Promise<void>((r) => (evaluating = r));
    await runDemoReplay(env, { speed: 3600, from: new Date(from), to: new Date(to) });
    await firstHour;
    const secondHour = new Promise<void>((r) => (evaluating = r));
    gates.shift()!();
    await secondHour;

    expect(await runDemoReplay(env, { status: true })).toEqual([
      `Demo replay running: at 2026-03-01T01:00:00.000Z, 1 of 6 simulated hours (16 %) of ${from} to ${to}, 3600 simulated hours a second.`,
      'So far: 1 evaluations, 1 anomalous slices, 0 incidents opened, 0 digests.',
      `Watch it at http://127.0.0.1:${env.PORT}/; stop it with \`vigil demo replay --stop\`.`,
    ]);
    const [json] = await runDemoReplay(env, { status: true, json: true });
    expect(JSON.parse(json!)).toEqual(
      expect.objectContaining({
        running: true,
        at: '2026-03-01T01:00:00.000Z',
        from,
        to,
        speed: 3600,
        runs: 1,
        anomalies: 1,
      }),
    );
    expect(JSON.parse(json!)).not.toHaveProperty('started');

    // `vigil demo replay` (with --json, as the issue found) while it runs: reported, not restarted with the new speed.
    const [again] = await runDemoReplay(env, { speed: 10, json: true });
    expect(JSON.parse(again!)).toMatchObject({ running: true, speed: 3600, from, to, started: false });
    const lines = await runDemoReplay(env, { speed: 10 });
    expect(lines[0]).toBe('A demo replay is already running; it was left as it is, and no other was started.');
    expect(lines[1]).toMatch(/^Demo replay running: at 2026-03-01T01:00:00\.000Z, 1 of 6 simulated hours/);
    expect(bodies).toHaveLength(3);
    expect(replay.status()).toMatchObject({ running: true, speed: 3600, runs: 1 });

    // Let the rest through: the one replay walks on from where it was and finishes.
    passAll = true;
    gates.shift()!();
    await replay.done();
    expect(calls.map((c) => c.at.toISOString().slice(11, 13))).toEqual(['01', '02', '03', '04', '05', '06']);
    expect(await runDemoReplay(env, { status: true })).toEqual([
      `No demo replay is running; the last one finished at ${to}, 6 of 6 simulated hours (100 %) of ${from} to ${to}.`,
      'It ran 6 evaluations, 6 anomalous slices, 0 incidents opened, 0 digests.',
      'Start another with `vigil demo replay`.',
    ]);
  });

  it('--status cannot be mixed with starting or stopping flags', async () => {
    const { addDemoReplayCommand } = await import('../../src/cli/demo-replay-command.ts');
    const { Command } = await import('commander');
    const program = new Command('vigil').exitOverride();
    const demo = program.command('demo').exitOverride();
    addDemoReplayCommand(demo)
      .exitOverride()
      .configureOutput({ writeErr: () => {} });
    await expect(program.parseAsync(['node', 'vigil', 'demo', 'replay', '--status', '--stop'])).rejects.toMatchObject({
      code: 'commander.conflictingOption',
    });
    await expect(
      program.parseAsync(['node', 'vigil', 'demo', 'replay', '--status', '--speed', '5']),
    ).rejects.toMatchObject({ code: 'commander.conflictingOption' });
  });
});
