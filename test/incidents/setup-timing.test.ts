import { describe, expect, it } from 'vitest';
import { repairTiming, setupBackoffMs } from '../../src/incidents/setup-timing.ts';

describe('set-up retry timing', () => {
  it('waits the first retry, then doubles up to the cap', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 50].map((n) => setupBackoffMs(n, 30_000, 900_000))).toEqual([
      30_000, 60_000, 120_000, 240_000, 480_000, 900_000, 900_000, 900_000,
    ]);
  });

  it('reads vigil.yml incidents.repair in milliseconds, with its defaults', () => {
    expect(repairTiming()).toEqual({ leaseMs: 120_000, firstRetryMs: 30_000, maxRetryMs: 900_000 });
    expect(repairTiming({ hold_seconds: 3, first_retry_seconds: 1, max_retry_seconds: 5 })).toEqual({
      leaseMs: 3000,
      firstRetryMs: 1000,
      maxRetryMs: 5000,
    });
  });
});
