// How a summary speaks: the language's phrases, its figure format and the time zone of its times. Pure.
import { figureFormat, type FigureFormat } from './format-figures.ts';
import type { Locale } from './locales.ts';
import type { MessageKey } from './messages/en.ts';
import { translator } from './translate.ts';

/** A phrase of the catalog with its placeholders filled. */
export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

/** The language, phrases, figure format and time zone a summary is written with. */
export interface Phrasing {
  locale: Locale;
  t: Translate;
  fmt: FigureFormat;
  timeZone: string;
  /** An instant as the language prints it, in the summary's zone. */
  at(iso: string): string;
}

/** The phrasing of `locale` in `timeZone`. */
export function phrasing(locale: Locale, timeZone: string): Phrasing {
  const fmt = figureFormat(locale);
  return { locale, t: translator(locale), fmt, timeZone, at: (iso) => fmt.dateTime(iso, timeZone) };
}
