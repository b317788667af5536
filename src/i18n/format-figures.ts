// How a summary prints its figures in each language, so the number check can read them back.
// Numbers go through Intl.NumberFormat(locale) ("2.6%" in English, "2,6%" in Indonesian), unit words come
// from UNIT_WORDS, money is "$" and the locale's number everywhere (Intl's currency style differs too much).
// One precision rule for every figure: whole numbers from 100 up, one decimal from 1 to 100, two decimals
// below 1, trailing zeros dropped ("-0.09 pt", "12.3%", "0.52%", "2.9%", "1,284"); a figure that rounds to
// zero prints without a sign. English dates and times keep their fixed "06-02 14:00" and "2026-06-02". Pure.
import { UNIT_WORDS, type Locale } from './locales.ts';
import { localDateTime } from '../time/zone-time.ts';

/** A figure's unit as the summary facts name it. */
export type SummaryUnit = 'ratio' | 'count' | 'currency' | 'minutes';

/** A language's way of printing each kind of figure. */
export interface FigureFormat {
  locale: Locale;
  /** A value in its unit: ratio as percent, count, "$" money, minutes as a duration. */
  value(n: number, unit: SummaryUnit): string;
  /** A signed difference in its unit; a ratio's difference in points. */
  change(n: number, unit: SummaryUnit): string;
  /** A relative change (value / expected - 1) as a signed percentage. */
  relative(n: number): string;
  /** A duration: minutes below two hours, hours from there. */
  minutes(m: number): string;
  /** An age: hours below two days, days from there. */
  hours(h: number): string;
  /** A whole number with the locale's grouping. */
  count(n: number): string;
  /** An instant's day and time of day in `timeZone`. */
  dateTime(iso: string, timeZone: string): string;
  /** An instant's date in `timeZone`. */
  date(iso: string, timeZone: string): string;
}

/** Decimals the precision rule prints for a magnitude: 0 from 100, 1 from 1, else 2. */
export function figureDecimals(n: number): number {
  const a = Math.abs(n);
  return a >= 100 ? 0 : a >= 1 ? 1 : 2;
}

/** The number a value prints as in its unit (a ratio in percent, minutes from two hours in hours), rounded by the precision rule. */
export function printedFigure(n: number, unit: SummaryUnit): number {
  const shown = unit === 'ratio' ? n * 100 : unit === 'minutes' && Math.abs(n) >= 120 ? n / 60 : n;
  if (unit !== 'ratio' && unit !== 'minutes' && Number.isInteger(shown)) return shown;
  return Number(shown.toFixed(figureDecimals(shown)));
}

const cache = new Map<Locale, FigureFormat>();

/** The figure format of `locale` (built once per language). */
export function figureFormat(locale: Locale): FigureFormat {
  let f = cache.get(locale);
  if (!f) cache.set(locale, (f = build(locale)));
  return f;
}

function build(locale: Locale): FigureFormat {
  const words = UNIT_WORDS[locale];
  const byDecimals = [0, 1, 2].map((d) => new Intl.NumberFormat(locale, { maximumFractionDigits: d }));
  const dateTimeFormat = new Map<string, Intl.DateTimeFormat>();
  const dateFormat = new Map<string, Intl.DateTimeFormat>();

  // The magnitude by the precision rule, and whether it printed as zero (then no sign is printed).
  const magnitude = (n: number, decimals = figureDecimals(n)): { body: string; zero: boolean } => {
    const a = Math.abs(n);
    return { body: byDecimals[decimals]!.format(a), zero: Number(a.toFixed(decimals)) === 0 };
  };
  const withSign = (n: number, body: string, zero: boolean, plus: boolean): string =>
    `${zero || n === 0 ? '' : n < 0 ? '-' : plus ? '+' : ''}${body}`;
  const num = (n: number, plus = false): string => {
    const m = magnitude(n);
    return withSign(n, m.body, m.zero, plus);
  };
  const count = (n: number): string => {
    const m = magnitude(n, 0);
    return withSign(n, m.body, m.zero, false);
  };
  const minutes = (m: number): string =>
    Math.abs(m) < 120 ? `${num(m)} ${words.minutes}` : `${num(m / 60)} ${words.hours}`;
  const hours = (h: number): string => (Math.abs(h) < 48 ? `${num(h)} ${words.hours}` : `${num(h / 24)} ${words.days}`);

  const value = (n: number, unit: SummaryUnit, plus = false): string => {
    if (unit === 'ratio') return `${num(n * 100, plus)}%`;
    if (unit === 'minutes') return plus && n > 0 && !magnitude(n).zero ? `+${minutes(n)}` : minutes(n);
    if (unit === 'currency') {
      const m = magnitude(n);
      return withSign(n, `$${m.body}`, m.zero, plus);
    }
    return Number.isInteger(n) ? withSign(n, magnitude(n, 0).body, n === 0, plus) : num(n, plus);
  };

  return {
    locale,
    value: (n, unit) => value(n, unit),
    change: (n, unit) => (unit === 'ratio' ? `${num(n * 100, true)} ${words.points}` : value(n, unit, true)),
    relative: (n) => `${num(n * 100, true)}%`,
    minutes,
    hours,
    count,
    dateTime(iso, timeZone) {
      if (locale === 'en') return localDateTime(iso, timeZone).slice(5);
      let f = dateTimeFormat.get(timeZone);
      if (!f) {
        f = new Intl.DateTimeFormat(locale, {
          day: 'numeric',
          month: 'short',
          hour: '2-digit',
          minute: '2-digit',
          hourCycle: 'h23',
          timeZone,
        });
        dateTimeFormat.set(timeZone, f);
      }
      return f.format(new Date(iso));
    },
    date(iso, timeZone) {
      if (locale === 'en') return localDateTime(iso, timeZone).slice(0, 10);
      let f = dateFormat.get(timeZone);
      if (!f)
        dateFormat.set(
          timeZone,
          (f = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', year: 'numeric', timeZone })),
        );
      return f.format(new Date(iso));
    },
  };
}
