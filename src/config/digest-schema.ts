// Schema of the `digest` section of vigil.yml: when the daily digest and the weekly report post, and the review step.
import { z } from 'zod';

const channelName = z
  .string()
  .regex(
    /^#?[a-z0-9][a-z0-9_-]{0,79}$/,
    'a Slack channel name: lowercase letters, digits, - and _, at most 80 characters',
  );

const localTime = z
  .string({ message: 'must be a local time such as "09:00"' })
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a 24-hour local time HH:MM such as "09:00" (quote it in YAML)');

/** Days of the week as vigil.yml names them, Sunday first (cron's 0). */
export const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;

/** A day of the week. */
export type Weekday = (typeof WEEKDAYS)[number];

const weekly = z
  .object({
    enabled: z.boolean({ message: 'must be true or false' }).default(true),
    day: z.enum(WEEKDAYS, { message: `must be a day of the week: ${WEEKDAYS.join(', ')}` }).default('monday'),
    at: localTime.default('09:00'),
  })
  .strict()
  .default({ enabled: true, day: 'monday', at: '09:00' });

const review = z
  .object({
    enabled: z.boolean({ message: 'must be true or false' }).default(false),
    channel: channelName.default('gne-digest-review'),
  })
  .strict()
  .default({ enabled: false, channel: 'gne-digest-review' });

const unit = z.enum(['ratio', 'count', 'currency', 'minutes'], {
  message: 'must be ratio, count, currency or minutes',
});
const sql = z
  .string()
  .min(1, 'needs SQL')
  .refine((s) => /:from\b/.test(s) && /:to\b/.test(s), 'must use :from and :to (the period, [from, to))');

/** An integrity count: warehouse SQL over [:from, :to) returning one row with a `value` column. */
const integrityCount = z.object({ label: z.string().min(1).max(80), unit: unit.default('count'), sql }).strict();

/** The vendor scorecard: warehouse SQL over [:from, :to) returning a `vendor` column and the listed ones, a row per vendor. */
const vendorScorecard = z
  .object({
    sql,
    columns: z
      .array(
        z
          .object({
            key: z.string().regex(/^[a-z_][a-z0-9_]*$/, 'a SQL column name'),
            label: z.string().min(1).max(40),
            unit: unit.default('count'),
          })
          .strict(),
      )
      .min(1)
      .max(6),
  })
  .strict();

/** Schema of `digest:`; times are local to VIGIL_TIMEZONE. */
export const digestSchema = z
  .object({
    enabled: z.boolean({ message: 'must be true or false' }).default(true),
    daily_at: localTime.default('09:00'),
    weekly,
    review,
    // The headline metrics of the scorecard, in this order (a fixed 6-8 reads at a glance); every catalog metric when left out.
    scorecard: z
      .array(z.string().min(1))
      .min(1, 'list at least one metric id, or leave scorecard out for all')
      .max(12, 'at most 12: a scorecard is read at a glance')
      .optional(),
    // The digest's Integrity line and vendor scorecard; none by default.
    integrity: z.array(integrityCount).max(8).default([]),
    vendors: vendorScorecard.optional(),
  })
  .strict()
  .default({
    enabled: true,
    daily_at: '09:00',
    weekly: { enabled: true, day: 'monday', at: '09:00' },
    review: { enabled: false, channel: 'gne-digest-review' },
    integrity: [],
  });

/** An integrity count as configured. */
export type IntegrityCountSettings = z.infer<typeof integrityCount>;
/** The vendor scorecard as configured. */
export type VendorScorecardSettings = z.infer<typeof vendorScorecard>;

/** The validated digest settings. */
export type DigestSettings = z.infer<typeof digestSchema>;
