// Slack's Block Kit limits in one place, and builders that stay inside them. Pure.
import type { ActionsBlock, Button, ContextBlock, HeaderBlock, KnownBlock, SectionBlock } from '@slack/types';

/**
 * Block Kit limits. Sources: docs.slack.dev/reference/block-kit/blocks, the JSDoc of `@slack/types`
 * (block-kit/blocks.ts, block-elements.ts, composition-objects.ts) and, for the message text,
 * api.slack.com/changelog/2018-04-truncating-really-long-messages.
 */
export const SLACK_LIMITS = {
  blocksPerMessage: 50,
  sectionText: 3000,
  sectionFields: 10,
  sectionFieldText: 2000,
  headerText: 150,
  contextElements: 10,
  /** Any text object (e.g. a context element): 1 to 3000 characters. */
  textObject: 3000,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2000,
  actionId: 255,
  blockId: 255,
  imageAltText: 2000,
  confirmTitle: 100,
  confirmText: 300,
  confirmButton: 30,
  messageText: 40000,
} as const;

/** What a renderer returns: blocks plus the plain `text` fallback Slack wants alongside them. */
export interface SlackMessage {
  text: string;
  blocks: KnownBlock[];
}

const ELLIPSIS = '…';

/**
 * Shortens text to at most `max` characters, ending in an ellipsis. In mrkdwn (the default) it
 * never cuts inside a `<...>` mention/link/date token or an `&amp;`-style escape; with
 * `{ plain: true }` it only avoids splitting a surrogate pair.
 */
export function truncate(text: string, max: number, opts: { plain?: boolean } = {}): string {
  if (text.length <= max) return text;
  if (max <= 0) return '';
  let cut = max - ELLIPSIS.length;
  if (!opts.plain) {
    const open = text.lastIndexOf('<', cut - 1);
    // A token is open when its `<` sits before the cut and its `>` does not.
    if (open !== -1 && text.indexOf('>', open) >= cut) cut = open;
    const amp = text.lastIndexOf('&', cut - 1);
    if (amp !== -1 && /^&(amp|lt|gt);/.test(text.slice(amp, amp + 5)) && text.indexOf(';', amp) >= cut) cut = amp;
  }
  const code = text.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
  return text.slice(0, Math.max(0, cut)).trimEnd() + ELLIPSIS;
}

/** Escapes user or LLM text for mrkdwn: only `&`, `<` and `>`, as Slack's formatting rules say (§11). */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A header block; plain_text is not parsed by Slack, so the text is shown as given (not escaped). */
export function header(text: string): HeaderBlock {
  return {
    type: 'header',
    text: { type: 'plain_text', text: nonEmpty(truncate(text, SLACK_LIMITS.headerText, { plain: true })), emoji: true },
  };
}

/** A mrkdwn section; the caller escapes user text, this keeps it within 3000 characters. */
export function section(text: string): SectionBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: nonEmpty(truncate(text, SLACK_LIMITS.sectionText)) } };
}

/** Two-column mrkdwn fields: one section per 10 fields, each field within 2000 characters. */
export function fields(items: string[]): SectionBlock[] {
  const blocks: SectionBlock[] = [];
  for (let i = 0; i < items.length; i += SLACK_LIMITS.sectionFields) {
    const chunk = items.slice(i, i + SLACK_LIMITS.sectionFields);
    blocks.push({
      type: 'section',
      fields: chunk.map((t) => ({ type: 'mrkdwn', text: nonEmpty(truncate(t, SLACK_LIMITS.sectionFieldText)) })),
    });
  }
  return blocks;
}

/** A mrkdwn context block; past 10 elements the rest are joined into the last one. */
export function context(items: string[]): ContextBlock {
  const max = SLACK_LIMITS.contextElements;
  const kept = items.length > max ? [...items.slice(0, max - 1), items.slice(max - 1).join(' · ')] : items;
  return {
    type: 'context',
    elements: kept.map((t) => ({ type: 'mrkdwn', text: nonEmpty(truncate(t, SLACK_LIMITS.textObject)) })),
  };
}

/** A confirmation dialog for a destructive button. */
export interface ConfirmSpec {
  title: string;
  text: string;
  confirm: string;
  deny: string;
}

/** What a button needs; `value` and `actionId` are data, so overlong ones throw rather than truncate. */
export interface ButtonSpec {
  text: string;
  actionId: string;
  value: string;
  style?: 'primary' | 'danger';
  confirm?: ConfirmSpec;
}

/** A button within Slack's limits; a confirm dialog gets the danger style. */
export function button(spec: ButtonSpec): Button {
  if (spec.actionId.length === 0 || spec.actionId.length > SLACK_LIMITS.actionId)
    throw new RangeError(
      `button action_id must be 1-${SLACK_LIMITS.actionId} characters: ${spec.actionId.slice(0, 40)}`,
    );
  if (spec.value.length > SLACK_LIMITS.buttonValue)
    throw new RangeError(`button value is over ${SLACK_LIMITS.buttonValue} characters (action ${spec.actionId})`);
  const b: Button = {
    type: 'button',
    text: {
      type: 'plain_text',
      text: nonEmpty(truncate(spec.text, SLACK_LIMITS.buttonText, { plain: true })),
      emoji: true,
    },
    action_id: spec.actionId,
    value: spec.value,
  };
  if (spec.style) b.style = spec.style;
  if (spec.confirm) {
    const c = spec.confirm;
    b.confirm = {
      title: { type: 'plain_text', text: truncate(c.title, SLACK_LIMITS.confirmTitle, { plain: true }) },
      text: { type: 'mrkdwn', text: truncate(c.text, SLACK_LIMITS.confirmText) },
      confirm: { type: 'plain_text', text: truncate(c.confirm, SLACK_LIMITS.confirmButton, { plain: true }) },
      deny: { type: 'plain_text', text: truncate(c.deny, SLACK_LIMITS.confirmButton, { plain: true }) },
      style: 'danger',
    };
  }
  return b;
}

/** An actions block (buttons, an overflow menu); more than 25 elements is a programming error and throws. */
export function actions(elements: ActionsBlock['elements']): ActionsBlock {
  if (elements.length > SLACK_LIMITS.actionsElements)
    throw new RangeError(
      `an actions block holds at most ${SLACK_LIMITS.actionsElements} elements, got ${elements.length}`,
    );
  return { type: 'actions', elements };
}

/** Caps blocks at `max` (50, a message's limit): past that, the first max-1 and a context block saying how many were left out. */
export function limitBlocks(blocks: KnownBlock[], max: number = SLACK_LIMITS.blocksPerMessage): KnownBlock[] {
  if (blocks.length <= max) return blocks;
  const hidden = blocks.length - (max - 1);
  return [...blocks.slice(0, max - 1), context([`${hidden} more not shown`])];
}

/** The plain `text` fallback, within Slack's 40,000 characters. */
export function fallbackText(text: string): string {
  return nonEmpty(truncate(text, SLACK_LIMITS.messageText));
}

// Slack rejects empty text objects; a lone space would be rejected too.
function nonEmpty(text: string): string {
  return text.trim() === '' ? '-' : text;
}
