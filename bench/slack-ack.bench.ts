// Slack's 3-second ack over HTTP: signed slash commands at a fixed rate (open loop) against a whole vigil and, in the
// same process and run, a bare Bolt app that only acks, in alternating 5 s slices; p50/p99 ack latency and errors.
// BENCH_SLACK_RATE, BENCH_SLACK_SECONDS and BENCH_SLACK_API_MS (the fake Web API's delay) override the defaults.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { availableParallelism, loadavg } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { App, HTTPReceiver, LogLevel } from '@slack/bolt';
import { SIGNING_SECRET } from '../test/helpers/slack-http.ts';
import type { TestDatabaseKind } from '../test/helpers/test-database.ts';
import type { BenchResult } from './bench-result.ts';
import { startSlackSide, type FollowUps, type LoadPlan, type SlackSide } from './load-generator.ts';
import { startBenchVigil } from './start-bench-vigil.ts';

const RATE = Number(process.env.BENCH_SLACK_RATE ?? 100);
const SECONDS = Number(process.env.BENCH_SLACK_SECONDS ?? 30);
const WARMUP_SECONDS = 2;
const API_LATENCY_MS = Number(process.env.BENCH_SLACK_API_MS ?? 0);
const P99_SLACK = 1.2;
const SLICE_SECONDS = 5;

interface Target {
  /** URL-safe: it names the target's trigger ids and response_url paths. */
  label: string;
  where: string;
  url: string;
  commands: LoadPlan['commands'];
  close(): Promise<void>;
}

/** All a target's measured slices, plus this process's event-loop delay and CPU while it was driven. */
interface Tally {
  latencies: number[];
  errorKinds: Record<string, number>;
  sent: number;
  sendSeconds: number;
  maxSendLagMs: number;
  requests: number;
  /** Event-loop delay (ms) of each measured slice: p99, and the worst. */
  loopP99s: number[];
  loopMax: number;
  cpuMicros: number;
}

// Nearest-rank percentile.
function percentile(sorted: number[], p: number): number {
  return sorted.length === 0 ? NaN : sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)]!;
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
}

// The floor: Bolt's HTTPReceiver verifying the signature and a listener that only acks.
async function startBare(apiUrl: string): Promise<Target> {
  const receiver = new HTTPReceiver({
    signingSecret: SIGNING_SECRET,
    endpoints: '/slack/events',
    logLevel: LogLevel.ERROR,
  });
  const app = new App({
    token: 'xoxb-bare',
    receiver,
    logLevel: LogLevel.ERROR,
    clientOptions: { slackApiUrl: apiUrl },
  });
  app.command(/.*/, async ({ ack }) => {
    await ack();
  });
  const server = createServer(receiver.requestListener);
  const url = await listen(server);
  const close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return { label: 'bare', where: 'bare Bolt', url, close, commands: [['/incident', 'list']] };
}

// A whole vigil on the fake Slack, with one incident to look at.
async function startVigil(kind: TestDatabaseKind, apiUrl: string): Promise<Target> {
  const vigil = await startBenchVigil(kind, apiUrl);
  const { incident } = await vigil.services.incidents.open({
    dedupKey: 'bench:slack-ack',
    title: 'Refund spike in Jakarta',
    severity: 2,
    metricId: 'refund_rate',
    slice: { city: 'jakarta' },
    openedBy: 'U0OPENER',
    teamId: 'T0VIGIL',
  });
  return {
    label: `vigil-${kind}`,
    where: kind === 'pglite' ? 'embedded PGlite' : 'PostgreSQL',
    url: vigil.url,
    commands: [
      ['/incident', 'list'],
      ['/vigil', 'status'],
      ['/incident', `status ${incident.id}`],
    ],
    close: () => vigil.close(),
  };
}

// One slice of load on one target; warm-up slices (measured = false) count only towards the follow-ups expected.
async function drive(
  side: SlackSide,
  t: Target,
  tally: Tally,
  slice: number,
  seconds: number,
  measured: boolean,
): Promise<void> {
  // A fresh monitor per slice: re-enabling one would record the pause between slices as a delay.
  const loop = monitorEventLoopDelay({ resolution: 1 });
  const cpu = process.cpuUsage();
  loop.enable();
  const r = await side.run({
    url: t.url,
    label: t.label,
    slice,
    rate: RATE,
    seconds,
    commands: t.commands,
    apiLatencyMs: API_LATENCY_MS,
  });
  loop.disable();
  tally.requests += r.sent;
  if (!measured) return;
  const used = process.cpuUsage(cpu);
  tally.loopP99s.push(loop.percentile(99) / 1e6);
  tally.loopMax = Math.max(tally.loopMax, loop.max / 1e6);
  tally.cpuMicros += used.user + used.system;
  tally.latencies.push(...r.latencies);
  for (const [k, n] of Object.entries(r.errorKinds)) tally.errorKinds[k] = (tally.errorKinds[k] ?? 0) + n;
  tally.sent += r.sent;
  tally.sendSeconds += r.sendSeconds;
  tally.maxSendLagMs = Math.max(tally.maxSendLagMs, r.maxSendLagMs);
}

interface Figures {
  p50: number;
  p99: number;
  errors: number;
  text: string;
}

