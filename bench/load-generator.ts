// Plays Slack in two child processes: one sends open-loop signed slash commands at a fixed rate and times the acks, the
// other fakes the Web API and response_url. Apart, so the follow-ups a target sends do not delay the clock that times it.
import { fork } from 'node:child_process';
import { Agent, createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { slackSignature, slashCommand } from '../test/helpers/slack-http.ts';

const CHILD_FLAG = '--vigil-bench-slack';
// Slack shows the user a timeout when the ack takes longer (docs.slack.dev/interactivity/implementing-slash-commands).
const SLACK_ACK_DEADLINE_MS = 3000;

/** One slice of load: where, how fast, how long, which commands (round robin), and the fake Web API's delay. */
export interface LoadPlan {
  url: string;
  /** Groups response_url posts for `settle`; with `slice` it also makes trigger ids unique. */
  label: string;
  slice: number;
  rate: number;
  seconds: number;
  commands: Array<[command: string, text: string]>;
  /** How long the fake Web API takes to answer, as slack.com would over the internet. */
  apiLatencyMs: number;
}

/** What a slice measured; latencies (ms) run from each request's scheduled send time, not its actual one. */
export interface LoadReport {
  latencies: number[];
  errorKinds: Record<string, number>;
  sent: number;
  sendSeconds: number;
  maxSendLagMs: number;
}

/** The response_url posts received for a label (failed: an error message), and every Web API call by method. */
export interface FollowUps {
  received: number;
  failed: number;
  apiCalls: Record<string, number>;
}

/** The Slack side as seen from the benchmark. */
export interface SlackSide {
  apiUrl: string;
  run(plan: LoadPlan): Promise<LoadReport>;
  /** Waits (up to 15 s without progress) until `expected` response_url posts for `label` have arrived. */
  settle(label: string, expected: number): Promise<FollowUps>;
  close(): Promise<void>;
}

/** Forks the Slack side (load driver and fakes), so its timers and sockets do not share vigil's event loop, and waits until the fakes listen. */
export async function startSlackSide(): Promise<SlackSide> {
  const runTs = fileURLToPath(new URL('../bin/run-ts.mjs', import.meta.url));
  const start = (role: 'driver' | 'fakes') => {
    const child = fork(runTs, [fileURLToPath(import.meta.url), CHILD_FLAG, role], { stdio: 'inherit' });
    const ask = <T>(msg?: unknown) =>
      new Promise<T>((resolve, reject) => {
        const died = (code: number | null) => reject(new Error(`bench Slack ${role} exited with ${code}`));
        child.once('exit', died);
        child.once('message', (m) => {
          child.off('exit', died);
          resolve(m as T);
        });
        if (msg !== undefined) child.send(msg as object);
      });
    const close = async () => {
      const gone = new Promise((resolve) => child.once('exit', resolve));
      child.send({ close: true });
      await gone;
    };
    return { ask, close };
  };
  const fakes = start('fakes');
  const driver = start('driver');
  const { port } = await fakes.ask<{ port: number }>();
  await driver.ask<unknown>({ fakePort: port });
  return {
    apiUrl: `http://127.0.0.1:${port}/api/`,
    run: async (plan) => {
      await fakes.ask<unknown>({ apiLatencyMs: plan.apiLatencyMs });
      return driver.ask<LoadReport>({ plan });
    },
    settle: (label, expected) => fakes.ask<FollowUps>({ settle: { label, expected } }),
    async close() {
      await driver.close();
      await fakes.close();
    },
  };
}

const hooks = new Map<string, { received: number; failed: number }>();
const apiCalls: Record<string, number> = {};
let apiCallCount = 0;
let fakePort = 0;
let apiLatencyMs = 0;

// Answers like Slack: ok for every Web API method, a channel for conversations.create; counts response_url posts.
function fakeSlack(req: IncomingMessage, res: ServerResponse): void {
  let body = '';
  req.on('data', (c: Buffer) => (body += c.toString()));
  req.on('end', () => {
    const path = req.url ?? '/';
    if (path.startsWith('/hooks/')) {
      const label = path.split('/')[2]!;
      const counts = hooks.get(label) ?? { received: 0, failed: 0 };
      counts.received++;
      if (body.includes(':warning:') || body.includes('Something went wrong')) counts.failed++;
      hooks.set(label, counts);
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      return;
    }
    const method = path.replace('/api/', '');
    apiCalls[method] = (apiCalls[method] ?? 0) + 1;
    const n = ++apiCallCount;
    const answer =
      method === 'conversations.create'
        ? { ok: true, channel: { id: `C0BENCH${n}`, name: 'inc-bench' } }
        : method === 'chat.postMessage'
          ? { ok: true, channel: 'C0BENCH', ts: `1700000000.${String(n).padStart(6, '0')}` }
          : method === 'auth.test'
            ? { ok: true, team: 'gne', team_id: 'T0VIGIL', user_id: 'U0VIGILBOT', bot_id: 'B0VIGIL' }
            : { ok: true };
    setTimeout(
      () => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer)),
      apiLatencyMs,
    );
  });
}

