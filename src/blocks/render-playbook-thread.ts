// A run's results as thread replies: step blocks packed into as few messages as Slack allows, charts
// between them in step order. Also the whole run as one message, for the ephemeral fallback. Pure.
import type { KnownBlock } from '@slack/types';
import type { PlaybookRunResult, StepOutcome } from '../playbooks/run-types.ts';
import { context, escapeMrkdwn, fallbackText, limitBlocks, SLACK_LIMITS, type SlackMessage } from './block-limits.ts';
import { renderStepBlocks } from './render-playbook-step.ts';

/**
 * Characters of block text per message. Slack documents 50 blocks, but rejects a message with
 * `msg_blocks_too_long` at about 13k characters across its blocks (slackapi/bolt-js#2509,
 * docs.slack.dev/reference/block-kit/blocks); the margin covers JSON escapes.
 */
export const MESSAGE_BLOCK_CHARS = 11_000;

/** One thing to post in the thread: a message, or a chart PNG to upload. */
export type ThreadPost =
  | { kind: 'message'; message: SlackMessage }
  | { kind: 'chart'; stepId: string; png: Buffer; title: string; altText: string; filename: string };

/** The thread for a run: step messages and chart uploads in step order. */
export function planThread(result: PlaybookRunResult, timezone: string): ThreadPost[] {
  const posts: ThreadPost[] = [];
  let pending: KnownBlock[] = [];
  let chars = 0;
  const flush = () => {
    if (pending.length === 0) return;
    posts.push({
      kind: 'message',
      message: { text: fallbackText(escapeMrkdwn(`${result.title}: results`)), blocks: pending },
    });
    pending = [];
    chars = 0;
  };
  result.steps.forEach((step, i) => {
    const blocks = renderStepBlocks(step, { index: i + 1, total: result.steps.length, timezone });
    const size = blockChars(blocks);
    if (pending.length + blocks.length > SLACK_LIMITS.blocksPerMessage || chars + size > MESSAGE_BLOCK_CHARS) flush();
    pending.push(...blocks);
    chars += size;
    if (step.png) {
      flush();
      posts.push({
        kind: 'chart',
        stepId: step.id,
        png: step.png,
        title: `${result.title}: ${step.title || step.id}`,
        altText: chartAlt(result, step),
        filename: `${result.id}-${step.id}.png`,
      });
    }
  });
  flush();
  return posts;
}

/** The whole run in one message (an ephemeral answer where vigil cannot post): the headline, then as many steps as fit. */
export function renderRunInOneMessage(
  headline: SlackMessage,
  result: PlaybookRunResult,
  timezone: string,
  note?: string,
): SlackMessage {
  const blocks: KnownBlock[] = [...headline.blocks];
  if (note) blocks.push(context([note]));
  let chars = blockChars(blocks);
  let left = 0;
  for (const [i, step] of result.steps.entries()) {
    const more = renderStepBlocks(step, { index: i + 1, total: result.steps.length, timezone });
    const size = blockChars(more);
    // One step past the budget would cut a table in half; leave it out and count it instead.
    if (
      left > 0 ||
      blocks.length + more.length > SLACK_LIMITS.blocksPerMessage - 1 ||
      chars + size > MESSAGE_BLOCK_CHARS
    ) {
      left += 1;
      continue;
    }
    blocks.push(...more);
    chars += size;
  }
  if (left > 0)
    blocks.push(
      context([
        `${left} more step${left === 1 ? '' : 's'} did not fit in one message; \`/investigate again <run-id>\` in a channel with vigil posts them all.`,
      ]),
    );
  return { text: headline.text, blocks: limitBlocks(blocks) };
}

/** Characters of text in blocks (what Slack counts against its undocumented message total). */
export function blockChars(blocks: KnownBlock[]): number {
  let n = 0;
  for (const b of blocks) {
    if (b.type === 'section') n += (b.text?.text.length ?? 0) + (b.fields ?? []).reduce((a, f) => a + f.text.length, 0);
    else if (b.type === 'context') n += b.elements.reduce((a, e) => a + ('text' in e ? e.text.length : 0), 0);
    else if (b.type === 'header') n += b.text.text.length;
  }
  return n;
}

function chartAlt(result: PlaybookRunResult, step: StepOutcome): string {
  const text = `Chart of ${step.title || step.id} from the ${result.title} playbook, ${step.rows} points.`;
  return text.slice(0, SLACK_LIMITS.imageAltText);
}
