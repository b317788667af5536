import { describe, expect, it } from 'vitest';
import { figureDecimals, figureFormat } from '../../src/i18n/format-figures.ts';
import { LOCALES, type Locale } from '../../src/i18n/locales.ts';

const AT = '2026-06-02T07:00:00Z';
const TZ = 'Asia/Jakarta';

describe('figureFormat: every language prints every unit', () => {
  const table: Record<Locale, string[]> = {
    en: ['2.6%', '10,538', '$10,538', '48 min', '2.5 h', '+0.4 pt', '+12%', '19 h', '3.2 days'],
    id: ['2,6%', '10.538', '$10.538', '48 menit', '2,5 jam', '+0,4 poin', '+12%', '19 jam', '3,2 hari'],
    th: ['2.6%', '10,538', '$10,538', '48 นาที', '2.5 ชั่วโมง', '+0.4 จุด', '+12%', '19 ชั่วโมง', '3.2 วัน'],
    vi: ['2,6%', '10.538', '$10.538', '48 phút', '2,5 giờ', '+0,4 điểm', '+12%', '19 giờ', '3,2 ngày'],
    ms: ['2.6%', '10,538', '$10,538', '48 minit', '2.5 jam', '+0.4 mata', '+12%', '19 jam', '3.2 hari'],
    fil: ['2.6%', '10,538', '$10,538', '48 minuto', '2.5 oras', '+0.4 puntos', '+12%', '19 oras', '3.2 araw'],
  };
  it.each(LOCALES)('%s', (locale) => {
    const f = figureFormat(locale);
    expect(f.locale).toBe(locale);
    expect([
      f.value(0.026, 'ratio'),
      f.value(10538, 'count'),
      f.value(10538, 'currency'),
      f.value(48, 'minutes'),
      f.value(150, 'minutes'),
      f.change(0.004, 'ratio'),
      f.relative(0.12),
      f.hours(19),
      f.hours(76.8),
    ]).toEqual(table[locale]);
  });
});

describe('the precision rule', () => {
  const en = figureFormat('en');
  it('prints whole numbers from 100, one decimal from 1, two below 1, without trailing zeros', () => {
    expect([100, 99.99, 1, 0.999, 0].map(figureDecimals)).toEqual([0, 1, 1, 2, 2]);
    expect(en.change(-0.0009, 'ratio')).toBe('-0.09 pt');
    expect(en.change(0.000063, 'ratio')).toBe('+0.01 pt');
    expect(en.value(0.12345, 'ratio')).toBe('12.3%');
    expect(en.value(0.005234, 'ratio')).toBe('0.52%');
    expect(en.value(0.0287, 'ratio')).toBe('2.9%');
    expect(en.value(0.03, 'ratio')).toBe('3%');
    expect(en.value(1.2345, 'ratio')).toBe('123%');
    expect(en.value(99.96, 'count')).toBe('100');
    expect(en.value(100.4, 'count')).toBe('100');
    expect(en.value(16.192, 'count')).toBe('16.2');
    expect(en.value(0.996, 'count')).toBe('1');
    expect(en.value(0.5, 'count')).toBe('0.5');
    expect(en.value(1.11, 'currency')).toBe('$1.1');
    expect(en.value(0.456, 'currency')).toBe('$0.46');
    expect(en.minutes(119.4)).toBe('119 min');
    expect(en.minutes(120)).toBe('2 h');
    expect(en.hours(47.96)).toBe('48 h');
    expect(en.hours(48)).toBe('2 days');
  });

  it('prints integer counts as integers, with grouping', () => {
    expect(en.value(6608, 'count')).toBe('6,608');
    expect(en.value(7, 'count')).toBe('7');
    expect(en.count(1284.4)).toBe('1,284');
    expect(figureFormat('id').count(1234567)).toBe('1.234.567');
  });
});

describe('signs and negative numbers', () => {
  it('signs changes, never a figure that rounds to zero', () => {
    const en = figureFormat('en');
    expect(en.change(0.00004, 'ratio')).toBe('0 pt');
    expect(en.change(-0.00004, 'ratio')).toBe('0 pt');
    expect(en.change(0, 'count')).toBe('0');
    expect(en.change(-0.001, 'count')).toBe('0');
    expect(en.change(-6.673, 'count')).toBe('-6.7');
    expect(en.change(5, 'count')).toBe('+5');
    expect(en.change(-410, 'currency')).toBe('-$410');
    expect(en.change(300, 'minutes')).toBe('+5 h');
    expect(en.change(-12, 'minutes')).toBe('-12 min');
    expect(en.relative(-0.00004)).toBe('0%');
    expect(en.relative(-0.125)).toBe('-12.5%');
  });

  it('prints negative values with a minus', () => {
    const id = figureFormat('id');
    expect(id.value(-0.026, 'ratio')).toBe('-2,6%');
    expect(id.value(-10538, 'count')).toBe('-10.538');
    expect(id.value(-2.5, 'currency')).toBe('-$2,5');
    expect(id.value(-0.00001, 'ratio')).toBe('0%');
  });
});

describe('separators', () => {
  it('uses comma decimals and dot grouping in Indonesian and Vietnamese', () => {
    for (const l of ['id', 'vi'] as const) {
      expect(figureFormat(l).value(1234.5, 'currency')).toBe('$1.235');
      expect(figureFormat(l).value(12.25, 'count')).toBe('12,3');
      expect(figureFormat(l).relative(0.125)).toBe('+12,5%');
    }
    for (const l of ['en', 'th', 'ms', 'fil'] as const) expect(figureFormat(l).value(12345.6, 'count')).toBe('12,346');
  });
});

describe('dates', () => {
  it('keeps the English forms', () => {
    expect(figureFormat('en').dateTime(AT, TZ)).toBe('06-02 14:00');
    expect(figureFormat('en').date(AT, TZ)).toBe('2026-06-02');
  });

  it("prints other languages' dates as Intl does", () => {
    for (const l of LOCALES.filter((x) => x !== 'en')) {
      const dt = new Intl.DateTimeFormat(l, {
        day: 'numeric',
        month: 'short',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
        timeZone: TZ,
      });
      const d = new Intl.DateTimeFormat(l, { day: 'numeric', month: 'short', year: 'numeric', timeZone: TZ });
      expect(figureFormat(l).dateTime(AT, TZ)).toBe(dt.format(new Date(AT)));
      expect(figureFormat(l).date(AT, TZ)).toBe(d.format(new Date(AT)));
    }
    expect(figureFormat('th').dateTime(AT, TZ)).toMatch(/^2 มิ\.ย\. 14:00$/);
    expect(figureFormat('th').date(AT, TZ)).toBe('2 มิ.ย. 2569');
    expect(figureFormat('id').dateTime(AT, TZ)).toMatch(/^2 Jun,? 14\.00$/);
  });
});
