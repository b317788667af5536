// The Bolt app: Socket Mode with an app token, signature-verified HTTP on POST /slack/events, or the local workspace.
import { App, HTTPReceiver, type AuthorizeResult } from '@slack/bolt';
import { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import type { Config } from '../config/load-config.ts';
import type { RouteHandler } from '../http/create-http-server.ts';
import { VigilError } from '../errors.ts';
import { slackErrorCode } from '../incidents/incident-slack.ts';
import { redactUrls } from '../logging/redact-urls.ts';
import { ackFirstRoute } from './ack-first-route.ts';
import { answerDatabaseOutage } from './answer-database-outage.ts';
import type { AckedRequest } from './acked-request.ts';
import { boltLogger } from './bolt-logger.ts';
import type { CommandModule } from './command-module.ts';
import { createFollowUpQueue, type FollowUpQueue } from './follow-up-queue.ts';
import { registerCommands } from './register-commands.ts';
import { registerIncidentActions } from './register-incident-actions.ts';
import { registerTimelineEvents } from './register-timeline-events.ts';
import { registerDeclareIncident } from './register-declare-incident.ts';
import { registerTimelineShortcut } from './register-timeline-shortcut.ts';
import { registerAppHome } from './register-app-home.ts';
import type { AppHome } from './publish-app-home.ts';
import type { Services } from './services.ts';
import { LocalReceiver } from '../local/local-receiver.ts';
import { slackClientOptions } from './slack-client-options.ts';
import { slackShutdown } from './slack-shutdown.ts';

/** The path Slack posts commands, interactions and events to in HTTP mode. */
export const SLACK_EVENTS_PATH = '/slack/events';

/** A built Slack app; `route` is mounted on vigil's HTTP server in HTTP mode. */
export interface SlackApp {
  app: App;
  route?: RouteHandler;
  /** HTTP mode: the listeners of acked commands and clicks, waiting or running, in both lanes. */
  followUps?: Pick<FollowUpQueue, 'size' | 'idle'>;
  start(): Promise<void>;
  /** Stops taking new commands and clicks: those arriving now are told vigil is restarting. */
  beginStop(): void;
  /**
   * Finishes the commands and clicks already taken until `deadline` (epoch ms; default 25 s from now), tells the users
   * of any left unfinished, then disconnects Socket Mode.
   */
  stop(deadline?: number): Promise<void>;
}

/** How many acked requests' listeners run at once, and how many may wait, in each lane (HTTP mode). */
export interface FollowUpLimits {
  concurrency: number;
  maxPending: number;
}

// Two at once keep up with 100 commands/s and keep the event loop free for acks: at 4 the follow-ups
// clumped and pushed ack p99 to 1.0-2.2x the bare app, at 2 it is 0.9-1.1x (bench slack-ack); two
// also keep a slow incident open (several Slack calls) from holding up every other command; commands that only
// read the database have a lane of their own (chooseLane, bench slack-lanes). The backlog holds a minute of them.
export const DEFAULT_FOLLOW_UP_LIMITS: FollowUpLimits = { concurrency: 2, maxPending: 6000 };
/** How long a stop waits for work in progress when not given a deadline (VIGIL_SHUTDOWN_GRACE's default). */
export const DEFAULT_SHUTDOWN_GRACE_MS = 25_000;

/** The Web API client for the bot token, honouring SLACK_API_URL and the bounded retry policy. */
export function createSlackClient(config: Config, logger: Logger): WebClient {
  return new WebClient(config.slack.botToken, slackClientOptions(config.slack.apiUrl, logger));
}

/** Builds the app for the configured mode; does not connect. */
export function buildSlackApp(deps: {
  config: Config;
  logger: Logger;
  services: Services;
  commands: CommandModule[];
  followUpLimits?: FollowUpLimits;
  /** The App Home publisher; without it the Home tab is not drawn. */
  home?: AppHome;
}): SlackApp {
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
  const common = {
    authorize,
    clientOptions: slackClientOptions(slack.apiUrl, logger),
    logger: boltLogger(logger),
    convoStore: false as const,
  };
  let app: App;
  let route: RouteHandler | undefined;
  const lanes: Array<FollowUpQueue<AckedRequest>> = [];
  const shutdown = slackShutdown(lanes, logger);
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
    const lane = () =>
      createFollowUpQueue<AckedRequest>({
        ...(deps.followUpLimits ?? DEFAULT_FOLLOW_UP_LIMITS),
        // Work cut short at the shutdown deadline fails once the database closes under it; its user was told.
        onError: (err) =>
          shutdown.abandoned()
            ? logger.info({ err: String(err) }, 'Slack follow-up abandoned at shutdown ended')
            : logger.error({ err }, 'Slack follow-up failed'),
      });
    const [queue, fastQueue] = [lane(), lane()];
    lanes.push(queue, fastQueue);
    route = ackFirstRoute({
      path: SLACK_EVENTS_PATH,
      app,
      receiver,
      signingSecret: slack.signingSecret!,
      queue,
      fastQueue,
      logger,
      commands: new Set(deps.commands.map((c) => c.name)),
      stopping: shutdown.stopping,
    });
  }
  app.use(shutdown.middleware);
  app.use(answerDatabaseOutage(logger));
  app.error(async (err) => {
    logger.error({ err }, 'unhandled Slack listener error');
  });
  const { firstDelivery } = deps.services;
  registerCommands(app, deps.commands, deps.services, logger, firstDelivery);
  registerIncidentActions(app, deps.services, logger, firstDelivery);
  registerTimelineEvents(app, deps.services, logger);
  registerDeclareIncident(app, deps.services, logger);
  registerTimelineShortcut(app, deps.services, logger);
  if (deps.home) registerAppHome(app, deps.services, deps.home, logger);
  return {
    app,
    route,
    ...(lanes.length > 0
      ? {
          followUps: {
            get size() {
              return lanes.reduce((n, l) => n + l.size, 0);
            },
            idle: async () => {
              // A job in one lane can queue another (a click after a command); idle when both are empty at once.
              while (lanes.some((l) => l.size > 0)) await Promise.all(lanes.map((l) => l.idle()));
            },
          },
        }
      : {}),
    async start() {
      const auth = await authorize().catch((err: unknown) => {
        const unreachable = (err as { code?: string }).code === 'slack_webapi_request_error';
        const what = unreachable
          ? `Cannot reach Slack at ${slack.apiUrl}`
          : `Slack at ${slack.apiUrl} did not accept the bot token`;
        // fetch's own message repeats the URL, credentials and all.
        throw new VigilError(
          'vigil_slack_auth_failed',
          redactUrls(`${what} (${slackErrorCode(err)}).`),
          'Check SLACK_BOT_TOKEN (xoxb-, OAuth & Permissions) and SLACK_API_URL, and that the app is installed in the workspace.',
          { cause: err },
        );
      });
      logger.info(
        { team: auth.teamId, botUser: auth.botUserId, mode: slack.mode, apiUrl: redactUrls(slack.apiUrl) },
        'connected to Slack',
      );
      if (slack.mode === 'socket') await app.start();
    },
    beginStop: shutdown.begin,
    async stop(deadline = Date.now() + DEFAULT_SHUTDOWN_GRACE_MS) {
      await shutdown.drain(deadline);
      if (slack.mode === 'socket') await app.stop();
    },
  };
}
