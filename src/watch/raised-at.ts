// When the live path would have raised a backtest alert, and how long after the movement began. Pure.
import type { BacktestAlert } from './backtest-metric.ts';

/** The alert's raised_at (its firing bucket's end plus the metric's complete_after) and its delay in minutes. */
export function raisedAt(alert: Pick<BacktestAlert, 'start' | 'firedAt'>, completeAfterMs: number) {
  // The live path judges a bucket only once it is complete: complete_after after its end.
  const raised = Date.parse(alert.firedAt) + completeAfterMs;
  return {
    raised_at: new Date(raised).toISOString(),
    delay_minutes: Math.round((raised - Date.parse(alert.start)) / 60_000),
  };
}
