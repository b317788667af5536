// Checks `vigil demo seed` options before any database work, naming the fix for each bad value.
import { VigilError } from '../errors.ts';
import { BASELINE_DAYS } from './plan-incidents.ts';

/** Options of one demo seeding. */
export interface SeedOptions {
  /** Days of history, ending at `end` (35..730). */
  days: number;
  /** Any non-negative integer; the same seed, days and end give byte-identical data. */
  seed: number;
  /** The end of the data (the CLI passes the start of the current UTC hour). */
  end: Date;
  /** Progress lines for a terminal or log. */
  log?: (msg: string) => void;
  /** Aborting stops the seeding at the next day boundary; nothing of it is kept. */
  signal?: AbortSignal;
}

/** The fewest days that still leave a 28-day clean baseline and a week of incidents. */
export const MIN_DAYS = BASELINE_DAYS + 7;
/** Two years, which keeps a seeding within a few minutes. */
export const MAX_DAYS = 730;

/** Validated options, with `end` as whole epoch seconds. */
export function validateSeedOptions(opts: SeedOptions): { days: number; seed: number; end: number } {
  const { days, seed, end } = opts;
  if (!Number.isInteger(days) || days < MIN_DAYS || days > MAX_DAYS) {
    throw new VigilError(
      'vigil_demo_bad_days',
      `The demo needs a whole number of days from ${MIN_DAYS} to ${MAX_DAYS}; got ${String(days)}.`,
      `Pass --days between ${MIN_DAYS} and ${MAX_DAYS} (the default is 120): the first ${BASELINE_DAYS} days are the clean baseline.`,
    );
  }
  if (!Number.isSafeInteger(seed) || seed < 0) {
    throw new VigilError(
      'vigil_demo_bad_seed',
      `The demo seed must be a non-negative whole number; got ${String(seed)}.`,
      'Pass --seed as a whole number such as 1; the same seed gives the same data.',
    );
  }
  if (!(end instanceof Date) || Number.isNaN(end.getTime())) {
    throw new VigilError(
      'vigil_demo_bad_end',
      'The end of the demo period is not a valid time.',
      'Pass a valid Date (the CLI uses the start of the current UTC hour).',
    );
  }
  return { days, seed, end: Math.floor(end.getTime() / 1000) };
}
