// Reads the figures out of prose with their unit and printed precision: percentages, points, counts,
// money, durations, multiples, dates, times and incident numbers. Digits inside identifiers are names,
// not figures, and are skipped. Each language is read with its own separators, unit words and month names
// (figure-patterns.ts). Pure.
import type { Locale } from '../i18n/locales.ts';
import { figurePatterns } from './figure-patterns.ts';

export type { FigureKind } from './figure-patterns.ts';
import type { FigureKind } from './figure-patterns.ts';

/** One figure found in text. */
export interface Figure {
  text: string;
  kind: FigureKind;
  /** In the printed unit (percent for "2.9%", hours for "3 h"); an incident number for 'incident'. */
  value: number;
  /** Printed with a sign (+/-), so only a fact with that sign matches. */
  signed: boolean;
  /** Half a unit of the last printed digit (a wider one after "about"/"~"). */
  tolerance: number;
  /** Dates and times: "YYYY-MM-DD" or "MM-DD", and "HH:mm". */
  date?: string;
  time?: string;
  index: number;
}

// Spans that hold digits but no figures: Slack markup (<@U123>, <#C1|x>, links), code, key=value pairs,
// word-joined ids (vendor-2, merchant_id, SEV2, p90, M1), and "merchant 27003"-style references.
const IDENTIFIERS = [
  /<[^>\n]*>/g,
  /`[^`\n]*`/g,
  /\b[\w.-]+=[^\s,;)]+/g,
  /\b(?:merchant|user|customer|ticket|account|agent|order|run|vendor|shop|store)\s?(?:id\s?)?[#:]?\s?\d+\b/gi,
];

/** Phrases of the summaries' own vocabulary whose digits are a period or a denominator, not a fact. */
// A period starts its number: "4.7 days" is a figure, not "7 days".
export const PERIOD_PHRASES: RegExp[] = [
  /(?<![\d.,])\b(?:4|four)[- ]?(?:weeks?|wks?|wk)\b/gi,
  /(?<![\d.,])\b(?:7|seven)[- ]?days?(?:\s(?:ago|before|earlier))?\b/gi,
  /(?<![\d.,])\b(?:28|twenty-eight)[- ]?days?\b/gi,
  /(?<![\d.,])\b(?:24|twenty-four)[- ]?(?:hours?|h)\b(?=\s(?:before|ago|window))/gi,
  /\/\s?1(?:k|,?000)\b/gi,
  /\bper\s1(?:k|,?000)\b/gi,
];

function blank(text: string, from: number, to: number): string {
  return text.slice(0, from) + ' '.repeat(to - from) + text.slice(to);
}

/** Every figure in `text` as `locale` prints it, in order; `ignore` adds phrases whose digits are not figures. */
export function findFigures(text: string, ignore: RegExp[] = PERIOD_PHRASES, locale: Locale = 'en'): Figure[] {
  const p = figurePatterns(locale);
  const source = locale === 'en' ? text : text.normalize('NFC');
  let rest = source;
  const out: Figure[] = [];
  for (const re of [...IDENTIFIERS, ...ignore])
    for (const m of rest.matchAll(re)) rest = blank(rest, m.index, m.index + m[0].length);
  for (const m of rest.matchAll(p.incident)) {
    out.push({ text: m[0], kind: 'incident', value: Number(m[1]), signed: false, tolerance: 0, index: m.index });
    rest = blank(rest, m.index, m.index + m[0].length);
  }
  for (const [re, read] of p.dateTime) {
    for (const m of rest.matchAll(re)) {
      const f = read(m);
      const kind: FigureKind = f.date && f.time ? 'datetime' : f.date ? 'date' : 'time';
      out.push({ text: m[0], kind, value: 0, signed: false, tolerance: 0, date: f.date, time: f.time, index: m.index });
      rest = blank(rest, m.index, m.index + m[0].length);
    }
  }
  for (const m of rest.matchAll(p.compound)) {
    out.push({
      text: m[0],
      kind: 'minutes',
      value: Number(m[1]) * 60 + Number(m[2]),
      signed: false,
      tolerance: 0.5,
      index: m.index,
    });
    rest = blank(rest, m.index, m.index + m[0].length);
  }
  for (const m of rest.matchAll(p.number)) out.push(readNumber(m, source, p));
  return out.sort((a, b) => a.index - b.index);
}

function readNumber(m: RegExpMatchArray, text: string, p: ReturnType<typeof figurePatterns>): Figure {
  const [, sign, money, int, frac, unit] = m;
  const scale = unit ? p.scale[unit] : undefined;
  const decimals = frac ? frac.length - 1 : 0;
  const digits = int!.split(p.group).join('');
  const magnitude = Number(`${digits}${frac ? `.${frac.slice(1)}` : ''}`) * (scale ?? 1);
  const negative = !!sign && /[-−]/.test(sign);
  let tolerance = 0.5 * 10 ** -decimals * (scale ?? 1);
  // "about 3,100" is rounded to its last non-zero digit.
  if (!frac && p.approx.test(text.slice(Math.max(0, m.index! - 16), m.index)))
    tolerance = Math.max(tolerance, 0.5 * 10 ** (digits.length - digits.replace(/0+$/, '').length) * (scale ?? 1));
  return {
    text: m[0].trim(),
    kind: p.unitKind(scale ? undefined : unit, !!money),
    value: negative ? -magnitude : magnitude,
    signed: !!sign && !sign.startsWith('±'),
    tolerance,
    index: m.index!,
  };
}
