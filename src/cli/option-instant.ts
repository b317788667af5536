// Reads a command's date option in the team's time zone, once the configuration has named it.
import { InvalidArgumentError } from 'commander';
import { VigilError } from '../errors.ts';
import { parseLocalInstant } from '../time/zone-time.ts';

/** The instant a date option names (a date alone: local midnight in `timezone`); undefined when not given. */
export function optionInstant(option: string, value: string | Date | undefined, timezone: string): Date | undefined {
  if (value === undefined || value instanceof Date) return value;
  const at = parseLocalInstant(value, timezone);
  if (!at)
    throw new VigilError(
      'vigil_cli_bad_date',
      `${option} ${value} is not a date.`,
      `Give an ISO date such as 2026-11-26 (local midnight in ${timezone}) or 2026-11-26T09:00:00Z.`,
    );
  return at;
}

/** Commander's parser for a date option: checked when parsed, read later by optionInstant once the zone is known. */
export function dateOption(value: string): string {
  if (!parseLocalInstant(value, 'UTC'))
    throw new InvalidArgumentError(
      'use an ISO date such as 2026-11-26 (local midnight in VIGIL_TIMEZONE) or 2026-11-26T09:00:00Z.',
    );
  return value;
}
