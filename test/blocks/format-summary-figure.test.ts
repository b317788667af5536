import { describe, expect, it } from 'vitest';
import { formatChange, formatValue } from '../../src/blocks/format-summary-figure.ts';

describe('formatValue', () => {
  it('prints counts to about three significant figures: whole numbers as they are, fractions shortened', () => {
    expect(formatValue(16.192, 'count')).toBe('16.2');
    expect(formatValue(2.3456, 'count')).toBe('2.35');
    expect(formatValue(0.5, 'count')).toBe('0.5');
    expect(formatValue(1284.4, 'count')).toBe('1,284');
    expect(formatValue(6608, 'count')).toBe('6,608');
    expect(formatChange(-6.673, 'count')).toBe('-6.67');
  });

  it('prints rates as percentages, money as dollars and minutes as durations', () => {
    expect(formatValue(0.0375, 'ratio')).toBe('3.75%');
    expect(formatValue(1.11, 'currency')).toBe('$1.11');
    expect(formatValue(48, 'minutes')).toBe('48 min');
  });
});
