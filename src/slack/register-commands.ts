// Slash commands: ack at once, dedupe retried deliveries, run the handler, answer errors ephemerally.
import type { App } from '@slack/bolt';
import type { Logger } from 'pino';
import { VigilError } from '../errors.ts';
import { renderUsage } from './blocks/render-usage.ts';
import type { CommandModule } from './command-module.ts';
import { firstDelivery, type Services } from './services.ts';

/** Registers every command module on the Bolt app. */
export function registerCommands(app: App, commands: CommandModule[], services: Services, logger: Logger): void {
  for (const cmd of commands) {
    app.command(cmd.name, async ({ command, ack, respond, context }) => {
      // Nothing before the ack: Slack shows a timeout after 3 s (slack-platform.md §3).
      await ack();
      const log = logger.child({ command: cmd.name, user: command.user_id, channel: command.channel_id, retry: context.retryNum ?? 0 });
      if (!(await firstDelivery(services.pool, `command:${command.trigger_id}`))) {
        log.info('retried delivery of a command already handled; skipped');
        return;
      }
      try {
        await cmd.handle({
          text: command.text ?? '',
          userId: command.user_id,
          channelId: command.channel_id,
          teamId: command.team_id,
          triggerId: command.trigger_id,
          respond: async (reply) => {
            await respond({ response_type: 'ephemeral', ...reply } as never);
          },
          services,
          logger: log,
        });
      } catch (err) {
        log.error({ err }, 'command failed');
        const message = err instanceof VigilError ? `${err.message} ${err.hint}` : 'Something went wrong on our side; it is logged. Try again in a minute.';
        await respond({ ...renderUsage({ command: cmd.name, usage: cmd.usage, examples: cmd.examples, error: message }) } as never).catch(() => {});
      }
    });
  }
}
