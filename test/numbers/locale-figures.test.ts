import { describe, expect, it } from 'vitest';
import { findFigures } from '../../src/numbers/find-figures.ts';
import { checkFigures, emptyFigureFacts, type FigureFacts } from '../../src/numbers/match-figures.ts';
import type { Locale } from '../../src/i18n/locales.ts';

// The facts behind every recorded sentence: refund rate 2.614% (+0.392 pt, +12.5% vs the median),
// 10,538 orders, incident #12 open 19 h since 2026-06-02 14:00 Jakarta, acknowledged in 48 min,
// resolved in 150 min, data 76.8 h stale, $1,284.2 refunded.
const facts: FigureFacts = {
  ...emptyFigureFacts(),
  percent: [2.614, 12.5],
  points: [0.392],
  plain: [10538],
  minutes: [48, 150],
  hours: [19, 76.8],
  currency: [1284.2],
  instants: ['2026-06-02 14:00'],
  incidentIds: [12],
};

interface Recorded {
  sentence: string;
  /** A true figure as printed, and a planted mistake in its place. */
  mistakes: Record<'percent' | 'count' | 'points' | 'duration' | 'dateTime' | 'date' | 'incident', [string, string]>;
}

const RECORDED: Record<Locale, Recorded> = {
  en: {
    sentence:
      'Refund rate 2.6% (+0.39 pt vs the 4-week median, +12.5%) across 10,538 orders; incident #12 open 19 h since 06-02 14:00, acknowledged in 48 min, resolved in 2.5 h; data 3.2 days stale; $1,284 refunded.',
    mistakes: {
      percent: ['2.6%', '2.7%'],
      count: ['10,538', '10,539'],
      points: ['+0.39 pt', '+0.49 pt'],
      duration: ['48 min', '58 min'],
      dateTime: ['06-02 14:00', '06-02 15:00'],
      date: ['06-02 14:00', '06-03 14:00'],
      incident: ['#12', '#13'],
    },
  },
  id: {
    sentence:
      'Tingkat refund 2,6% (+0,39 poin dibanding median, +12,5%) dari 10.538 pesanan; insiden #12 terbuka 19 jam sejak 2 Jun, 14.00, diakui dalam 48 menit, selesai dalam 2,5 jam; data tertunda 3,2 hari; $1.284 dikembalikan.',
    mistakes: {
      percent: ['2,6%', '2,7%'],
      count: ['10.538', '10.539'],
      points: ['+0,39 poin', '+0,49 poin'],
      duration: ['48 menit', '58 menit'],
      dateTime: ['2 Jun, 14.00', '2 Jun, 15.00'],
      date: ['2 Jun, 14.00', '3 Jun, 14.00'],
      incident: ['#12', '#13'],
    },
  },
  th: {
    sentence:
      'อัตราการคืนเงิน 2.6% (+0.39 จุด เทียบกับค่ามัธยฐาน, +12.5%) จากคำสั่งซื้อ 10,538 รายการ เหตุการณ์ #12 เปิดอยู่ 19 ชั่วโมงตั้งแต่ 2 มิ.ย. 14:00 รับทราบภายใน 48 นาที แก้ไขภายใน 2.5 ชั่วโมง ข้อมูลค้าง 3.2 วัน คืนเงิน $1,284',
    mistakes: {
      percent: ['2.6%', '2.7%'],
      count: ['10,538', '10,539'],
      points: ['+0.39 จุด', '+0.49 จุด'],
      duration: ['48 นาที', '58 นาที'],
      dateTime: ['2 มิ.ย. 14:00', '2 มิ.ย. 15:00'],
      date: ['2 มิ.ย. 14:00', '3 มิ.ย. 14:00'],
      incident: ['#12', '#13'],
    },
  },
  vi: {
    sentence:
      'Tỷ lệ hoàn tiền 2,6% (+0,39 điểm so với trung vị, +12,5%) trên 10.538 đơn; sự cố #12 mở 19 giờ từ 14:00 2 thg 6, xác nhận sau 48 phút, xử lý trong 2,5 giờ; dữ liệu chậm 3,2 ngày; hoàn $1.284.',
    mistakes: {
      percent: ['2,6%', '2,7%'],
      count: ['10.538', '10.539'],
      points: ['+0,39 điểm', '+0,49 điểm'],
      duration: ['48 phút', '58 phút'],
      dateTime: ['14:00 2 thg 6', '15:00 2 thg 6'],
      date: ['14:00 2 thg 6', '14:00 3 thg 6'],
      incident: ['#12', '#13'],
    },
  },
  ms: {
    sentence:
      'Kadar bayaran balik 2.6% (+0.39 mata berbanding median, +12.5%) daripada 10,538 pesanan; insiden #12 terbuka 19 jam sejak 2 Jun, 14:00, diakui dalam 48 minit, diselesaikan dalam 2.5 jam; data lewat 3.2 hari; $1,284 dibayar balik.',
    mistakes: {
      percent: ['2.6%', '2.7%'],
      count: ['10,538', '10,539'],
      points: ['+0.39 mata', '+0.49 mata'],
      duration: ['48 minit', '58 minit'],
      dateTime: ['2 Jun, 14:00', '2 Jun, 15:00'],
      date: ['2 Jun, 14:00', '3 Jun, 14:00'],
      incident: ['#12', '#13'],
    },
  },
  fil: {
    sentence:
      'Ang refund rate ay 2.6% (+0.39 puntos kumpara sa median, +12.5%) sa 10,538 order; ang insidente #12 ay bukas nang 19 oras mula Hun 2, 14:00, na-acknowledge sa loob ng 48 minuto, naresolba sa 2.5 oras; luma ang data nang 3.2 araw; $1,284 ang na-refund.',
    mistakes: {
      percent: ['2.6%', '2.7%'],
      count: ['10,538', '10,539'],
      points: ['+0.39 puntos', '+0.49 puntos'],
      duration: ['48 minuto', '58 minuto'],
      dateTime: ['Hun 2, 14:00', 'Hun 2, 15:00'],
      date: ['Hun 2, 14:00', 'Hun 3, 14:00'],
      incident: ['#12', '#13'],
    },
  },
};

