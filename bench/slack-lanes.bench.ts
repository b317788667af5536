// Lanes under a slow Slack: 500 signed commands, 20 in flight, one in ten an incident open, against a whole vigil whose
// Web API answers at once, then (a fresh vigil, same run) in 3 s per call. The figure is the p99 time from sending a
// command that only reads the database to its reply on the response_url; the slow Slack must not move it (<= 1.2x).
// BENCH_LANES_COMMANDS, BENCH_LANES_CONCURRENCY and BENCH_LANES_SLACK_MS override the defaults.
import { Agent, createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { availableParallelism, loadavg } from 'node:os';
import { slackSignature, slashCommand } from '../test/helpers/slack-http.ts';
import type { TestDatabaseKind } from '../test/helpers/test-database.ts';
import type { BenchResult } from './bench-result.ts';
import { startBenchVigil } from './start-bench-vigil.ts';

const COMMANDS = Number(process.env.BENCH_LANES_COMMANDS ?? 500);
const CONCURRENCY = Number(process.env.BENCH_LANES_CONCURRENCY ?? 20);
const SLOW_SLACK_MS = Number(process.env.BENCH_LANES_SLACK_MS ?? 3000);
const TARGET_RATIO = 1.2;
// Every tenth command opens an incident (several Web API calls); the rest only read vigil's database.
const OPEN_EVERY = 10;
const READS: Array<[string, string]> = [
  ['/vigil', 'status'],
  ['/incident', 'list'],
  ['/metrics', 'list'],
  ['/oncall', ''],
];

// Answers like Slack, `delayMs` late for every Web API method but auth.test; times each response_url post by path.
async function startFakeSlack(delayMs: number) {
  const replied = new Map<string, () => void>();
  let n = 0;
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const path = req.url ?? '/';
      if (path.startsWith('/hooks/')) {
        replied.get(path.slice('/hooks/'.length))?.();
        return void res.writeHead(200).end('ok');
      }
      const method = path.replace('/api/', '');
      const id = ++n;
      const answer =
        method === 'auth.test'
          ? { ok: true, team_id: 'T0VIGIL', user_id: 'U0VIGILBOT', bot_id: 'B0VIGIL' }
          : method === 'conversations.create'
            ? { ok: true, channel: { id: `C0LANE${id}`, name: `inc-lane-${id}` } }
            : method === 'chat.postMessage'
              ? { ok: true, channel: 'C0LANE', ts: `1700000000.${String(id).padStart(6, '0')}` }
              : { ok: true };
      const send = () => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
      if (method === 'auth.test' || delayMs === 0) send();
      else setTimeout(send, delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    apiUrl: `${base}/api/`,
    /** A response_url for `id`, and a promise of the first post to it. */
    hook: (id: string) => ({
      url: `${base}/hooks/${id}`,
      reply: new Promise<void>((resolve) => replied.set(id, resolve)),
    }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function startVigil(kind: TestDatabaseKind, apiUrl: string) {
  const vigil = await startBenchVigil(kind, apiUrl);
  return {
    url: vigil.url,
    async close() {
      // The opens still queued behind the slow Slack are not part of the figure: give them a second, then drop them.
      await vigil.slack.stop(Date.now() + 1000);
      await vigil.close();
    },
  };
}

// Sends the commands, CONCURRENCY at a time (each sender waits for its ack, and for a read's reply); returns the reads' reply times.
async function drive(
  url: string,
  fake: Awaited<ReturnType<typeof startFakeSlack>>,
  label: string,
): Promise<{ replyMs: number[]; lost: number }> {
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const replyMs: number[] = [];
  let lost = 0;
  let next = 0;
  const send = (i: number) =>
    new Promise<void>((resolve) => {
      const isOpen = i % OPEN_EVERY === 0;
      const [command, text] = isOpen ? ['/incident', `new Bench open ${label} ${i} sev=3`] : READS[i % READS.length]!;
      const hook = fake.hook(`${label}-${i}`);
      const body = new URLSearchParams(
        slashCommand(command, text, { trigger_id: `${label}.${i}.${Date.now()}`, response_url: hook.url }),
      ).toString();
      const ts = Math.floor(Date.now() / 1000);
      const began = performance.now();
      const req = request(
        url,
        {
          method: 'POST',
          agent,
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
            if (isOpen) return resolve();
            let timer: NodeJS.Timeout | undefined;
            const late = new Promise<'late'>((r) => (timer = setTimeout(() => r('late'), 30_000)));
            void Promise.race([hook.reply.then(() => 'ok' as const), late]).then((outcome) => {
              clearTimeout(timer);
              if (outcome === 'ok') replyMs.push(performance.now() - began);
              else lost++;
              resolve();
            });
          });
        },
      );
      req.on('error', () => {
        lost++;
        resolve();
      });
      req.end(body);
    });
  const sender = async () => {
    while (next < COMMANDS) await send(next++);
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, sender));
  agent.destroy();
  return { replyMs, lost };
}

function p99(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? NaN : sorted[Math.max(0, Math.ceil(0.99 * sorted.length) - 1)]!;
}

async function phase(kind: TestDatabaseKind, slackMs: number, label: string) {
  const fake = await startFakeSlack(slackMs);
  const vigil = await startVigil(kind, fake.apiUrl);
  try {
    return await drive(vigil.url, fake, label);
  } finally {
    await vigil.close();
    await fake.close();
  }
}

/** Runs the benchmark; see bench/run.ts. The "median" is the p99 reply time of the database-only commands. */
export default async function run(): Promise<BenchResult[]> {
  const kinds: TestDatabaseKind[] = process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];
  const results: BenchResult[] = [];
  for (const kind of kinds) {
    const loadAtStart = loadavg()[0]!;
    const fast = await phase(kind, 0, `${kind}-fast`);
    const slow = await phase(kind, SLOW_SLACK_MS, `${kind}-slow`);
    const [fastP99, slowP99] = [p99(fast.replyMs), p99(slow.replyMs)];
    const where = kind === 'pglite' ? 'embedded PGlite' : 'PostgreSQL';
    results.push({
      name: `slack lanes: p99 reply of database-only commands, Slack answering in ${SLOW_SLACK_MS} ms (vigil on ${where})`,
      median: slowP99,
      unit: 'ms',
      runs: slow.replyMs.length,
      baseline: { name: 'the same commands with Slack answering at once', median: fastP99 },
      ratio: slowP99 / fastP99,
      target: {
        text: `within ${TARGET_RATIO}x of the fast-Slack run, every read answered`,
        met: slowP99 <= TARGET_RATIO * fastP99 && fast.lost + slow.lost === 0,
      },
      notes:
        `${COMMANDS} signed commands, ${CONCURRENCY} senders (each waits for its ack, and for a read's reply), every ${OPEN_EVERY}th an /incident new, ` +
        `the rest /vigil status, /incident list, /metrics list, /oncall; reads answered: fast ${fast.replyMs.length}, slow ${slow.replyMs.length}, ` +
        `lost ${fast.lost + slow.lost}; fake Slack in this process; machine load average (1 min) ${loadAtStart.toFixed(1)} at start, ` +
        `${loadavg()[0]!.toFixed(1)} at end, on ${availableParallelism()} cores`,
    });
  }
  return results;
}
