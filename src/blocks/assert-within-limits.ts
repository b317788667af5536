// Checks a rendered message against Slack's Block Kit limits; renderers' tests run every output through it.
import type { KnownBlock } from '@slack/types';
import { VigilError } from '../errors.ts';
import { SLACK_LIMITS } from './block-limits.ts';

/** Throws a VigilError (`vigil_block_limit_exceeded`) naming the first violated limit and where. */
export function assertWithinLimits(blocks: KnownBlock[], text?: string): void {
  const problems = blockLimitProblems(blocks, text);
  if (problems.length > 0) {
    throw new VigilError(
      'vigil_block_limit_exceeded',
      `Slack message over a Block Kit limit: ${problems.join('; ')}`,
      'Render through the helpers in src/blocks/block-limits.ts, which truncate and cap.',
    );
  }
}

/** Every violated limit, as "<where>: <limit> (<actual>)"; empty when the message is valid. */
export function blockLimitProblems(blocks: KnownBlock[], text?: string): string[] {
  const L = SLACK_LIMITS;
  const problems: string[] = [];
  const check = (okay: boolean, what: string) => {
    if (!okay) problems.push(what);
  };
  const textLen = (where: string, t: { text?: unknown } | undefined, max: number) => {
    const s = typeof t?.text === 'string' ? t.text : '';
    check(s.length >= 1 && s.length <= max, `${where}: text must be 1-${max} characters (${s.length})`);
  };
  if (text !== undefined)
    check(
      text.length >= 1 && text.length <= L.messageText,
      `message text: 1-${L.messageText} characters (${text.length})`,
    );
  check(blocks.length <= L.blocksPerMessage, `blocks per message: at most ${L.blocksPerMessage} (${blocks.length})`);
  blocks.forEach((block, i) => {
    const at = `block ${i} (${block.type})`;
    if (block.block_id !== undefined)
      check(block.block_id.length <= L.blockId, `${at}: block_id at most ${L.blockId} characters`);
    switch (block.type) {
      case 'header':
        check(block.text.type === 'plain_text', `${at}: header text must be plain_text`);
        textLen(`${at} header`, block.text, L.headerText);
        break;
      case 'section':
        check(block.text !== undefined || (block.fields?.length ?? 0) > 0, `${at}: section needs text or fields`);
        if (block.text) textLen(`${at} section`, block.text, L.sectionText);
        if (block.fields) {
          check(
            block.fields.length <= L.sectionFields,
            `${at}: section fields at most ${L.sectionFields} (${block.fields.length})`,
          );
          block.fields.forEach((f, j) => textLen(`${at} field ${j}`, f, L.sectionFieldText));
        }
        break;
      case 'context':
        check(
          block.elements.length >= 1 && block.elements.length <= L.contextElements,
          `${at}: context elements 1-${L.contextElements} (${block.elements.length})`,
        );
        block.elements.forEach((e, j) => {
          if (e.type !== 'image') textLen(`${at} element ${j}`, e, L.textObject);
        });
        break;
      case 'actions':
        check(
          block.elements.length >= 1 && block.elements.length <= L.actionsElements,
          `${at}: actions elements 1-${L.actionsElements} (${block.elements.length})`,
        );
        {
          const ids = block.elements
            .map((e) => ('action_id' in e ? e.action_id : undefined))
            .filter((id) => id !== undefined);
          check(new Set(ids).size === ids.length, `${at}: action_id must be unique within the block`);
        }
        block.elements.forEach((e, j) => {
          if (e.type !== 'button') return;
          const where = `${at} button ${j}`;
          textLen(where, e.text, L.buttonText);
          check((e.value ?? '').length <= L.buttonValue, `${where}: value at most ${L.buttonValue} characters`);
          check(
            e.action_id !== undefined && e.action_id.length >= 1 && e.action_id.length <= L.actionId,
            `${where}: action_id 1-${L.actionId} characters`,
          );
          if (e.confirm) {
            textLen(`${where} confirm title`, e.confirm.title, L.confirmTitle);
            textLen(`${where} confirm text`, e.confirm.text, L.confirmText);
          }
        });
        break;
      case 'image':
        check(
          block.alt_text.length >= 1 && block.alt_text.length <= L.imageAltText,
          `${at}: image alt_text 1-${L.imageAltText} characters`,
        );
        break;
      default:
        break;
    }
  });
  return problems;
}
