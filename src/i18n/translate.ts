// The phrase catalogs of every summary language and the translator that fills a phrase's {placeholders}. Pure.
import type { Locale } from './locales.ts';
import { en, type MessageKey } from './messages/en.ts';
import { fil } from './messages/fil.ts';
import { id } from './messages/id.ts';
import { ms } from './messages/ms.ts';
import { th } from './messages/th.ts';
import { vi } from './messages/vi.ts';

/** The phrases of each supported language, key for key the English catalog. */
export const CATALOGS: Record<Locale, Record<MessageKey, string>> = { en, id, th, vi, ms, fil };

/** A function giving the phrase of a key in this language, its {placeholders} filled from params. */
export function translator(locale: Locale): (key: MessageKey, params?: Record<string, string | number>) => string {
  const catalog = CATALOGS[locale];
  return (key, params = {}) =>
    catalog[key].replace(/\{(\w+)\}/g, (_, name: string) => {
      const value = Object.hasOwn(params, name) ? params[name] : undefined;
      // A missing parameter is a bug in the caller, not something a user can fix: a plain Error.
      if (value === undefined) throw new Error(`phrase "${key}" (${locale}) needs the parameter "${name}"`);
      return String(value);
    });
}
