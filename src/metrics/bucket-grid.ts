// Buckets as integer grid indexes, so "the same hour last week" is index - 168 whatever the grain.
import { bucketStart, GRAIN_MS, type Grain } from './grain.ts';

const HOUR = 3_600_000;
const DAY = GRAIN_MS.day;

/** Buckets in a seasonal period: a week. */
export const PERIOD: Readonly<Record<Grain, number>> = { '1m': 10_080, '5m': 2016, '15m': 672, hour: 168, day: 7 };

/** Grid index of the bucket starting at `start` (epoch ms). */
export function gridIndex(start: number, grain: Grain): number {
  // A local day starts between 14:00 UTC the day before (UTC+10..14) and 12:00 UTC (UTC-12); shifting by 14 h
  // puts every local midnight of one calendar day into one UTC day, DST or not.
  if (grain === 'day') return Math.floor((start + 14 * HOUR) / DAY);
  return Math.floor(start / GRAIN_MS[grain]);
}

/** Start (epoch ms) of the bucket at grid index g. */
export function gridStart(g: number, grain: Grain, timezone: string): number {
  if (grain === 'day') return bucketStart(g * DAY + 10 * HOUR - 1, 'day', timezone);
  return g * GRAIN_MS[grain];
}
