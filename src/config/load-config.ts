// The one place configuration is read: the environment and vigil.yml, validated together.
import { resolve } from 'node:path';
import { VigilError } from '../errors.ts';
import { envSchema, type Env } from './env-schema.ts';
import { readWorkspaceFile } from './read-workspace-file.ts';
import type { Workspace } from './workspace-schema.ts';

/** How vigil talks to Slack, decided by which credentials are set; 'local' is the local workspace (none set). */
export type SlackMode = 'socket' | 'http' | 'local' | 'off';

/** The bot token of the local workspace until it runs; main.ts swaps in the workspace's access token. */
export const LOCAL_BOT_TOKEN = 'xoxb-local';

/** Everything vigil is configured with. */
export interface Config {
  databaseUrl?: string;
  warehouseUrl?: string;
  dataDir: string;
  configPath: string;
  /** Where the playbook files are; unset, the playbooks shipped with vigil. */
  playbooksDir?: string;
  configSource: string;
  /** `localOff`: why the local workspace is off though no Slack credentials are set (HOST is not loopback), with the fix. */
  slack: {
    mode: SlackMode;
    botToken?: string;
    signingSecret?: string;
    appToken?: string;
    apiUrl: string;
    localOff?: string;
  };
  /** `timeoutMs`: how long one drafting request may take before the template writes instead (VIGIL_LLM_TIMEOUT). */
  openai: { apiKey?: string; baseUrl?: string; model: string; timeoutMs: number };
  host: string;
  port: number;
  logLevel: Env['LOG_LEVEL'];
  timezone: string;
  /** The paging services vigil tells of incidents: each present only when its key is set. */
  paging: {
    pagerduty?: { routingKey: string; eventsUrl: string };
    opsgenie?: { apiKey: string; apiUrl: string };
  };
  /** How long a shutdown waits for work in progress before telling its users it was cut short (VIGIL_SHUTDOWN_GRACE). */
  shutdownGraceMs: number;
  workspace: Workspace;
}

/** Validates env and vigil.yml; throws one VigilError listing every problem and its fix. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const problems: string[] = [];
  const parsedEnv = envSchema.safeParse(env);
  if (!parsedEnv.success) {
    for (const issue of parsedEnv.error.issues) problems.push(`${issue.path.join('.')}: ${issue.message}.`);
  }
  const configPath = parsedEnv.success ? parsedEnv.data.VIGIL_CONFIG : env.VIGIL_CONFIG || './vigil.yml';
  const isDefaultPath = !env.VIGIL_CONFIG;
  const ws = readWorkspaceFile(resolve(configPath), isDefaultPath);
  if (!ws.ok) problems.push(...ws.problems);
  if (parsedEnv.success) problems.push(...slackProblems(parsedEnv.data));

  if (problems.length > 0 || !parsedEnv.success || !ws.ok) {
    throw new VigilError(
      'vigil_config_invalid',
      `The configuration has ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
      'Fix the variables (see .env.example) and vigil.yml keys listed above, then start again.',
    );
  }
  const e = parsedEnv.data;
  return {
    databaseUrl: e.DATABASE_URL,
    warehouseUrl: e.WAREHOUSE_URL,
    dataDir: resolve(e.VIGIL_DATA_DIR),
    configPath: resolve(configPath),
    ...(e.VIGIL_PLAYBOOKS_DIR ? { playbooksDir: resolve(e.VIGIL_PLAYBOOKS_DIR) } : {}),
    configSource: ws.source,
    slack: slackOf(e),
    openai: {
      apiKey: e.OPENAI_API_KEY,
      baseUrl: e.OPENAI_BASE_URL,
      model: e.VIGIL_LLM_MODEL,
      timeoutMs: e.VIGIL_LLM_TIMEOUT * 1000,
    },
    host: e.HOST,
    port: e.PORT,
    logLevel: e.LOG_LEVEL,
    timezone: e.VIGIL_TIMEZONE,
    shutdownGraceMs: e.VIGIL_SHUTDOWN_GRACE * 1000,
    paging: {
      ...(e.PAGERDUTY_ROUTING_KEY
        ? { pagerduty: { routingKey: e.PAGERDUTY_ROUTING_KEY, eventsUrl: e.PAGERDUTY_EVENTS_URL } }
        : {}),
      ...(e.OPSGENIE_API_KEY ? { opsgenie: { apiKey: e.OPSGENIE_API_KEY, apiUrl: e.OPSGENIE_API_URL } } : {}),
    },
    workspace: ws.workspace,
  };
}

// With no credentials the local workspace stands in for Slack (unless turned off, or HOST reaches other
// computers and it was not turned on); its Web API is served by vigil itself (main.ts sets the real port).
function slackOf(e: Env): Config['slack'] {
  const credentials = Boolean(e.SLACK_APP_TOKEN || e.SLACK_SIGNING_SECRET);
  const guarded = !credentials && e.VIGIL_LOCAL_WORKSPACE === 'auto' && !isLoopbackHost(e.HOST);
  const mode: SlackMode = e.SLACK_APP_TOKEN
    ? 'socket'
    : e.SLACK_SIGNING_SECRET
      ? 'http'
      : e.VIGIL_LOCAL_WORKSPACE === 'off' || guarded
        ? 'off'
        : 'local';
  if (mode === 'local') return { mode, botToken: LOCAL_BOT_TOKEN, apiUrl: `http://127.0.0.1:${e.PORT}/local/api/` };
  const localOff = guarded
    ? `the local workspace is off because HOST=${e.HOST} is reachable from other computers; set VIGIL_LOCAL_WORKSPACE=on to serve it there anyway (its access token still guards it), or HOST=127.0.0.1`
    : undefined;
  return {
    mode,
    botToken: e.SLACK_BOT_TOKEN,
    signingSecret: e.SLACK_SIGNING_SECRET,
    appToken: e.SLACK_APP_TOKEN,
    apiUrl: e.SLACK_API_URL,
    ...(localOff ? { localOff } : {}),
  };
}

/** True for a HOST only this computer reaches: 127.0.0.0/8, ::1, localhost. */
export function isLoopbackHost(host: string): boolean {
  const h = host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1');
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h) || h === '::ffff:127.0.0.1';
}

// Half-configured Slack would start a bot that can neither receive nor post; say what is missing.
function slackProblems(e: Env): string[] {
  const receiver = e.SLACK_APP_TOKEN || e.SLACK_SIGNING_SECRET;
  if (receiver && !e.SLACK_BOT_TOKEN) {
    return [
      'SLACK_BOT_TOKEN: required when SLACK_APP_TOKEN or SLACK_SIGNING_SECRET is set. Copy the xoxb- token from OAuth & Permissions.',
    ];
  }
  if (e.SLACK_BOT_TOKEN && !receiver) {
    return [
      'SLACK_APP_TOKEN or SLACK_SIGNING_SECRET: one is required with SLACK_BOT_TOKEN (app token for Socket Mode, signing secret for HTTP mode).',
    ];
  }
  return [];
}
