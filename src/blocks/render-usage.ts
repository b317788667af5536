// The ephemeral help shown for `help` and on malformed input: the error, the usage lines and examples. Pure.
import type { KnownBlock } from '@slack/types';
import {
  context,
  escapeMrkdwn,
  fallbackText,
  limitBlocks,
  section,
  SLACK_LIMITS,
  truncate,
  type SlackMessage,
} from './block-limits.ts';

/** What a command's usage message shows. */
export interface UsageSpec {
  /** With the leading slash, e.g. "/incident". */
  command: string;
  summary?: string;
  /** One line per subcommand, e.g. "/incident ack <id>". */
  usage: string[];
  examples: string[];
  /** What was wrong with the input, when this answers a malformed command. */
  error?: string;
}

// How much of what the user typed a reply repeats back: enough to recognise it, never a pasted page.
export const MAX_ECHO_CHARS = 80;
// Room for the quotes and punctuation around a word already cut by echoInput, so it is not cut twice.
const LONG_WORD = new RegExp(`\\S{${MAX_ECHO_CHARS + 9},}`, 'gu');

/** What the user typed, cut to MAX_ECHO_CHARS characters with an ellipsis, for quoting it back in a reply. */
export function echoInput(text: string): string {
  const chars = [...text];
  return chars.length <= MAX_ECHO_CHARS ? text : `${chars.slice(0, MAX_ECHO_CHARS - 1).join('')}…`;
}

/** The message (send it ephemeral): the error (if any), then the usage and examples as code. */
export function renderUsage(spec: UsageSpec): SlackMessage {
  const command = escapeMrkdwn(spec.command);
  // Errors from deeper down quote a typed word too ("xxx…" is not a duration): no word of ours is that long.
  const error = spec.error?.replace(LONG_WORD, echoInput);
  const blocks: KnownBlock[] = [];
  if (error) blocks.push(section(`:warning: ${escapeMrkdwn(error)}`));
  blocks.push(section(spec.summary ? `*${command}*: ${escapeMrkdwn(spec.summary)}` : `*${command}*`));
  if (spec.usage.length > 0) blocks.push(section(`*Usage*\n${codeBlock(spec.usage)}`));
  if (spec.examples.length > 0)
    blocks.push(
      section(
        `*Example${spec.examples.length > 1 ? 's' : ''}*\n${spec.examples.map((e) => `\`${escapeMrkdwn(e)}\``).join('\n')}`,
      ),
    );
  else blocks.push(context([`Try \`${command} help\`.`]));
  const firstUsage = spec.usage[0] ? ` Usage: ${spec.usage[0]}` : '';
  const lead = error ? error : (spec.summary ?? spec.command);
  return { text: fallbackText(escapeMrkdwn(`${lead}${firstUsage}`)), blocks: limitBlocks(blocks) };
}

// A code block is still parsed for `<`, `>` and `&`, so its lines are escaped too.
function codeBlock(lines: string[]): string {
  // Cut inside the fences so a long usage never leaves a code block open.
  return '```' + truncate(lines.map(escapeMrkdwn).join('\n'), SLACK_LIMITS.sectionText - 20) + '```';
}
