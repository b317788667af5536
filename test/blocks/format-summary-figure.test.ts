import { describe, expect, it } from 'vitest';
import {
  formatChange,
  formatDate,
  formatDateTime,
  formatHours,
  formatMinutes,
  formatRelative,
  formatValue,
} from '../../src/blocks/format-summary-figure.ts';

describe('formatValue', () => {
  it('prints counts by the precision rule: whole from 100, one decimal from 1, two below 1', () => {
    expect(formatValue(16.192, 'count')).toBe('16.2');
    expect(formatValue(2.3456, 'count')).toBe('2.3');
    expect(formatValue(0.5, 'count')).toBe('0.5');
    expect(formatValue(0.5234, 'count')).toBe('0.52');
    expect(formatValue(1284.4, 'count')).toBe('1,284');
    expect(formatValue(6608, 'count')).toBe('6,608');
    expect(formatChange(-6.673, 'count')).toBe('-6.7');
  });

  it('prints rates as percentages, money as dollars and minutes as durations', () => {
    expect(formatValue(0.0375, 'ratio')).toBe('3.8%');
    expect(formatValue(0.005234, 'ratio')).toBe('0.52%');
    expect(formatValue(0.12345, 'ratio')).toBe('12.3%');
    expect(formatValue(1.11, 'currency')).toBe('$1.1');
    expect(formatValue(1284500, 'currency')).toBe('$1,284,500');
    expect(formatValue(48, 'minutes')).toBe('48 min');
    expect(formatMinutes(150)).toBe('2.5 h');
    expect(formatHours(19)).toBe('19 h');
    expect(formatHours(76.8)).toBe('3.2 days');
  });
});

describe('formatChange and formatRelative', () => {
  it('prints a rate change in points by the same rule, unsigned when it rounds to zero', () => {
    expect(formatChange(-0.0009, 'ratio')).toBe('-0.09 pt');
    expect(formatChange(0.000063, 'ratio')).toBe('+0.01 pt');
    expect(formatChange(0.008, 'ratio')).toBe('+0.8 pt');
    expect(formatChange(0.00001, 'ratio')).toBe('0 pt');
    expect(formatRelative(0.39)).toBe('+39%');
    expect(formatRelative(-0.0123)).toBe('-1.2%');
  });
});

describe('English dates', () => {
  it('are unchanged', () => {
    expect(formatDateTime('2025-06-02T07:00:00Z', 'Asia/Jakarta')).toBe('06-02 14:00');
    expect(formatDate('2025-06-02T07:00:00Z', 'Asia/Jakarta')).toBe('2025-06-02');
  });
});