const unmatched = (text: string, locale: Locale) =>
  checkFigures(text, facts, locale).unmatched.map((u) => u.figure.text);

describe.each(Object.keys(RECORDED) as Locale[])('the number check in %s', (locale) => {
  const { sentence, mistakes } = RECORDED[locale];

  it('passes a recorded sentence whose figures are all true, reading every figure', () => {
    expect(unmatched(sentence, locale)).toEqual([]);
    expect(checkFigures(sentence, facts, locale).checked).toBe(11);
  });

  it.each(Object.entries(mistakes))('catches a wrong %s', (_, [right, wrong]) => {
    expect(sentence).toContain(right);
    const found = unmatched(sentence.replace(right, wrong), locale);
    // An incident number is read with the word before it ("incident #13").
    expect(found).toHaveLength(1);
    expect(found[0]).toContain(wrong);
  });
});

describe('reading figures per language', () => {
  const read = (text: string, locale: Locale) =>
    findFigures(text, [], locale).map((f) => [f.kind, f.value, f.date ?? f.time ?? null]);

  it('reads Indonesian and Vietnamese separators, and a space before %', () => {
    expect(read('2,6% 2,6 % 2,6\u00a0% 10.538 1.234.567,5', 'id')).toEqual([
      ['percent', 2.6, null],
      ['percent', 2.6, null],
      ['percent', 2.6, null],
      ['plain', 10538, null],
      ['plain', 1234567.5, null],
    ]);
    expect(read('-0,09 điểm, 10.538 đơn', 'vi')).toEqual([
      ['points', -0.09, null],
      ['plain', 10538, null],
    ]);
  });

  it('reads an Indonesian time "14.00" as a time, not a decimal', () => {
    expect(read('data hingga pukul 14.00; 14.000 pesanan; 2 Jun pukul 09.30', 'id')).toEqual([
      ['time', 0, '14:00'],
      ['plain', 14000, null],
      ['datetime', 0, '06-02'],
    ]);
    expect(findFigures('2 Jun pukul 09.30', [], 'id')[0]!.time).toBe('09:30');
  });

  it('reads unit variants, money before and after, scales and "about"', () => {
    expect(read('48 mnt, 2 jam 30 menit, +0,4 pp, +0,4 pt, US$1,3 juta, 410 USD, USD 12', 'id')).toEqual([
      ['minutes', 48, null],
      ['minutes', 150, null],
      ['points', 0.4, null],
      ['points', 0.4, null],
      ['currency', 1_300_000, null],
      ['currency', 410, null],
      ['currency', 12, null],
    ]);
    expect(findFigures('sekitar 3.100 pesanan', [], 'id')[0]!.tolerance).toBe(50);
    expect(read('5 ชม. 3 จุด 2 ชั่วโมง 15 นาที', 'th')).toEqual([
      ['hours', 5, null],
      ['points', 3, null],
      ['minutes', 135, null],
    ]);
    expect(read('3 minutos, 4 oras, 2 araw', 'fil')).toEqual([
      ['minutes', 3, null],
      ['hours', 4, null],
      ['days', 2, null],
    ]);
  });

  it('reads figures in Thai text without spaces, and Buddhist-era years', () => {
    expect(read('อัตราการคืนเงิน2.6%จากคำสั่งซื้อ10,538รายการใช้เวลา48นาทีวันที่2 มิ.ย. 2569', 'th')).toEqual([
      ['percent', 2.6, null],
      ['plain', 10538, null],
      ['minutes', 48, null],
      ['date', 0, '2026-06-02'],
    ]);
    expect(read('3,100 รายการ วันที่ 2 มิถุนายน 2569', 'th')).toEqual([
      ['plain', 3100, null],
      ['date', 0, '2026-06-02'],
    ]);
  });

  it('reads month names short and long, in the language and in English', () => {
    expect(read('2 Juni 2026, 3 Agu, 4 Agustus, 5 Mei, 6 June', 'id').map((f) => f[2])).toEqual([
      '2026-06-02',
      '08-03',
      '08-04',
      '05-05',
      '06-06',
    ]);
    expect(read('2 tháng 12, 14:00 ngày 3 thg 1', 'vi')).toEqual([
      ['date', 0, '12-02'],
      ['datetime', 0, '01-03'],
    ]);
    expect(read('Hunyo 2, 2026 at Disyembre 31', 'fil').map((f) => f[2])).toEqual(['2026-06-02', '12-31']);
    expect(read('2 Ogos, 3 Mac', 'ms').map((f) => f[2])).toEqual(['08-02', '03-03']);
  });

  it('tells a unit from the next figure: dollars before a number, "ngày" after one', () => {
    expect(read('10.538 $1.284', 'id')).toEqual([
      ['plain', 10538, null],
      ['currency', 1284, null],
    ]);
    expect(read('8,5 ngày 18 thg 1, lúc 14:00 ngày 2 tháng 6', 'vi')).toEqual([
      ['days', 8.5, null],
      ['date', 0, '01-18'],
      ['datetime', 0, '06-02'],
    ]);
  });

  it('keeps identifiers out in every language', () => {
    expect(findFigures('merchant_id=27003, vendor-2, <@U123ABC>, SEV2, p90', [], 'id')).toEqual([]);
  });
});
