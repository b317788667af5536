// The Bolt app: Socket Mode with an app token, or signature-verified HTTP on POST /slack/events.
import { App, HTTPReceiver, type AuthorizeResult } from '@slack/bolt';
import { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import type { Config } from '../config/load-config.ts';
import type { RouteHandler } from '../http/create-http-server.ts';
import { VigilError } from '../errors.ts';
import { slackErrorCode } from '../incidents/incident-slack.ts';
import { boltLogger } from './bolt-logger.ts';
import type { CommandModule } from './command-module.ts';
import { registerCommands } from './register-commands.ts';
import { registerIncidentActions } from './register-incident-actions.ts';
import type { Services } from './services.ts';
import { slackClientOptions } from './slack-client-options.ts';

/** The path Slack posts commands, interactions and events to in HTTP mode. */
export const SLACK_EVENTS_PATH = '/slack/events';

/** A built Slack app; `route` is mounted on vigil's HTTP server in HTTP mode. */
export interface SlackApp {
  app: App;
  route?: RouteHandler;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** The Web API client for the bot token, honouring SLACK_API_URL and the bounded retry policy. */
export function createSlackClient(config: Config, logger: Logger): WebClient {
  return new WebClient(config.slack.botToken, slackClientOptions(config.slack.apiUrl, logger));
}

/** Builds the app for the configured mode; does not connect. */
export function buildSlackApp(deps: { config: Config; logger: Logger; services: Services; commands: CommandModule[] }): SlackApp {
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
  const common = { authorize, clientOptions: slackClientOptions(slack.apiUrl, logger), logger: boltLogger(logger) };
  let app: App;
  let route: RouteHandler | undefined;
  if (slack.mode === 'socket') {
    app = new App({ ...common, socketMode: true, appToken: slack.appToken });
  } else {
    const receiver = new HTTPReceiver({
      signingSecret: slack.signingSecret!,
      endpoints: SLACK_EVENTS_PATH,
      logger: common.logger,
      // Bolt answers 404 if a listener has not acked by then; Slack gives up at 3 s.
      unhandledRequestTimeoutMillis: 3001,
    });
    app = new App({ ...common, receiver });
    route = (req, res) => {
      if (new URL(req.url ?? '/', 'http://x').pathname !== SLACK_EVENTS_PATH) return false;
      receiver.requestListener(req, res);
      return true;
    };
  }
  app.error(async (err) => {
    logger.error({ err }, 'unhandled Slack listener error');
  });
  registerCommands(app, deps.commands, deps.services, logger);
  registerIncidentActions(app, deps.services, logger);
  return {
    app,
    route,
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
    },
  };
}
