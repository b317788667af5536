// Schema of the `digest` section of vigil.yml: when the daily digest and the weekly report post, and the review step.
import { z } from 'zod';
import { resolveLocale, type Locale } from '../i18n/locales.ts';

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

/** A BCP 47 tag of a language summaries are written in, normalised to vigil's code ("id-ID" -> "id"). */
const language = z
  .string({ message: 'must be a language tag such as "en" or "id-ID"' })
  .transform((tag, ctx): Locale => {
    try {
      return resolveLocale(tag);
    } catch (err) {
      const e = err as Error & { hint?: string };
      ctx.addIssue({ code: 'custom', message: `${e.message}: ${e.hint ?? ''}` });
      return z.NEVER;
    }
  });

/** Extra channels that get the same digest, each written in its own language. */
const alsoTo = z
  .array(z.object({ channel: channelName, language }).strict())
  .max(8, 'at most 8 channels')
  .refine(
    (list) => new Set(list.map((d) => d.channel.replace(/^#/, ''))).size === list.length,
    'lists a channel twice: one digest per channel',
  );

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
            // The vendor's target on this column and which way is bad: the scorecard marks and ranks misses.
            target: z.number().finite().optional(),
            bad: z.enum(['up', 'down'], { message: 'must be up or down' }).default('up'),
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
    // The language of the managers' digest (BCP 47), and extra channels with theirs.
    language: language.default('en'),
    also_to: alsoTo.default([]),
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
    language: 'en',
    also_to: [],
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
