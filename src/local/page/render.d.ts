// Types for render.js (plain JS served to the browser as is), so the TypeScript tests can import it.

import type { LocalChannel, LocalMessage } from '../local-page-contract.ts';

/** Names for mentions, and who is looking. */
export interface RenderContext {
  users?: Record<string, string> | Map<string, string>;
  channels?: Record<string, string> | Map<string, string>;
  currentUser?: string;
  /** Local people's ids; any other author is shown as the app. */
  localUserIds?: Set<string>;
  timeZone?: string;
  inThread?: boolean;
  inModal?: boolean;
  emptyText?: string;
  /** The app's message shortcuts: the message toolbar offers them behind ⋯. */
  messageShortcuts?: { callbackId: string; name: string }[];
}

/** The page renders what the page API sends (src/local/local-page-contract.ts). */
export type PageMessage = LocalMessage;
export type PageChannel = LocalChannel;

export interface ViewEntry {
  blockId: string;
  actionId: string;
  type: string;
  value: string;
  text?: string;
}

export type ViewValues = Record<
  string,
  Record<
    string,
    {
      type: string;
      value?: string | null;
      selected_option?: { value: string; text?: { type: 'plain_text'; text: string } } | null;
    }
  >
>;

export const COMMANDS: { command: string; hint: string; description: string }[];
export const EMOJI: Record<string, string>;
export function mentionQuery(text: string, caret?: number): { start: number; end: number; query: string } | null;
export function mentionName(user: { id: string; name?: string }): string;
export function peopleMatches<U extends { id: string; name?: string }>(users: U[], query: string, max?: number): U[];
export function encodeMentions(text: string, users: { id: string; name?: string }[]): string;
export function commandHints(text: string): { command: string; hint: string; description: string }[];
export function escapeHtml(value: unknown): string;
export function decodeSlackEntities(text: string): string;
export function safeUrl(url: unknown): string | null;
export function fileUrl(id: string): string;
export function emojify(escaped: string): string;
export function mrkdwn(text: string | null | undefined, ctx?: RenderContext): string;
export function mrkdwnToPlain(text: string | null | undefined, ctx?: RenderContext): string;
export function textObject(obj: unknown, ctx?: RenderContext): string;
export function plainOf(obj: unknown): string;
export function renderButton(el: unknown, blockId?: string, ctx?: RenderContext): string;
export function renderSelect(
  el: unknown,
  blockId?: string,
  opts?: { inModal?: boolean; id?: string; testid?: string },
): string;
export function imageSrc(el: unknown): string | null;
export function renderBlock(
  block: unknown,
  ctx?: RenderContext,
  index?: number,
  errors?: Record<string, string>,
): string;
export function inputBlockId(block: unknown, index: number): string;
export function renderBlocks(blocks: unknown, ctx?: RenderContext, errors?: Record<string, string>): string;
export function tsToDate(ts: string): Date;
export function formatTime(ts: string, timeZone?: string): string;
export function formatDay(ts: string, timeZone?: string): string;
export function avatarHue(id: string): number;
export function renderMessage(msg: PageMessage, ctx?: RenderContext): string;
export function renderMessageList(messages: PageMessage[], ctx?: RenderContext): string;
export function renderView(
  openView: { viewId: string; view: unknown } | null,
  ctx?: RenderContext,
  errors?: Record<string, string>,
  formError?: string,
): string;
export function viewStateValues(entries: ViewEntry[]): ViewValues;
export function viewErrors(reply: unknown): Record<string, string>;
export function renderChannelList(channels: PageChannel[], selectedId?: string | null): string;
export const QUICK_REACTIONS: string[];
export function emojiOf(name: string): string;
export function renderReactions(msg: PageMessage, ctx?: RenderContext): string;
export function renderMessageTools(msg: PageMessage, ctx?: RenderContext): string;
export function renderShortcutMenu(
  shortcuts: { callbackId: string; name: string; type: string; description?: string }[],
  type: 'global' | 'message',
): string;
export function renderHome(home: { viewId: string; view: unknown } | null, ctx?: RenderContext): string;
