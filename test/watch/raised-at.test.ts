// raised_at and the delay of a backtest alert: the firing bucket's end plus complete_after.
import { describe, expect, it } from 'vitest';
import { raisedAt } from '../../src/watch/raised-at.ts';

describe('raisedAt', () => {
  const alert = { start: '2026-11-19T06:00:00.000Z', firedAt: '2026-11-19T09:00:00.000Z' };

  it('adds complete_after to the end of the firing bucket and measures the delay from the start', () => {
    expect(raisedAt(alert, 4 * 3_600_000)).toEqual({ raised_at: '2026-11-19T13:00:00.000Z', delay_minutes: 420 });
  });

  it('is the firing bucket end when the metric is complete at once', () => {
    expect(raisedAt(alert, 0)).toEqual({ raised_at: '2026-11-19T09:00:00.000Z', delay_minutes: 180 });
  });
});
