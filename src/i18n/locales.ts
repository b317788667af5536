// The languages summaries are written in (BCP 47 primary tags) and the unit words each prints after a
// figure, shared by the formatter and the number check so what one writes the other reads. Pure.
import { VigilError } from '../errors.ts';

/** Supported summary languages: English, Bahasa Indonesia, Thai, Vietnamese, Malay, Filipino. */
export const LOCALES = ['en', 'id', 'th', 'vi', 'ms', 'fil'] as const;

/** A supported summary language. */
export type Locale = (typeof LOCALES)[number];

/** The words printed after a duration or a change of a rate, per language. */
export interface UnitWords {
  minutes: string;
  hours: string;
  days: string;
  points: string;
}

/** Unit words per language ("48 menit", "2,5 jam", "+0,4 poin"). */
export const UNIT_WORDS: Record<Locale, UnitWords> = {
  en: { minutes: 'min', hours: 'h', days: 'days', points: 'pt' },
  id: { minutes: 'menit', hours: 'jam', days: 'hari', points: 'poin' },
  th: { minutes: 'นาที', hours: 'ชั่วโมง', days: 'วัน', points: 'จุด' },
  vi: { minutes: 'phút', hours: 'giờ', days: 'ngày', points: 'điểm' },
  ms: { minutes: 'minit', hours: 'jam', days: 'hari', points: 'mata' },
  fil: { minutes: 'minuto', hours: 'oras', days: 'araw', points: 'puntos' },
};

// Tags that name a supported language by another code: Tagalog, and the withdrawn code for Indonesian.
const ALIASES: Record<string, Locale> = { tl: 'fil', in: 'id', zsm: 'ms' };

/** The supported language a BCP 47 tag names ("id-ID" -> "id", "en-GB" -> "en"); throws a VigilError otherwise. */
export function resolveLocale(tag: string): Locale {
  const primary = tag.trim().toLowerCase().split(/[-_]/)[0] ?? '';
  const found = (LOCALES as readonly string[]).includes(primary) ? (primary as Locale) : ALIASES[primary];
  if (found) return found;
  throw new VigilError(
    'unknown_language',
    `"${tag}" is not a language vigil writes summaries in`,
    `use one of ${LOCALES.join(', ')} (BCP 47, e.g. "id" or "id-ID")`,
  );
}
