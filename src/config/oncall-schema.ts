// Schema of the `oncall` section of vigil.yml: the rota that says who is primary and secondary.
import { z } from 'zod';
import { isCalendarDate } from '../time/zone-time.ts';

/** A Slack user id: U… or, on Enterprise Grid, W… (not a display name or an @mention). */
export const slackUserId = z
  .string()
  .regex(
    /^[UW][A-Z0-9]{2,}$/,
    'must be a Slack user id such as U01ABCDE2FG (in Slack: profile > ⋮ > Copy member ID), not a name or @mention',
  );

const START = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}))?$/;
const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/;

const start = z.string({ message: 'must be a local date and time such as 2026-01-05T09:00 (quote it)' }).refine(
  (v) => {
    const m = START.exec(v);
    return !!m && isCalendarDate(+m[1]!, +m[2]!, +m[3]!) && (m[4] === undefined || HHMM.test(`${m[4]}:${m[5]}`));
  },
  {
    message:
      'must be a local date, or date and time, without a zone: 2026-01-05 or 2026-01-05T09:00 (read in VIGIL_TIMEZONE)',
  },
);

const handover = z
  .string({ message: 'must be a 24-hour local time in quotes, such as "09:00"' })
  .regex(HHMM, 'must be a 24-hour local time such as "09:00"');

/** The rota. Handover time: `handover`, else the time in `start`, else 09:00; both given must agree. */
export const rotationSchema = z
  .object({
    start,
    length_days: z.number().int('must be a whole number of days').min(1, 'must be at least 1 day').max(366).default(7),
    handover: handover.optional(),
    primary: z.array(slackUserId).default(() => []),
    secondary: z.array(slackUserId).optional(),
  })
  .strict()
  .superRefine((r, ctx) => {
    const time = START.exec(r.start)?.[4] !== undefined ? r.start.slice(11, 16) : undefined;
    if (time && r.handover && time !== r.handover) {
      ctx.addIssue({
        code: 'custom',
        path: ['handover'],
        message: `"${r.handover}" disagrees with the time in start (${time}); shifts change hands at one time of day, so drop one of them`,
      });
    }
    const clash = firstClash(r.primary, r.secondary ?? []);
    if (clash) {
      ctx.addIssue({
        code: 'custom',
        path: ['secondary'],
        message: `${clash.user} would be both primary and secondary in shift ${clash.shift + 1}; reorder primary or secondary`,
      });
    }
  });

// The first shift (if any) in which one person holds both roles; the pattern repeats every lcm shifts.
function firstClash(primary: string[], secondary: string[]): { user: string; shift: number } | undefined {
  if (primary.length === 0 || secondary.length === 0) return undefined;
  const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
  const cycle = Math.min((primary.length * secondary.length) / gcd(primary.length, secondary.length), 10_000);
  for (let k = 0; k < cycle; k++) {
    const user = primary[k % primary.length]!;
    if (user === secondary[k % secondary.length]) return { user, shift: k };
  }
  return undefined;
}

/** Schema of `oncall:`. Without `rotation` or `ical_url` (the default) nobody is on call until someone runs /oncall set. */
export const oncallSchema = z
  .object({
    rotation: rotationSchema.optional(),
    // An iCalendar feed whose events are the rota (docs/paging.md); `rotation` is the fallback when it cannot be read.
    ical_url: z
      .string()
      .refine((v) => /^https?:\/\//.test(v) && URL.canParse(v), 'must be an http(s) URL of an .ics file')
      .optional(),
    // Default 15 (calendar-rota.ts).
    ical_refresh_minutes: z.number().int('must be a whole number of minutes').min(1).max(1440).optional(),
    // Emails the calendar names (SUMMARY, ATTENDEE) and the Slack member each one is.
    ical_people: z.record(z.string().email('must be an email address'), slackUserId).optional(),
  })
  .strict()
  .default(() => ({}));

/** The validated rota. */
export type Rotation = z.infer<typeof rotationSchema>;

/** The validated `oncall` section. */
export type OncallConfig = z.infer<typeof oncallSchema>;
