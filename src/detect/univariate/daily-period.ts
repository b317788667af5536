// The number of rows in a day, when a series is sampled at a regular interval that divides a day.

const DAY_MS = 86_400_000;

/** Rows per day (4..1500) from the median spacing of the timestamps seen so far, or 0 when the spacing does not divide a day. */
export function dailyPeriod(timestamps: readonly number[]): number {
  if (timestamps.length < 3) return 0;
  const gaps: number[] = [];
  for (let i = 1; i < timestamps.length; i++) gaps.push(timestamps[i]! - timestamps[i - 1]!);
  gaps.sort((a, b) => a - b);
  const gap = gaps[gaps.length >> 1]!;
  if (!(gap > 0)) return 0;
  const rows = Math.round(DAY_MS / gap);
  return rows >= 4 && rows <= 1500 && Math.abs(rows * gap - DAY_MS) <= DAY_MS * 0.001 ? rows : 0;
}
