// The digest review step: Approve / Edit / Discard on the draft in the reviewers' channel, the Edit modal, and the outcome line. Pure.
import type { KnownBlock } from '@slack/types';
import {
  actions,
  button,
  context,
  escapeMrkdwn,
  fallbackText,
  header,
  limitBlocks,
  section,
  SLACK_LIMITS,
  type SlackMessage,
} from './block-limits.ts';

/** Action ids of the review buttons and the modal's callback id (none starts with incident_, whose router is separate). */
export const DIGEST_REVIEW_IDS = {
  approve: 'digest_review_approve',
  edit: 'digest_review_edit',
  discard: 'digest_review_discard',
  editView: 'digest_review_edit_view',
} as const;

/**
 * A plain_text_input holds at most 3000 characters (max_length 1-3000, docs.slack.dev/reference/block-kit/
 * block-elements/plain-text-input-element), so longer text is split over several inputs.
 */
export const INPUT_MAX_CHARS = 3000;
/** Blocks per modal (docs.slack.dev/reference/block-kit/blocks: 100 in a modal); the warning and the parts stay well below. */
export const MODAL_MAX_BLOCKS = 100;

/** The blocks appended to a draft in the reviewers' channel. */
export function reviewBlocks(digestId: number, targetChannel: string): KnownBlock[] {
  const value = String(digestId);
  return [
    context([
      `Draft for review: *Approve* posts it to #${escapeMrkdwn(targetChannel.replace(/^#/, ''))}; *Edit* changes the text and posts it, marked as edited; *Discard* drops it.`,
    ]),
    actions([
      button({ text: 'Approve', actionId: DIGEST_REVIEW_IDS.approve, value, style: 'primary' }),
      button({ text: 'Edit', actionId: DIGEST_REVIEW_IDS.edit, value }),
      button({
        text: 'Discard',
        actionId: DIGEST_REVIEW_IDS.discard,
        value,
        confirm: {
          title: 'Discard this digest?',
          text: 'It will not be posted. The draft stays stored.',
          confirm: 'Discard',
          deny: 'Keep',
        },
      }),
    ]),
  ];
}

/** The review message once decided: the draft's first blocks kept, the buttons replaced by who did what. */
export function reviewedMessage(
  original: SlackMessage,
  outcome: 'approved' | 'edited' | 'discarded',
  userId: string,
  where?: string,
): SlackMessage {
  const kept = original.blocks.filter(
    (b) => b.type !== 'actions' && !(b.type === 'context' && JSON.stringify(b).includes('Draft for review')),
  );
  const line =
    outcome === 'discarded'
      ? `:wastebasket: Discarded by <@${userId}>; not posted.`
      : `:white_check_mark: ${outcome === 'edited' ? 'Edited and posted' : 'Approved'} by <@${userId}>${where ? `, posted in ${where}` : ''}.`;
  return { text: `${line} ${original.text}`.slice(0, 40_000), blocks: [...kept, section(line)] };
}

/** The text split into parts of at most INPUT_MAX_CHARS, at line breaks where possible. */
export function splitForInputs(text: string, max = INPUT_MAX_CHARS): string[] {
  const parts: string[] = [];
  let rest = text;
  while (rest.length > max) {
    const nl = rest.lastIndexOf('\n', max);
    const cut = nl > max / 2 ? nl : max;
    parts.push(rest.slice(0, cut));
    rest = rest.slice(cut === nl ? cut + 1 : cut);
  }
  parts.push(rest);
  return parts;
}

/** What the modal carries between submissions: the digest, and the text the reviewer was warned about. */
export interface EditViewState {
  digestId: number;
  warnedHash?: string;
}

/** The Edit modal: the text in one or more inputs, and a warning when its figures did not match the facts. */
export function digestEditView(text: string, state: EditViewState, warning?: string[]) {
  const parts = splitForInputs(text);
  const blocks: unknown[] = [];
  if (warning?.length) {
    blocks.push(
      section(
        `:warning: These figures are not in the data: ${warning.map((w) => `\`${escapeMrkdwn(w)}\``).join(', ')}. Fix them, or press *Post* again to post the text as it is, marked as edited by you.`,
      ),
    );
  }
  parts.forEach((part, i) =>
    blocks.push({
      type: 'input',
      block_id: `part_${i}`,
      label: {
        type: 'plain_text',
        text: parts.length > 1 ? `Digest text, part ${i + 1} of ${parts.length}` : 'Digest text (Slack mrkdwn)',
      },
      element: {
        type: 'plain_text_input',
        action_id: 'text',
        multiline: true,
        max_length: INPUT_MAX_CHARS,
        initial_value: part,
      },
    }),
  );
  return {
    type: 'modal' as const,
    callback_id: DIGEST_REVIEW_IDS.editView,
    private_metadata: JSON.stringify(state),
    title: { type: 'plain_text' as const, text: 'Edit the digest' },
    submit: { type: 'plain_text' as const, text: 'Post' },
    close: { type: 'plain_text' as const, text: 'Cancel' },
    blocks: blocks.slice(0, MODAL_MAX_BLOCKS),
  };
}

/** The edited text from a submitted Edit modal's state values, parts joined in order. */
export function editedText(values: Record<string, Record<string, { value?: string | null }>>): string {
  return Object.keys(values)
    .filter((k) => /^part_\d+$/.test(k))
    .sort((a, b) => Number(a.slice(5)) - Number(b.slice(5)))
    .map((k) => values[k]?.text?.value ?? '')
    .join('\n')
    .trim();
}

/** A digest as a reviewer edited it: the title, the edited text in sections, and who edited it (and any figures not in the data). */
export function renderEditedDigest(title: string, text: string, userId: string, unmatched: string[]): SlackMessage {
  const note = `Edited by <@${userId}> before posting${unmatched.length ? `; these figures are not in the data: ${unmatched.map(escapeMrkdwn).join(', ')}` : '; every figure matches the data'}.`;
  const blocks: KnownBlock[] = [
    header(title),
    ...splitForInputs(text, SLACK_LIMITS.sectionText).map((p) => section(p)),
    context([note]),
  ];
  return { text: fallbackText(`${text}\n_${note}_`), blocks: limitBlocks(blocks) };
}
