// When an unfinished incident set-up is held and tried again: vigil.yml incidents.repair in milliseconds. Pure.
import { DEFAULT_INCIDENT_REPAIR, type IncidentRepair } from '../config/incident-repair-schema.ts';

/** How long a set-up run holds an incident, and when an unfinished one is tried again. */
export interface SetUpTiming {
  leaseMs: number;
  firstRetryMs: number;
  maxRetryMs: number;
}

/** The set-up timing of vigil.yml incidents.repair (its defaults when not given). */
export function repairTiming(r: Omit<IncidentRepair, 'check_every_seconds'> = DEFAULT_INCIDENT_REPAIR): SetUpTiming {
  return {
    leaseMs: r.hold_seconds * 1000,
    firstRetryMs: r.first_retry_seconds * 1000,
    maxRetryMs: r.max_retry_seconds * 1000,
  };
}

/** The wait before the next try after `attempts` unfinished runs: `firstMs`, doubling, at most `maxMs`. */
export function setupBackoffMs(attempts: number, firstMs: number, maxMs: number): number {
  return Math.min(maxMs, firstMs * 2 ** Math.max(0, Math.min(attempts - 1, 30)));
}