// The open loop: request i goes out at start + i/rate whatever earlier ones are doing, so overload is not hidden.
async function drive(plan: LoadPlan): Promise<LoadReport> {
  const agent = new Agent({ keepAlive: true });
  const interval = 1000 / plan.rate;
  const total = Math.round(plan.seconds * plan.rate);
  const latencies: number[] = [];
  const errorKinds: Record<string, number> = {};
  const fail = (kind: string) => {
    errorKinds[kind] = (errorKinds[kind] ?? 0) + 1;
  };
  let maxSendLagMs = 0;
  const fire = (i: number, due: number) =>
    new Promise<void>((resolve) => {
      maxSendLagMs = Math.max(maxSendLagMs, performance.now() - due);
      const [command, text] = plan.commands[i % plan.commands.length]!;
      const id = `${plan.slice}-${i}`;
      const body = new URLSearchParams(
        slashCommand(command, text, {
          trigger_id: `${plan.label}.${id}.${Date.now()}`,
          response_url: `http://127.0.0.1:${fakePort}/hooks/${plan.label}/${id}`,
        }),
      ).toString();
      const ts = Math.floor(Date.now() / 1000);
      const req = request(
        plan.url,
        {
          method: 'POST',
          agent,
          timeout: 10_000,
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            'content-length': Buffer.byteLength(body),
            'x-slack-request-timestamp': String(ts),
            'x-slack-signature': slackSignature(body, ts),
          },
        },
        (res) => {
          res.resume();
          res.on('end', () => {
            const ms = performance.now() - due;
            latencies.push(ms);
            if (res.statusCode !== 200) fail(`http_${res.statusCode}`);
            else if (ms > SLACK_ACK_DEADLINE_MS) fail('slower_than_3s');
            resolve();
          });
        },
      );
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', (err: NodeJS.ErrnoException) => {
        fail(err.code ?? err.message);
        resolve();
      });
      req.end(body);
    });
  const pending: Array<Promise<void>> = [];
  const start = performance.now() + 5;
  for (let i = 0; i < total;) {
    while (i < total && start + i * interval <= performance.now()) pending.push(fire(i, start + i++ * interval));
    if (i < total) await new Promise((r) => setTimeout(r, Math.max(0, start + i * interval - performance.now())));
  }
  const sendSeconds = (performance.now() - start + interval) / 1000;
  await Promise.all(pending);
  agent.destroy();
  return { latencies, errorKinds, sent: total, sendSeconds, maxSendLagMs };
}

async function settle(label: string, expected: number): Promise<FollowUps> {
  const counts = () => hooks.get(label) ?? { received: 0, failed: 0 };
  for (let last = -1, idle = 0; counts().received < expected && idle < 15_000; idle += 250) {
    if (counts().received !== last) idle = 0;
    last = counts().received;
    await new Promise((r) => setTimeout(r, 250));
  }
  return { ...counts(), apiCalls: { ...apiCalls } };
}

if (process.argv.includes(CHILD_FLAG) && process.send && process.argv.at(-1) === 'fakes') {
  const server = createServer(fakeSlack).listen(0, '127.0.0.1', () => {
    process.send!({ port: (server.address() as AddressInfo).port });
  });
  process.on(
    'message',
    (msg: { apiLatencyMs?: number; settle?: { label: string; expected: number }; close?: true }) => {
      if (msg.apiLatencyMs !== undefined) {
        apiLatencyMs = msg.apiLatencyMs;
        process.send!({ ok: true });
      } else if (msg.settle) void settle(msg.settle.label, msg.settle.expected).then((r) => process.send!(r));
      else {
        server.closeAllConnections();
        server.close(() => process.disconnect());
      }
    },
  );
} else if (process.argv.includes(CHILD_FLAG) && process.send) {
  process.on('message', (msg: { fakePort?: number; plan?: LoadPlan; close?: true }) => {
    if (msg.fakePort !== undefined) {
      fakePort = msg.fakePort;
      process.send!({ ok: true });
    } else if (msg.plan) void drive(msg.plan).then((r) => process.send!(r));
    else process.disconnect();
  });
}
