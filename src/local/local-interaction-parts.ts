// The pieces of Slack payloads the local workspace builds from the page's input: a block_actions entry, the
// control it names, and a command's text escaped as Slack escapes it.
import type { LocalAction } from './local-page-contract.ts';
import type { UserRow } from './local-store.ts';

/** A Block Kit control as the page's blocks hold it. */
export type Element = { type: string; action_id?: string; value?: string; text?: unknown };

/** One entry of block_actions' actions: the control used, with the value or option picked. */
export function actionOf(a: LocalAction, found: { element: Element; blockId: string }): Record<string, unknown> {
  const value = a.value ?? found.element.value;
  return {
    type: found.element.type,
    action_id: a.actionId,
    block_id: found.blockId,
    action_ts: (Date.now() / 1000).toFixed(6),
    ...(value ? { value } : {}),
    ...(found.element.text ? { text: found.element.text } : {}),
    ...(a.selectedOption
      ? {
          selected_option: { value: a.selectedOption.value, text: { type: 'plain_text', text: a.selectedOption.text } },
        }
      : {}),
  };
}

/** The control the page says was used, found in a message's or view's blocks (actions elements or an accessory). */
export function findElement(
  blocks: unknown[],
  actionId: string,
  blockId?: string,
): { element: Element; blockId: string } | undefined {
  for (const [i, raw] of blocks.entries()) {
    const b = raw as { block_id?: string; elements?: Element[]; accessory?: Element };
    const id = b.block_id ?? `b${i}`;
    if (blockId && b.block_id && blockId !== b.block_id) continue;
    const found = [...(b.elements ?? []), ...(b.accessory ? [b.accessory] : [])].find((e) => e?.action_id === actionId);
    if (found) return { element: found, blockId: id };
  }
  return undefined;
}

/** What Slack does to a command with should_escape: `@ade` naming a person becomes `<@U0LADMIN|ade>`. */
export function escapeMentions(text: string, users: UserRow[]): string {
  const byName = new Map(users.map((u) => [u.name.split(/\s+/, 1)[0]!.toLowerCase(), u.id]));
  return text.replace(/(^|\s)@([\w.-]+)/g, (whole, before: string, name: string) => {
    const id = byName.get(name.toLowerCase());
    return id ? `${before}<@${id}|${name.toLowerCase()}>` : whole;
  });
}
