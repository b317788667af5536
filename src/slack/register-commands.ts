// Slash commands: ack at once, dedupe retried deliveries, run the handler, answer errors ephemerally.
import type { App } from '@slack/bolt';
import type { Logger } from 'pino';
import { databaseUnavailableText, isDatabaseUnavailable } from '../db/database-unavailable.ts';
import { VigilError } from '../errors.ts';
import { renderUsage } from '../blocks/render-usage.ts';
import type { CommandModule, Reply } from './command-module.ts';
import { postResponseUrl } from './post-response-url.ts';
import { ackedRequestIn } from './slack-shutdown.ts';
import type { FirstDelivery } from './record-deliveries.ts';
import type { Services } from './services.ts';

/** Registers every command module on the Bolt app. */
export function registerCommands(
  app: App,
  commands: CommandModule[],
  services: Services,
  logger: Logger,
  firstDelivery: FirstDelivery,
): void {
  for (const cmd of commands) {
    app.command(cmd.name, async ({ command, ack, context }) => {
      // Nothing before the ack: Slack shows a timeout after 3 s (docs.slack.dev/interactivity/implementing-slash-commands). In HTTP mode the
      // route has acked already and this resolves at once.
      await ack();
      // Built on first use: most commands log nothing, and a child logger per command costs CPU at 100/s.
      let log: Logger | undefined;
      const logFor = () =>
        (log ??= logger.child({
          command: cmd.name,
          user: command.user_id,
          channel: command.channel_id,
          retry: context.retryNum ?? 0,
        }));
      const respond = (reply: Reply | object) => postResponseUrl(command.response_url, reply);
      try {
        // Inside the try: the de-duplication is the first database call, and an outage must still get its reply.
        if (!(await firstDelivery(`command:${command.trigger_id}`))) {
          logFor().info('retried delivery of a command already handled; skipped');
          return;
        }
        await cmd.handle({
          text: command.text ?? '',
          userId: command.user_id,
          channelId: command.channel_id,
          teamId: command.team_id,
          triggerId: command.trigger_id,
          respond: async (reply) => {
            await respond({ response_type: 'ephemeral', ...reply });
          },
          services,
          get logger() {
            return logFor();
          },
        });
      } catch (err) {
        if (ackedRequestIn(context)?.abandoned) {
          logFor().info({ err: String(err) }, 'a command given up at shutdown ended; its user was told already');
          return;
        }
        if (isDatabaseUnavailable(err)) {
          logFor().warn({ err }, 'command failed: the database is not answering');
          await respond({ response_type: 'ephemeral', text: databaseUnavailableText() }).catch((postErr: unknown) => {
            logFor().warn({ err: postErr }, 'could not tell the user the database is not answering');
          });
          return;
        }
        logFor().error({ err }, 'command failed');
        const message =
          err instanceof VigilError
            ? `${err.message} ${err.hint}`
            : 'Something went wrong on our side; it is logged. Try again in a minute.';
        await respond(
          renderUsage({ command: cmd.name, usage: cmd.usage, examples: cmd.examples, error: message }),
        ).catch((postErr: unknown) => {
          logFor().warn({ err: postErr }, 'could not tell the user the command failed');
        });
      }
    });
  }
}
