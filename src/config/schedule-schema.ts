// Schema of the `schedule` section of vigil.yml: when metric runs tick, how far they catch up, how claims lapse.
import { z } from 'zod';
import { GRAINS, type Grain } from '../metrics/grain.ts';

const bucketCount = (what: string) =>
  z
    .number({ message: `must be a whole number of buckets (${what})` })
    .min(1, 'must be at least 1 (the newest complete bucket)')
    .max(96, 'must be at most 96; judge older buckets with a backfill, not the scheduler')
    // A refinement rather than .int(): zod's int failure is a type error, which would hide this key behind the union's message.
    .refine(Number.isInteger, 'must be a whole number of buckets');

/** Buckets judged per grain after downtime, the newest included: 30 minutes of 1m, 1 hour of 5m, 2 hours of 15m, 6 hours, 2 days. */
export const DEFAULT_CATCH_UP: Readonly<Record<Grain, number>> = { '1m': 30, '5m': 12, '15m': 8, hour: 6, day: 2 };

const perGrain = z
  .object({
    '1m': bucketCount('1-minute buckets').optional(),
    '5m': bucketCount('5-minute buckets').optional(),
    '15m': bucketCount('15-minute buckets').optional(),
    hour: bucketCount('hourly buckets').optional(),
    day: bucketCount('daily buckets').optional(),
  })
  .strict();

/** Schema of `schedule:`; `catch_up_buckets` is one number for every grain or one per grain, and comes out per grain. */
export const scheduleSchema = z
  .object({
    enabled: z.boolean({ message: 'must be true or false' }).default(true),
    catch_up_buckets: z
      .union([bucketCount('every grain'), perGrain], {
        message: 'must be a number of buckets for every grain, or one per grain (1m, 5m, 15m, hour, day)',
      })
      .default(() => ({}))
      .transform(
        (v): Record<Grain, number> =>
          Object.fromEntries(
            GRAINS.map((g) => [g, typeof v === 'number' ? v : (v[g] ?? DEFAULT_CATCH_UP[g])]),
          ) as Record<Grain, number>,
      ),
    // Ticks come every 15 minutes (hourly for days), this long after the boundary, so the delay stays well under 15 minutes.
    delay_seconds: z
      .number({ message: 'must be a number of seconds after the bucket boundary' })
      .int('must be a whole number of seconds')
      .min(0, 'must be 0 or more')
      .max(600, 'must be at most 600 (10 minutes); ticks come every 15 minutes')
      .default(60),
    // A replica that dies mid-run holds its bucket this long; a live one renews the lease while it runs.
    lease_minutes: z
      .number({ message: 'must be a number of minutes' })
      .int('must be a whole number of minutes')
      .min(1, 'must be at least 1 minute')
      .max(1440, 'must be at most 1440 minutes (a day)')
      .default(15),
    max_attempts: z
      .number({ message: 'must be a whole number of attempts per bucket' })
      .int('must be a whole number of attempts')
      .min(1, 'must be at least 1')
      .max(20, 'must be at most 20')
      .default(3),
  })
  .strict()
  .default(() => ({
    enabled: true,
    catch_up_buckets: { ...DEFAULT_CATCH_UP },
    delay_seconds: 60,
    lease_minutes: 15,
    max_attempts: 3,
  }));

/** The validated schedule settings. */
export type ScheduleSettings = z.infer<typeof scheduleSchema>;