function figures(t: Tally): Figures {
  const sorted = [...t.latencies].sort((a, b) => a - b);
  const p50 = percentile(sorted, 0.5);
  const p99 = percentile(sorted, 0.99);
  const errors = Object.values(t.errorKinds).reduce((a, b) => a + b, 0);
  const kinds = Object.entries(t.errorKinds)
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');
  const text =
    `${t.sent} sent at ${(t.sent / t.sendSeconds).toFixed(1)}/s (max send lag ${t.maxSendLagMs.toFixed(1)} ms), p50 ${p50.toFixed(2)} ms, ` +
    `p99 ${p99.toFixed(2)} ms, max ${sorted.at(-1)?.toFixed(1)} ms, errors ${errors}${kinds ? ` (${kinds})` : ''}; ` +
    `this process: event-loop delay p99 ${Math.min(...t.loopP99s).toFixed(1)}-${Math.max(...t.loopP99s).toFixed(1)} ms by slice, max ${t.loopMax.toFixed(1)} ms, ` +
    `CPU ${(t.cpuMicros / 1000 / t.sent).toFixed(2)} ms/request`;
  return { p50, p99, errors, text };
}

function report(where: string, vigil: Tally, bare: Tally, f: FollowUps, slices: number, load: string): BenchResult[] {
  const v = figures(vigil);
  const b = figures(bare);
  const name = `slack ack (vigil on ${where}, ${RATE}/s for ${SECONDS} s)`;
  const baseline = 'bare Bolt app that only acks';
  const calls = Object.entries(f.apiCalls)
    .map(([m, n]) => `${m} ${n}`)
    .join(', ');
  const notes =
    `vigil: ${v.text}; follow-ups: ${f.received}/${vigil.requests} response_url posts (warm-up included), ${f.failed} of them ` +
    `errors; Web API calls so far (fake answers in ${API_LATENCY_MS} ms): ${calls} | bare: ${b.text} | commands in rotation: ` +
    `/incident list, /vigil status, /incident status <id>; ${WARMUP_SECONDS} s warm-up per target discarded, then ${slices} alternating ` +
    `slices per target; latency from each request's scheduled send time; machine load average (1 min) ${load}`;
  const runs = vigil.latencies.length;
  return [
    {
      name: `${name} p50`,
      median: v.p50,
      unit: 'ms',
      runs,
      baseline: { name: `${baseline}, p50`, median: b.p50 },
      ratio: v.p50 / b.p50,
    },
    {
      name: `${name} p99`,
      median: v.p99,
      unit: 'ms',
      runs,
      baseline: { name: `${baseline}, p99`, median: b.p99 },
      ratio: v.p99 / b.p99,
      target: {
        text: `p99 within ${Math.round((P99_SLACK - 1) * 100)}% of the bare app (<= ${(P99_SLACK * b.p99).toFixed(2)} ms)`,
        met: v.p99 <= P99_SLACK * b.p99,
      },
      notes,
    },
    {
      name: `${name} errors`,
      median: v.errors,
      unit: 'errors',
      runs,
      baseline: { name: `${baseline}, errors`, median: b.errors },
      target: {
        text: '0 errors (non-200, network, over 3 s) and every command answered',
        met: v.errors === 0 && f.received === vigil.requests && f.failed === 0,
      },
    },
  ];
}

/** Runs the benchmark; see bench/run.ts. The "median" of the p99 row is the p99. */
export default async function run(): Promise<BenchResult[]> {
  // A p99 of a few milliseconds is only comparable between runs on a machine that is not oversubscribed: say how busy it was.
  const loadAtStart = loadavg()[0]!;
  const side = await startSlackSide();
  const targets: Target[] = [];
  try {
    targets.push(await startBare(side.apiUrl));
    targets.push(await startVigil('pglite', side.apiUrl));
    if (process.env.TEST_DATABASE_URL) targets.push(await startVigil('postgres', side.apiUrl));
    const tallies = targets.map((): Tally => ({
      latencies: [],
      errorKinds: {},
      sent: 0,
      sendSeconds: 0,
      maxSendLagMs: 0,
      requests: 0,
      loopP99s: [],
      loopMax: 0,
      cpuMicros: 0,
    }));
    for (const [k, t] of targets.entries()) await drive(side, t, tallies[k]!, 0, WARMUP_SECONDS, false);
    // Alternating slices, in an order that rotates, so drift in a shared machine's load hits every target alike.
    const slices = Math.max(1, Math.round(SECONDS / SLICE_SECONDS));
    for (let s = 1; s <= slices; s++) {
      for (let j = 0; j < targets.length; j++) {
        const k = (j + s) % targets.length;
        await drive(side, targets[k]!, tallies[k]!, s, SECONDS / slices, true);
      }
    }
    const load = `${loadAtStart.toFixed(1)} at start, ${loadavg()[0]!.toFixed(1)} at end, on ${availableParallelism()} cores`;
    const results: BenchResult[] = [];
    for (let k = 1; k < targets.length; k++) {
      const followUps = await side.settle(targets[k]!.label, tallies[k]!.requests);
      results.push(...report(targets[k]!.where, tallies[k]!, tallies[0]!, followUps, slices, load));
    }
    return results;
  } finally {
    for (const t of targets) await t.close();
    await side.close();
  }
}
