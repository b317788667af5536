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

/** Identity helper that types a command module. */
export function defineCommand(module: CommandModule): CommandModule {
  return module;
}

/** Splits command text into words, keeping "quoted phrases" together. */
export function tokenize(text: string): string[] {
  const words: string[] = [];
  for (const m of text.trim().matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)) words.push(m[1] ?? m[2] ?? m[3]!);
  return words;
}

/** Pulls `key=value` words out of a token list; the rest stay positional. */
export function splitKeyValues(words: string[]): { positional: string[]; options: Record<string, string> } {
  const positional: string[] = [];
  const options: Record<string, string> = {};
  for (const w of words) {
    const m = /^([a-z_]+)=(.*)$/i.exec(w);
    if (m) options[m[1]!.toLowerCase()] = m[2]!;
    else positional.push(w);
  }
  return { positional, options };
}

/** The Slack user id in `<@U123|name>` or `<@U123>` (as Slack escapes mentions), or undefined. */
export function parseUserMention(word: string | undefined): string | undefined {
  return word ? /^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$/.exec(word)?.[1] : undefined;
}
