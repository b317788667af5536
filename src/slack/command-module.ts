// What a slash command module in commands/ exports: its manifest entry, usage, and a thin handler.
import type { Logger } from 'pino';
import type { Services } from './services.ts';

/** A message sent back to the user (ephemeral unless `in_channel`). */
export interface Reply {
  text: string;
  blocks?: unknown[];
  response_type?: 'ephemeral' | 'in_channel';
  replace_original?: boolean;
}

/** Everything a handler gets: the parsed invocation, a way to answer, and the services. */
export interface CommandContext {
  /** The text after the command, e.g. "ack 12". */
  text: string;
  userId: string;
  channelId: string;
  teamId: string;
  /** Slack's id for this invocation; a retried delivery carries the same one. */
  triggerId: string;
  respond(reply: Reply): Promise<void>;
  services: Services;
  logger: Logger;
}

/** A slash command: what manifest.yml declares, plus the handler. */
export interface CommandModule {
  /** With the leading slash, e.g. "/incident" (Slack: at most 32 characters). */
  name: string;
  description: string;
  usageHint: string;
  /** One line per subcommand, shown by `help` and on malformed input. */
  usage: string[];
  examples: string[];
  handle(ctx: CommandContext): Promise<void>;
}

/** Sends a cosmetic reply (an "Opening…" before the work): a failure is logged and never stops the work it announces. */
export async function respondMeanwhile(ctx: Pick<CommandContext, 'respond' | 'logger'>, reply: Reply): Promise<void> {
  await ctx
    .respond(reply)
    .catch((err: unknown) => ctx.logger.warn({ err }, 'an interim reply failed; carrying on with the work'));
}

/** Identity helper that types a command module. */
export function defineCommand(module: CommandModule): CommandModule {
  return module;
}
