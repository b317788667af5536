// The patterns findFigures reads figures with, per language: English's own (unchanged), and for the other
// languages patterns built from Intl (decimal and group separators, month names) and figure-words.ts.
// Thai writes no spaces between words, so its words are read without a word boundary after them. Pure.
import type { Locale } from '../i18n/locales.ts';
import { figureWords } from './figure-words.ts';
import { alternation, escapeWord, localeDateReaders, type DateTimeReader } from './locale-dates.ts';

/** What a figure measures, as printed. */
export type FigureKind =
  | 'plain'
  | 'percent'
  | 'points'
  | 'currency'
  | 'minutes'
  | 'hours'
  | 'days'
  | 'multiple'
  | 'date'
  | 'time'
  | 'datetime'
  | 'incident';

/** How one language's figures are read. */
export interface FigurePatterns {
  incident: RegExp;
  dateTime: DateTimeReader[];
  /** "6 h 30 min": groups hours, minutes. */
  compound: RegExp;
  /** Groups: sign, money before, integer part, decimal part (with its separator), unit or scale after. */
  number: RegExp;
  approx: RegExp;
  group: string;
  decimal: string;
  scale: Record<string, number>;
  unitKind(unit: string | undefined, money: boolean): FigureKind;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MON =
  '(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)';

function monthDay(mon: string, day: string, year?: string): string {
  const md = `${String(MONTHS.indexOf(mon.slice(0, 3).toLowerCase()) + 1).padStart(2, '0')}-${day.padStart(2, '0')}`;
  return year ? `${year}-${md}` : md;
}

function englishUnitKind(unit: string | undefined, money: boolean): FigureKind {
  if (!unit) return money ? 'currency' : 'plain';
  if (unit === '%') return 'percent';
  if (/^(pp|pts?|points?|percentage points?)$/.test(unit)) return 'points';
  if (/^min/.test(unit)) return 'minutes';
  if (/^(h|hrs?|hours?)$/.test(unit)) return 'hours';
  if (/^(d|days?)$/.test(unit)) return 'days';
  if (unit === 'x' || unit === '×') return 'multiple';
  return money ? 'currency' : 'plain';
}

const ENGLISH: FigurePatterns = {
  incident: /(?:#|\bincident\s#?|\bINC[- ]?)(\d+)\b/gi,
  dateTime: [
    [
      /\b(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?/g,
      (m) => ({ date: `${m[1]}-${m[2]}-${m[3]}`, time: m[4] ? `${m[4]}:${m[5]}` : undefined }),
    ],
    [
      /\b(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])(?:,?\s(?:at\s)?([01]\d|2[0-3]):([0-5]\d))?\b/g,
      (m) => ({ date: `${m[1]}-${m[2]}`, time: m[3] ? `${m[3]}:${m[4]}` : undefined }),
    ],
    [
      new RegExp(`\\b${MON}\\.?\\s(\\d{1,2})(?:st|nd|rd|th)?(?:,?\\s(\\d{4}))?\\b`, 'gi'),
      (m) => ({ date: monthDay(m[1]!, m[2]!, m[3]) }),
    ],
    [
      new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)?\\s${MON}\\.?(?:,?\\s(\\d{4}))?\\b`, 'gi'),
      (m) => ({ date: monthDay(m[2]!, m[1]!, m[3]) }),
    ],
    [/\b([01]?\d|2[0-3]):([0-5]\d)\b/g, (m) => ({ time: `${m[1]!.padStart(2, '0')}:${m[2]}` })],
  ],
  compound: /(?<![\w.])(\d+)\s?(?:h|hrs?|hours?)\s(\d{1,2})\s?(?:m|mins?|minutes?)\b/g,
  number:
    /(?<![\w.=/#:-])([+\-−±]\s?)?(\$|USD\s?)?(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?:\s?(%|pp\b|pts?\b|percentage points?\b|points?\b|[kK]\b|M\b|B\b|bn\b|mins?\b|minutes?\b|h\b|hrs?\b|hours?\b|d\b|days?\b|x\b|×))?/g,
  approx: /(?:~|≈|\babout|\baround|\broughly|\bapproximately|\bnearly|\balmost|\bsome)\s?$/i,
  group: ',',
  decimal: '.',
  scale: { k: 1e3, K: 1e3, M: 1e6, B: 1e9, bn: 1e9 },
  unitKind: englishUnitKind,
};

/** The decimal and group separators of `locale`, as Intl prints 12345.6. */
export function separators(locale: Locale): { group: string; decimal: string } {
  const parts = new Intl.NumberFormat(locale).formatToParts(12345.6);
  return {
    group: parts.find((p) => p.type === 'group')?.value ?? ',',
    decimal: parts.find((p) => p.type === 'decimal')?.value ?? '.',
  };
}

function build(locale: Exclude<Locale, 'en'>): FigurePatterns {
  const w = figureWords(locale);
  const { group, decimal } = separators(locale);
  const g = escapeWord(group);
  const dec = escapeWord(decimal);
  const end = locale === 'th' ? '' : '(?![\\p{L}\\p{M}\\p{N}_])';
  const kinds = new Map<string, FigureKind>();
  const add = (kind: FigureKind, words: string[]) => words.forEach((x) => kinds.set(x.toLowerCase(), kind));
  add('points', w.points);
  add('minutes', w.minutes);
  add('hours', w.hours);
  add('days', w.days);
  add('currency', ['usd', 'us$', '$']);
  const all = [...w.points, ...w.minutes, ...w.hours, ...w.days, ...Object.keys(w.scale)];
  // Thai words need no boundary (Thai runs words together); Latin ones do, even in Thai ("12 Bahasa" is no billion).
  const thai = (x: string) => /^[\u0E00-\u0E7F]/.test(x);
  const bounded = '(?![\\p{L}\\p{M}\\p{N}_])';
  const words =
    locale === 'th'
      ? [`(?:${alternation(all.filter(thai))})`, `(?:${alternation(all.filter((x) => !thai(x)))})${bounded}`].join('|')
      : `(?:${alternation(all)})${end}`;
  // Symbols are read wherever they stand; words only as whole words (Thai words anywhere). Dollars after a
  // number are its unit unless a number follows them ("10.538 $1.284" is a count, then money).
  const unit = `%|×|(?:US\\$|\\$|USD)(?!\\s?\\d)|${words}|x(?![\\p{L}\\p{N}])`;
  const hours = alternation(w.hours);
  const minutes = alternation(w.minutes);
  return {
    incident: new RegExp(
      `(?:#|(?<![\\p{L}\\p{M}])(?:${alternation(w.incident)})\\s#?|\\bINC[- ]?)(\\d+)(?!\\d)`,
      'giu',
    ),
    dateTime: localeDateReaders(locale, w.at),
    compound: new RegExp(`(?<![\\w.])(\\d+)\\s?(?:${hours})\\s?(\\d{1,2})\\s?(?:${minutes})${end}`, 'gu'),
    number: new RegExp(
      `(?<![\\w.=/#:-])([+\\-−±]\\s?)?(US\\$\\s?|\\$|USD\\s?)?(\\d{1,3}(?:${g}\\d{3})+|\\d+)(${dec}\\d+)?(?:\\s?(${unit}))?`,
      'gu',
    ),
    approx: new RegExp(
      `(?:${w.approx.map((a) => (/^\p{L}/u.test(a) ? `(?<![\\p{L}\\p{M}])` : '') + escapeWord(a)).join('|')})\\s?$`,
      'iu',
    ),
    group,
    decimal,
    scale: w.scale,
    unitKind(u, money) {
      if (!u) return money ? 'currency' : 'plain';
      if (u === '%') return 'percent';
      if (u === 'x' || u === '×') return 'multiple';
      return kinds.get(u.toLowerCase()) ?? (money ? 'currency' : 'plain');
    },
  };
}

const cache = new Map<Locale, FigurePatterns>();

/** The patterns figures are read with in `locale` (built once per language). */
export function figurePatterns(locale: Locale): FigurePatterns {
  if (locale === 'en') return ENGLISH;
  let p = cache.get(locale);
  if (!p) cache.set(locale, (p = build(locale)));
  return p;
}
