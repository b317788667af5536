// `vigil demo replay`: asks the running bot (it owns the embedded database) to replay the demo's last
// days through POST /local/page/replay, the endpoint the local workspace page's replay control uses;
// `--status` reads GET /local/page/replay. A replay already running is reported, never restarted.
import { loadConfig } from '../config/load-config.ts';
import type { ReplayStatus } from '../demo/replay-demo.ts';
import { VigilError } from '../errors.ts';
import { describeReplayStatus } from './describe-replay-status.ts';
import { optionInstant } from './option-instant.ts';
import { botUrl, fetchLocalBot, noAnswerReason } from './reach-local-bot.ts';

/** Flags of `vigil demo replay`. */
export interface DemoReplayFlags {
  speed?: number;
  /** A date alone is local midnight in the team's zone. */
  from?: string | Date;
  to?: string | Date;
  stop?: boolean;
  status?: boolean;
  json?: boolean;
}

/** What /local/page/replay answers: the page API's { ok, error? }, with the replay's status when ok. */
interface ReplayReply {
  ok: boolean;
  error?: string;
  replay?: ReplayStatus | null;
  /** false: a replay was running, and the request left it be. */
  started?: boolean;
}

const TIMEOUT_MS = 10_000;

/** Starts (or with `stop` stops, with `status` only reads) the replay in the running bot; returns the lines to print. */
export async function runDemoReplay(env: NodeJS.ProcessEnv, flags: DemoReplayFlags): Promise<string[]> {
  const config = loadConfig(env);
  const base = botUrl(config.host, config.port);
  const from = optionInstant('--from', flags.from, config.timezone);
  const to = optionInstant('--to', flags.to, config.timezone);
  // A running replay is reported instead of replaced (stop it first to start another).
  const body = flags.stop
    ? { stop: true }
    : { speed: flags.speed, from: from?.toISOString(), to: to?.toISOString(), unlessRunning: true };
  let res: Response;
  try {
    res = await fetchLocalBot(
      config,
      '/local/page/replay',
      flags.status
        ? { method: 'GET', timeoutMs: TIMEOUT_MS }
        : {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(body),
            timeoutMs: TIMEOUT_MS,
          },
    );
  } catch (err) {
    throw new VigilError(
      'vigil_replay_no_bot',
      `No vigil is answering at ${base} (${noAnswerReason(err, TIMEOUT_MS)}).`,
      'The replay runs inside the bot, which owns the database: run `npm start` (or `vigil start`) first, with the same HOST and PORT, then run this again.',
      { cause: err },
    );
  }
  if (res.status === 401) {
    throw new VigilError(
      'vigil_replay_not_authed',
      `The vigil at ${base} refused the access token kept in ${config.dataDir}.`,
      'Run this with the VIGIL_DATA_DIR of the running bot (its local-token file is the key to the local workspace).',
    );
  }
  const reply = (await res.json().catch(() => null)) as ReplayReply | null;
  if (res.status === 404 || reply === null || /No page (action|API)/.test(reply.error ?? '')) {
    throw new VigilError(
      'vigil_replay_unavailable',
      `The server at ${base} has no demo replay (HTTP ${res.status}).`,
      'The replay is part of the local workspace: start vigil without Slack credentials (SLACK_BOT_TOKEN unset), then run this again.',
    );
  }
  if (!reply.ok) {
    throw new VigilError(
      'vigil_replay_refused',
      reply.error ?? `The bot refused the replay (HTTP ${res.status}).`,
      flags.status || flags.stop
        ? 'Run this again in a moment, once the bot is ready.'
        : 'Check --speed, --from and --to (`vigil demo replay --help`).',
    );
  }
  const status = reply.replay ?? null;
  if (flags.json)
    return [JSON.stringify(status && reply.started !== undefined ? { ...status, started: reply.started } : status)];
  if (flags.status) return describeReplayStatus(status, base);
  if (reply.started === false)
    return [
      'A demo replay is already running; it was left as it is, and no other was started.',
      ...describeReplayStatus(status, base),
    ];
  return summarize(status, base, Boolean(flags.stop));
}

function summarize(status: ReplayStatus | null, base: string, stopped: boolean): string[] {
  if (stopped || !status) return [stopped ? 'Demo replay stopped.' : 'Demo replay accepted.', `Watch it at ${base}/`];
  const hours =
    status.from && status.to ? Math.round((Date.parse(status.to) - Date.parse(status.from)) / 3_600_000) : 0;
  return [
    `Demo replay ${status.running ? 'running' : 'finished'}: ${status.from} to ${status.to}, ${hours} simulated hours at ${status.speed} simulated hours a second` +
      ` (at least ${Math.ceil(hours / Math.max(1, status.speed))} s; slower when evaluations take longer).`,
    `Alerts and incidents appear on the page: ${base}/`,
    'Stop it with `vigil demo replay --stop`.',
  ];
}
