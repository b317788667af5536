// Parses `/incident action <text> [@owner] [due=YYYY-MM-DD] [incident=<id>]` and `/incident action done <id>`. Pure.
import { echoInput } from '../blocks/render-usage.ts';
import { parseUserMention, splitKeyValues, tokenize } from '../blocks/tokenize-command.ts';
import { parseIncidentId } from './parse-incident-id.ts';

/** A follow-up action to add (its incident: the one named, else the channel's), or one to mark done. */
export type ActionRequest =
  { sub: 'done'; id: number } | { sub: 'add'; text: string; owner?: string; due?: string; incidentId?: number };

/** Parses the whole `/incident action ...` text (the leading `action` included); the error says what to type. */
export function parseActionCommand(text: string): { ok: true; request: ActionRequest } | { ok: false; error: string } {
  const words = tokenize(text).slice(1);
  const fail = (error: string) => ({ ok: false as const, error });
  if (words[0]?.toLowerCase() === 'done') {
    const id = Number(words[1]?.replace(/^#/, ''));
    if (!Number.isInteger(id) || id <= 0) return fail('Say which action is done, e.g. `/incident action done 5`.');
    return { ok: true, request: { sub: 'done', id } };
  }
  const { positional, options } = splitKeyValues(words);
  const owner = positional.map(parseUserMention).find((u) => u !== undefined);
  const what = positional
    .filter((w) => parseUserMention(w) === undefined)
    .join(' ')
    .trim();
  if (!what)
    return fail('Say what is to be done, e.g. `/incident action suspend the merchant cluster @alice due=2026-06-03`.');
  if (options.due !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(options.due))
    return fail(`due must be a date YYYY-MM-DD (got "${echoInput(options.due)}").`);
  const incidentId = parseIncidentId(options.incident);
  if (options.incident !== undefined && incidentId === undefined)
    return fail(`incident= takes an incident number such as 12 or #12 (got "${echoInput(options.incident)}").`);
  return {
    ok: true,
    request: {
      sub: 'add',
      text: what,
      ...(owner ? { owner } : {}),
      ...(options.due ? { due: options.due } : {}),
      ...(incidentId !== undefined ? { incidentId } : {}),
    },
  };
}
