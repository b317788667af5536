// Bucket arithmetic for the catalog's grains: 1-, 5- and 15-minute and hourly buckets on the UTC clock, daily
// buckets from local midnight in VIGIL_TIMEZONE.
import { VigilError } from '../errors.ts';

/** The bucket sizes a metric can be judged at. */
export const GRAINS = ['1m', '5m', '15m', 'hour', 'day'] as const;
/** One of GRAINS. */
export type Grain = (typeof GRAINS)[number];

const MINUTE = 60_000;
/** Length of a bucket in milliseconds (a local day is taken as 24 h; DST days are 23 or 25 h long, see bucketEnd). */
export const GRAIN_MS: Readonly<Record<Grain, number>> = {
  '1m': MINUTE,
  '5m': 5 * MINUTE,
  '15m': 15 * MINUTE,
  hour: 60 * MINUTE,
  day: 24 * 60 * MINUTE,
};

// Offset of the zone from UTC at an instant, in ms (positive east of Greenwich).
function zoneOffsetMs(at: number, timezone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: timezone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(at));
  const get = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  const local = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return local - Math.floor(at / 1000) * 1000;
}

/** Start of the bucket containing `at` (epoch ms). */
export function bucketStart(at: number, grain: Grain, timezone: string): number {
  if (grain !== 'day') return Math.floor(at / GRAIN_MS[grain]) * GRAIN_MS[grain];
  const offset = zoneOffsetMs(at, timezone);
  const localMidnight = Math.floor((at + offset) / GRAIN_MS.day) * GRAIN_MS.day;
  // The offset at midnight can differ from the offset now on a DST day.
  return localMidnight - zoneOffsetMs(localMidnight - offset, timezone);
}

/** End (exclusive) of the bucket starting at `start`. */
export function bucketEnd(start: number, grain: Grain, timezone: string): number {
  if (grain !== 'day') return start + GRAIN_MS[grain];
  return bucketStart(start + GRAIN_MS.day + 3 * 60 * MINUTE, 'day', timezone);
}

/** Parses a grain name, with the accepted names in the error. */
export function parseGrain(value: string): Grain {
  if ((GRAINS as readonly string[]).includes(value)) return value as Grain;
  throw new VigilError('vigil_grain_unknown', `"${value}" is not a grain.`, `Use one of: ${GRAINS.join(', ')}.`);
}
