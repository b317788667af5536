// Reads dates and times of day as a language prints them (figureFormat(locale).dateTime and .date, which
// are Intl's): month names built from Intl, short and long, on their own and inside a date; times "14:00",
// and "14.00" where the language writes them so (Indonesian); Thai Buddhist-era years. Pure.
import type { Locale } from '../i18n/locales.ts';

/** A date ("YYYY-MM-DD" or "MM-DD") and/or time of day ("HH:mm") read from a match. */
export interface DateTimeRead {
  date?: string;
  time?: string;
}

/** A pattern and how to read its match. */
export type DateTimeReader = [RegExp, (m: RegExpMatchArray) => DateTimeRead];

/** Escapes `s` for use inside a regular expression (spaces match any one space). */
export function escapeWord(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s');
}

/** An alternation of `words`, longest first so "Juni" is tried before "Jun". */
export function alternation(words: Iterable<string>): string {
  return [...new Set(words)]
    .sort((a, b) => b.length - a.length)
    .map(escapeWord)
    .join('|');
}

// Thai is written without spaces between words, so a word may run straight into the next one.
const wordEnd = (locale: Locale) => (locale === 'th' ? '' : '(?![\\p{L}\\p{M}\\p{N}_])');

/** Month names of `locale` (and English), lower case, to their month number 1..12. */
export function monthNames(locale: Locale): Map<string, number> {
  const out = new Map<string, number>();
  for (const l of ['en', locale]) {
    for (const month of ['short', 'long'] as const) {
      const alone = new Intl.DateTimeFormat(l, { month, timeZone: 'UTC' });
      const inDate = new Intl.DateTimeFormat(l, { month, day: 'numeric', timeZone: 'UTC' });
      for (let i = 0; i < 12; i++) {
        const at = new Date(Date.UTC(2026, i, 15));
        const names = [alone.format(at), inDate.formatToParts(at).find((p) => p.type === 'month')?.value ?? ''];
        for (const name of names) {
          const key = name.toLocaleLowerCase(l).normalize('NFC');
          if (key && !/^\d+$/.test(key)) out.set(key, i + 1);
        }
      }
    }
  }
  return out;
}

// The separators a language puts between hours and minutes ("14.00" in Indonesian), with ":" always.
function timeSeparators(locale: Locale): string[] {
  const parts = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(
    new Date(Date.UTC(2026, 0, 1, 14, 5)),
  );
  const i = parts.findIndex((p) => p.type === 'hour');
  const sep = parts[i + 1]?.type === 'literal' ? parts[i + 1]!.value.trim() : '';
  return [...new Set([':', ...(sep.length === 1 && !/\d/.test(sep) ? [sep] : [])])];
}

const DATE_INTRO = ['วันที่', 'ngày', 'tanggal', 'tgl.', 'tgl'];

const pad = (s: string) => s.padStart(2, '0');

// A Thai year is Buddhist era (2569 is 2026).
const year = (y: string) => String(Number(y) > 2400 ? Number(y) - 543 : Number(y));

/** The date and time patterns of `locale` (not English), in the order they are to be read. */
export function localeDateReaders(locale: Locale, atWords: string[]): DateTimeReader[] {
  const names = monthNames(locale);
  const end = wordEnd(locale);
  const mon = `(${alternation(names.keys())})\\.?${end}`;
  const time = `([01]?\\d|2[0-3])(?:${timeSeparators(locale).map(escapeWord).join('|')})([0-5]\\d)(?!\\d)`;
  const at = `(?:,?\\s?(?:(?:${alternation(atWords)})\\s?)?${time})`;
  const yr = `(?:,?\\s(\\d{4})(?!\\d))?`;
  // "on the" before a day ("วันที่ 2 มิ.ย.", "ngày 2 thg 6"), read with the date so it is no unit word.
  // Not after a number, where "ngày" is the word for days ("8,5 ngày 18 thg 1").
  const introWord = `(?:${alternation(DATE_INTRO)})\\s?`;
  const intro = `(?:(?<!\\d\\s?)${introWord})?`;
  const day = `(0?[1-9]|[12]\\d|3[01])`;
  const monthOf = (name: string) => names.get(name.toLocaleLowerCase(locale).normalize('NFC')) ?? 0;
  const md = (name: string, d: string, y?: string) =>
    `${y ? `${year(y)}-` : ''}${pad(String(monthOf(name)))}-${pad(d)}`;
  const t = (h?: string, m?: string) => (h && m ? `${pad(h)}:${m}` : undefined);
  return [
    [
      /\b(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?/g,
      (m) => ({ date: `${m[1]}-${m[2]}-${m[3]}`, time: t(m[4], m[5]) }),
    ],
    [
      /\b(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])(?:,?\s(?:at\s)?([01]\d|2[0-3]):([0-5]\d))?\b/g,
      (m) => ({ date: `${m[1]}-${m[2]}`, time: t(m[3], m[4]) }),
    ],
    // Vietnamese puts the time first: "14:00 2 thg 6" (or "14:00 ngày 2 tháng 6").
    [
      new RegExp(`(?<![\\w.,:])${time},?\\s(?:${introWord})?${day}\\s?${mon}${yr}`, 'giu'),
      (m) => ({ date: md(m[4]!, m[3]!, m[5]), time: t(m[1], m[2]) }),
    ],
    [
      new RegExp(`(?<![\\w.,])${intro}${day}\\s?${mon}${yr}${at}?`, 'giu'),
      (m) => ({ date: md(m[2]!, m[1]!, m[3]), time: t(m[4], m[5]) }),
    ],
    [
      new RegExp(`(?<![\\p{L}\\p{M}])${mon}\\s${day}(?!\\d)(?![.,]\\d)${yr}${at}?`, 'giu'),
      (m) => ({ date: md(m[1]!, m[2]!, m[3]), time: t(m[4], m[5]) }),
    ],
    [new RegExp(`(?<![\\w.,:])${time}`, 'gu'), (m) => ({ time: t(m[1], m[2]) })],
  ];
}
