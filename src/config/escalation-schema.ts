// Schema of the `escalation` section of vigil.yml: when an unacknowledged incident pages the secondary.
import { z } from 'zod';

const minutes = (what: string) =>
  z
    .number({ message: `must be a number of minutes (${what})` })
    .int('must be a whole number of minutes')
    .min(1, 'must be at least 1 minute')
    .max(1440, 'must be at most 1440 minutes (a day)');

/**
 * Schema of `escalation:`. Timeline of an unacknowledged incident: page 1 at opened + ack timeout,
 * page n+1 `repeat_every_minutes` after page n, up to `max_pages`; one interval after the last page
 * (or at the ack timeout when max_pages is 0) one post in channels.escalation; then nothing.
 */
export const escalationSchema = z
  .object({
    ack_timeout_minutes: minutes('how long before the first page').default(15),
    repeat_every_minutes: minutes('between pages').default(15),
    max_pages: z
      .number({ message: 'must be a whole number of pages' })
      .int('must be a whole number of pages')
      .min(0, 'must be 0 (no pages, straight to the escalation channel) or more')
      .max(10, 'must be at most 10; more pages wake nobody new')
      .default(3),
    // Keys are severities (1 = SEV1); YAML `1:` arrives as the string "1".
    by_severity: z
      .object({
        '1': minutes('ack timeout of SEV1').optional(),
        '2': minutes('ack timeout of SEV2').optional(),
        '3': minutes('ack timeout of SEV3').optional(),
        '4': minutes('ack timeout of SEV4').optional(),
      })
      .strict()
      .default(() => ({})),
  })
  .strict()
  .default(() => ({ ack_timeout_minutes: 15, repeat_every_minutes: 15, max_pages: 3, by_severity: {} }));

/** The validated escalation policy. */
export type EscalationPolicy = z.infer<typeof escalationSchema>;
