// The Bolt app: Socket Mode with an app token, signature-verified HTTP on POST /slack/events, or the local workspace.
import { App, HTTPReceiver, type AuthorizeResult } from '@slack/bolt';
import { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import type { Config } from '../config/load-config.ts';
import type { RouteHandler } from '../http/create-http-server.ts';
import { VigilError } from '../errors.ts';
import { slackErrorCode } from '../incidents/incident-slack.ts';
import { ackFirstRoute } from './ack-first-route.ts';
import { boltLogger } from './bolt-logger.ts';
import type { CommandModule } from './command-module.ts';
import { createFollowUpQueue, type FollowUpQueue } from './follow-up-queue.ts';
import { registerCommands } from './register-commands.ts';
import { registerIncidentActions } from './register-incident-actions.ts';
import { recordDeliveries } from './record-deliveries.ts';
import type { Services } from './services.ts';
import { LocalReceiver } from '../local/local-receiver.ts';
import { slackClientOptions } from './slack-client-options.ts';

/** The path Slack posts commands, interactions and events to in HTTP mode. */
export const SLACK_EVENTS_PATH = '/slack/events';

/** A built Slack app; `route` is mounted on vigil's HTTP server in HTTP mode. */
export interface SlackApp {
  app: App;
  route?: RouteHandler;
  /** HTTP mode: the listeners of acked commands and clicks, waiting or running. */
  followUps?: FollowUpQueue;
  start(): Promise<void>;
  /** Stops Socket Mode; in HTTP mode waits (up to `FOLLOW_UP_DRAIN_MS`) for queued follow-ups to finish. */
  stop(): Promise<void>;
}

/** How many acked requests' listeners run at once, and how many may wait (HTTP mode). */
export interface FollowUpLimits {
  concurrency: number;
  maxPending: number;
}

// Two at once keep up with 100 commands/s and keep the event loop free for acks: at 4 the follow-ups
// clumped and pushed ack p99 to 1.0-2.2x the bare app, at 2 it is 0.9-1.1x (bench slack-ack); two
// also keep a slow incident open (several Slack calls) from holding up every other command. The
// backlog holds a minute of them.
export const DEFAULT_FOLLOW_UP_LIMITS: FollowUpLimits = { concurrency: 2, maxPending: 6000 };
const FOLLOW_UP_DRAIN_MS = 10_000;

/** The Web API client for the bot token, honouring SLACK_API_URL and the bounded retry policy. */
export function createSlackClient(config: Config, logger: Logger): WebClient {
  return new WebClient(config.slack.botToken, slackClientOptions(config.slack.apiUrl, logger));
}

/** Builds the app for the configured mode; does not connect. */
export function buildSlackApp(deps: { config: Config; logger: Logger; services: Services; commands: CommandModule[]; followUpLimits?: FollowUpLimits }): SlackApp {
  const { config, logger } = deps;
  const slack = config.slack;
  if (slack.mode === 'off' || !slack.botToken) throw new Error('buildSlackApp needs Slack credentials');
  const identityClient = new WebClient(slack.botToken, slackClientOptions(slack.apiUrl, logger));
  // Bolt authorizes every delivery before any listener can ack. With a bare `token` and token
  // verification off, Bolt 5 calls auth.test each time (measured: one call per command, bench
  // slack-ack); the bot's identity never changes, so it is looked up once and remembered.
  let identity: Promise<AuthorizeResult> | undefined;
  const authorize = () =>
    (identity ??= identityClient.auth.test().then(
      (r) => ({ botToken: slack.botToken, botId: r.bot_id, botUserId: r.user_id, teamId: r.team_id }),
      (err: unknown) => {
        identity = undefined;
        throw err;
      },
    ));
  // No conversation store: vigil keeps no per-conversation state in Bolt, and the default one builds an
  // Error (a stack trace) on every delivery to say "not found" (bench slack-ack, issue 3).
  const common = { authorize, clientOptions: slackClientOptions(slack.apiUrl, logger), logger: boltLogger(logger), convoStore: false as const };
  let app: App;
  let route: RouteHandler | undefined;
  let followUps: FollowUpQueue | undefined;
  if (slack.mode === 'socket') {
    app = new App({ ...common, socketMode: true, appToken: slack.appToken });
  } else if (slack.mode === 'local') {
    // The local workspace delivers the page's commands and clicks with processEvent (deliver-local-events.ts).
    app = new App({ ...common, receiver: new LocalReceiver() });
  } else {
    const receiver = new HTTPReceiver({
      signingSecret: slack.signingSecret!,
      endpoints: SLACK_EVENTS_PATH,
      logger: common.logger,
      // Bolt answers 404 if a listener has not acked by then; Slack gives up at 3 s.
      unhandledRequestTimeoutMillis: 3001,
    });
    app = new App({ ...common, receiver });
    const queue = createFollowUpQueue({
      ...(deps.followUpLimits ?? DEFAULT_FOLLOW_UP_LIMITS),
      onError: (err) => logger.error({ err }, 'Slack follow-up failed'),
    });
    followUps = queue;
    route = ackFirstRoute({ path: SLACK_EVENTS_PATH, app, receiver, signingSecret: slack.signingSecret!, queue, logger,
      commands: new Set(deps.commands.map((c) => c.name)) });
  }
  app.error(async (err) => {
    logger.error({ err }, 'unhandled Slack listener error');
  });
  const firstDelivery = recordDeliveries(deps.services.pool);
  registerCommands(app, deps.commands, deps.services, logger, firstDelivery);
  registerIncidentActions(app, deps.services, logger, firstDelivery);
  return {
    app,
    route,
    followUps,
    async start() {
      const auth = await authorize().catch((err: unknown) => {
        const unreachable = (err as { code?: string }).code === 'slack_webapi_request_error';
        const what = unreachable ? `Cannot reach Slack at ${slack.apiUrl}` : `Slack at ${slack.apiUrl} did not accept the bot token`;
        throw new VigilError('vigil_slack_auth_failed', `${what} (${slackErrorCode(err)}).`,
          'Check SLACK_BOT_TOKEN (xoxb-, OAuth & Permissions) and SLACK_API_URL, and that the app is installed in the workspace.', { cause: err });
      });
      logger.info({ team: auth.teamId, botUser: auth.botUserId, mode: slack.mode, apiUrl: slack.apiUrl }, 'connected to Slack');
      if (slack.mode === 'socket') await app.start();
    },
    async stop() {
      if (slack.mode === 'socket') await app.stop();
      if (!followUps) return;
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), FOLLOW_UP_DRAIN_MS)));
      const drained = await Promise.race([followUps.idle().then(() => true), late]);
      clearTimeout(timer);
      if (!drained) logger.warn({ left: followUps.size }, 'stopped with Slack follow-ups still running');
    },
  };
}
