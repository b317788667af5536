// Schema of `incidents.repair` in vigil.yml: how often the incident timer runs, and how it retries an unfinished Slack set-up.
import { z } from 'zod';

const seconds = (what: string, min: number, max: number) =>
  z
    .number({ message: `must be a number of seconds (${what})` })
    .int('must be a whole number of seconds')
    .min(min, `must be at least ${min} second${min === 1 ? '' : 's'}`)
    .max(max, `must be at most ${max} seconds`);

/** The defaults: a look every 30 s; a set-up held 2 min by whoever runs it; retries 30 s after, doubling to 15 min. */
export const DEFAULT_INCIDENT_REPAIR = {
  check_every_seconds: 30,
  hold_seconds: 120,
  first_retry_seconds: 30,
  max_retry_seconds: 900,
};

/**
 * Schema of `incidents.repair`. An incident whose channel, card, pin or alerts notice Slack did not
 * make is resumed by the timer (every check_every_seconds, which also paces escalations and
 * reminders) first_retry_seconds after the failed try, the wait doubling up to max_retry_seconds.
 * hold_seconds is how long one try may take before another replica (or a restart) may take it over.
 */
export const incidentRepairSchema = z
  .object({
    check_every_seconds: seconds('between timer runs', 1, 600).default(DEFAULT_INCIDENT_REPAIR.check_every_seconds),
    hold_seconds: seconds('one set-up try may take', 1, 3600).default(DEFAULT_INCIDENT_REPAIR.hold_seconds),
    first_retry_seconds: seconds('before the first retry', 1, 3600).default(
      DEFAULT_INCIDENT_REPAIR.first_retry_seconds,
    ),
    max_retry_seconds: seconds('between retries at most', 1, 86_400).default(DEFAULT_INCIDENT_REPAIR.max_retry_seconds),
  })
  .strict()
  .default(() => ({ ...DEFAULT_INCIDENT_REPAIR }));

/** The validated `incidents.repair`. */
export type IncidentRepair = z.infer<typeof incidentRepairSchema>;
