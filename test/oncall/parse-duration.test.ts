import { describe, expect, it } from 'vitest';
import { parseDuration } from '../../src/oncall/parse-duration.ts';
import { isRefusal } from '../../src/oncall/refusal.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

describe('parseDuration', () => {
  it.each([
    ['30m', 30 * MIN],
    ['2h', 2 * HOUR],
    ['1d', DAY],
    ['1w', 7 * DAY],
    ['1h30m', 90 * MIN],
    [' 2 hours ', 2 * HOUR],
    ['45 min', 45 * MIN],
    ['3 Days', 3 * DAY],
    ['52w', 364 * DAY],
  ])('reads %j', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  const notADuration = (text: string) => ({
    ok: false,
    code: 'vigil_bad_duration',
    message: `"${text.trim()}" is not a duration.`,
    hint: 'Write a number and a unit: m (minutes), h (hours), d (days) or w (weeks), e.g. 30m, 2h, 1d, 1w or 1h30m.',
  });

  it.each(['', 'soon', '2', 'h', '1.5h', '2x', '-2h', '2h later', '10s'])('refuses %j', (text) => {
    expect(parseDuration(text)).toEqual(notADuration(text));
  });

  it('refuses zero and more than a year', () => {
    expect(parseDuration('0m')).toEqual({
      ok: false,
      code: 'vigil_bad_duration',
      message: '"0m" is zero; a duration must be longer than that.',
      hint: 'Give at least a minute, e.g. 30m or 2h.',
    });
    expect(parseDuration('60w')).toEqual({
      ok: false,
      code: 'vigil_bad_duration',
      message: '"60w" is longer than a year.',
      hint: 'Give at most 52w, e.g. 4w.',
    });
    expect(isRefusal(parseDuration('60w'))).toBe(true);
    expect(isRefusal(parseDuration('6w'))).toBe(false);
  });
});
