import { describe, expect, it } from 'vitest';
import {
  clockTime,
  dayLabel,
  formatChange,
  formatComparison,
  formatDuration,
  formatInZone,
  formatMetricValue,
  formatPercent,
  formatSlice,
  mentionChannel,
  mentionUser,
  slackDate,
} from '../../src/blocks/format-values.ts';

describe('formatDuration', () => {
  it.each([
    [0, '0s'],
    [45, '45s'],
    [59.9, '59s'],
    [60, '1m'],
    [360, '6m'],
    [3599, '59m'],
    [3600, '1h'],
    [7500, '2h 5m'],
    [86400, '1d'],
    [3 * 86400 + 4 * 3600 + 59, '3d 4h'],
    [-5, '0s'],
    [Number.NaN, '0s'],
  ])('%s s -> %s', (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });
});

describe('metric values', () => {
  it('print ratios as percentages: one decimal from 1%, two significant digits below', () => {
    expect([0.041, 0.01, 0.964, 0.0052, 0.00061, 0.008, 1e-10, 0, 1].map(formatPercent)).toEqual([
      '4.1%',
      '1.0%',
      '96.4%',
      '0.52%',
      '0.061%',
      '0.80%',
      '0.000000010%',
      '0%',
      '100.0%',
    ]);
  });

  it('compare a ratio in percentage points', () => {
    expect(formatComparison(0.041, 0.01, 'ratio')).toBe('4.1% vs 1.0% expected (+3.1 pt)');
    expect(formatComparison(0.964, 0.981, 'ratio')).toBe('96.4% vs 98.1% expected (-1.7 pt)');
    expect(formatChange(0.01, 0.01, 'ratio')).toBe('0 pt');
  });

  it('compare counts, currency and minutes in percent, and leave out a change from zero', () => {
    expect(formatComparison(3120, 1050, 'count')).toBe('3,120 vs 1,050 expected (+197%)');
    expect(formatComparison(410_000_000, 120_000_000, 'currency')).toBe('410,000,000 vs 120,000,000 expected (+242%)');
    expect(formatComparison(95, 30, 'minutes')).toBe('1h 35m vs 30m expected (+217%)');
    expect(formatComparison(5, 0, 'count')).toBe('5 vs 0 expected');
    expect(formatMetricValue(12.345, 'currency')).toBe('12.35');
    expect(formatMetricValue(Number.NaN, 'count')).toBe('n/a');
  });
});

describe('slices and mentions', () => {
  it('print a slice in the order given, escaped, or "all"', () => {
    expect(formatSlice({ city: 'jakarta', category: 'spa' })).toBe('city=jakarta · category=spa');
    expect(formatSlice({ vendor: 'A&B <x>' })).toBe('vendor=A&amp;B &lt;x&gt;');
    expect(formatSlice({})).toBe('all');
  });

  it('mention Slack ids and escape anything else', () => {
    expect(mentionUser('U123ABC')).toBe('<@U123ABC>');
    expect(mentionUser('W0ENT')).toBe('<@W0ENT>');
    expect(mentionUser('scheduler')).toBe('scheduler');
    expect(mentionUser('<!channel>')).toBe('&lt;!channel&gt;');
    expect(mentionChannel('C123')).toBe('<#C123>');
  });
});

describe('dates', () => {
  const at = new Date('2025-05-01T09:14:00Z');

  it('write a Slack date token with a fallback in the team timezone', () => {
    expect(slackDate(at, 'Asia/Jakarta')).toBe('<!date^1746090840^{date_short_pretty} {time}|1 May 2025, 16:14 GMT+7>');
    expect(formatInZone(at, 'UTC')).toBe('1 May 2025, 09:14 UTC');
  });

  it('give clock times and day labels in the timezone', () => {
    expect(clockTime(at, 'Asia/Jakarta')).toBe('16:14');
    expect(clockTime(new Date('2025-05-01T23:05:00Z'), 'Asia/Jakarta')).toBe('06:05');
    expect(dayLabel(new Date('2025-05-01T23:05:00Z'), 'Asia/Jakarta')).toBe('Fri 2 May');
  });

  it('refuse an unknown timezone with a coded error', () => {
    expect(() => clockTime(at, 'Mars/Olympus')).toThrow(expect.objectContaining({ code: 'vigil_invalid_timezone' }));
  });
});
