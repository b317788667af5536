import { describe, expect, it } from 'vitest';
import { figureFormat } from '../../src/i18n/format-figures.ts';
import { LOCALES, type Locale } from '../../src/i18n/locales.ts';
import { findFigures } from '../../src/numbers/find-figures.ts';
import { checkFigures, emptyFigureFacts, type FigureFacts } from '../../src/numbers/match-figures.ts';
import type { SummaryUnit } from '../../src/blocks/format-summary-figure.ts';
import { localInstants } from '../../src/time/zone-time.ts';

const UNITS: SummaryUnit[] = ['ratio', 'count', 'currency', 'minutes'];

// A small seeded generator, so a failure names a value that reproduces.
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

// Values from 0.0001 to a million, on a log scale, a quarter negative, and some whole numbers.
function values(seed: number, n: number): number[] {
  const r = random(seed);
  return Array.from({ length: n }, () => {
    const v = 10 ** (r() * 10 - 4);
    const whole = r() < 0.2 ? Math.round(v) : v;
    return r() < 0.25 ? -whole : whole;
  });
}

// The facts a value of `unit` becomes, sorted as figuresOfSummary sorts them.
function factsOf(v: number, unit: SummaryUnit, as: 'value' | 'change'): FigureFacts {
  const f = emptyFigureFacts();
  if (unit === 'ratio') (as === 'value' ? f.percent : f.points).push(v * 100);
  else if (unit === 'currency') f.currency.push(v);
  else if (unit === 'minutes') f.minutes.push(v);
  else f.plain.push(v);
  return f;
}

function roundTrip(text: string, facts: FigureFacts, locale: Locale): string[] {
  const found = findFigures(text, undefined, locale);
  const problems: string[] = [];
  if (found.length !== 1) problems.push(`${text}: read ${found.length} figures`);
  for (const u of checkFigures(text, facts, locale).unmatched) problems.push(`${text}: ${u.reason}`);
  return problems;
}

describe.each(LOCALES)('what %s prints, the number check reads back', (locale) => {
  const f = figureFormat(locale);

  it.each(UNITS)('values and changes in %s', (unit) => {
    const problems: string[] = [];
    for (const v of values(UNITS.indexOf(unit) + 1, 400)) {
      problems.push(...roundTrip(f.value(v, unit), factsOf(v, unit, 'value'), locale));
      problems.push(...roundTrip(f.change(v, unit), factsOf(v, unit, 'change'), locale));
    }
    expect(problems).toEqual([]);
  });

  it('relative changes, ages and counts', () => {
    const problems: string[] = [];
    for (const v of values(7, 400)) {
      problems.push(...roundTrip(f.relative(v), { ...emptyFigureFacts(), percent: [v * 100] }, locale));
      problems.push(...roundTrip(f.hours(Math.abs(v)), { ...emptyFigureFacts(), hours: [Math.abs(v)] }, locale));
      problems.push(...roundTrip(f.count(v), { ...emptyFigureFacts(), plain: [v] }, locale));
    }
    expect(problems).toEqual([]);
  });

  it('dates and times in the summary time zone', () => {
    const r = random(11);
    const problems: string[] = [];
    for (let i = 0; i < 200; i++) {
      const iso = new Date(Date.UTC(2026, 0, 1) + Math.floor(r() * 366 * 1440) * 60_000).toISOString();
      for (const tz of ['Asia/Jakarta', 'Asia/Bangkok', 'Asia/Manila', 'UTC']) {
        const facts = { ...emptyFigureFacts(), instants: localInstants(iso, tz) };
        problems.push(...roundTrip(f.dateTime(iso, tz), facts, locale), ...roundTrip(f.date(iso, tz), facts, locale));
        // A wrong day is caught.
        const other = new Date(Date.parse(iso) + 86_400_000).toISOString();
        if (checkFigures(f.dateTime(other, tz), facts, locale).unmatched.length !== 1)
          problems.push(`${f.dateTime(other, tz)} passed for ${iso}`);
      }
    }
    expect(problems).toEqual([]);
  });
});

describe('a sentence of true figures is never flagged', () => {
  it.each(LOCALES)('%s', (locale) => {
    const f = figureFormat(locale);
    const r = random(locale.length * 31 + locale.charCodeAt(0));
    const problems: string[] = [];
    for (let i = 0; i < 150; i++) {
      const [rate, change, rel, orders, money, minutes, age] = values(i + 100, 7);
      const id = Math.floor(r() * 500) + 1;
      const iso = new Date(Date.UTC(2026, 0, 1) + Math.floor(r() * 366 * 1440) * 60_000).toISOString();
      const facts: FigureFacts = {
        ...emptyFigureFacts(),
        percent: [rate! * 100, rel! * 100],
        points: [change! * 100],
        plain: [orders!],
        currency: [money!],
        minutes: [Math.abs(minutes!)],
        hours: [Math.abs(age!)],
        instants: localInstants(iso, 'Asia/Jakarta'),
        incidentIds: [id],
      };
      const text =
        `${f.value(rate!, 'ratio')} (${f.change(change!, 'ratio')}; ${f.relative(rel!)}), ${f.value(orders!, 'count')}` +
        ` ${f.value(money!, 'currency')}; #${id} ${f.dateTime(iso, 'Asia/Jakarta')}, ${f.minutes(Math.abs(minutes!))}` +
        ` ${f.hours(Math.abs(age!))} ${f.date(iso, 'Asia/Jakarta')}.`;
      const check = checkFigures(text, facts, locale);
      if (check.unmatched.length > 0 || check.checked !== 10)
        problems.push(`${text}: ${check.checked} read, ${check.unmatched.map((u) => u.figure.text).join(' | ')}`);
    }
    expect(problems).toEqual([]);
  });
});
