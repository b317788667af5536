import type pg from 'pg';
import { describe, expect, it } from 'vitest';
import { VigilError } from '../../src/errors.ts';
import { seedDemo } from '../../src/demo/seed-demo.ts';
import { validateSeedOptions, type SeedOptions } from '../../src/demo/seed-options.ts';

const end = new Date('2025-06-03T10:00:00Z');

function codeOf(opts: SeedOptions): string | undefined {
  try {
    validateSeedOptions(opts);
    return undefined;
  } catch (err) {
    expect(err).toBeInstanceOf(VigilError);
    expect((err as VigilError).hint.length).toBeGreaterThan(10);
    return (err as VigilError).code;
  }
}

describe('validateSeedOptions', () => {
  it('accepts whole days from 35 to 730 and any non-negative whole seed, returning end in seconds', () => {
    expect(validateSeedOptions({ days: 35, seed: 0, end })).toEqual({ days: 35, seed: 0, end: end.getTime() / 1000 });
    expect(validateSeedOptions({ days: 730, seed: 2 ** 40, end }).days).toBe(730);
  });

  it.each([34, 731, 35.5, Number.NaN, -1])('rejects %s days with vigil_demo_bad_days', (days) => {
    expect(codeOf({ days, seed: 1, end })).toBe('vigil_demo_bad_days');
  });

  it.each([-1, 1.5, Number.NaN, 2 ** 60])('rejects seed %s with vigil_demo_bad_seed', (seed) => {
    expect(codeOf({ days: 120, seed, end })).toBe('vigil_demo_bad_seed');
  });

  it('rejects an invalid end with vigil_demo_bad_end', () => {
    expect(codeOf({ days: 120, seed: 1, end: new Date('not a date') })).toBe('vigil_demo_bad_end');
  });

  it('makes seedDemo fail before it touches the database', async () => {
    let connected = false;
    const pool = {
      connect: async () => {
        connected = true;
        throw new Error('should not connect');
      },
    } as unknown as pg.Pool;
    await expect(seedDemo(pool, { days: 10, seed: 1, end })).rejects.toMatchObject({ code: 'vigil_demo_bad_days' });
    expect(connected).toBe(false);
  });
});
