import { describe, expect, it } from 'vitest';
import { optionInstant } from '../../src/cli/option-instant.ts';

describe('optionInstant (backtest --from/--to, check --at)', () => {
  it('reads a date alone as local midnight in the configured zone', () => {
    // West of UTC: UTC midnight of 3 Mar would be the evening of 2 Mar in New York.
    expect(optionInstant('--from', '2026-03-03', 'America/New_York')?.toISOString()).toBe('2026-03-03T05:00:00.000Z');
  });

  it('keeps an instant with Z, and passes over an option not given', () => {
    expect(optionInstant('--at', '2026-03-03T00:00:00Z', 'America/New_York')?.toISOString()).toBe(
      '2026-03-03T00:00:00.000Z',
    );
    expect(optionInstant('--at', undefined, 'UTC')).toBeUndefined();
  });

  it('refuses a non-date with the option named and what to type', () => {
    expect(() => optionInstant('--to', '2026-02-30', 'UTC')).toThrow(/--to 2026-02-30 is not a date/);
  });
});
