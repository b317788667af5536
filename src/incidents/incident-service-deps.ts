// What an IncidentService is built from: the database, the clock and the hooks the composition wires in.
import type pg from 'pg';
import type { Logger } from 'pino';
import type { Incident } from './incident-types.ts';
import type { IncidentNotifier } from './incident-notifier.ts';
import type { IncidentPaging } from './incident-paging.ts';
import type { IncidentSlackDeps } from './slack-incident-notifier.ts';
import type { UpdateCadence } from './next-update.ts';
import type { SetUpTiming } from './setup-timing.ts';

/** What the service needs from the rest of vigil besides its Slack side. */
export interface IncidentCoreDeps {
  pool: pg.Pool;
  logger: Logger;
  clock: () => Date;
  timezone: string;
  /** Minutes between status updates by severity (vigil.yml incidents.update_every_minutes). */
  updateCadence?: UpdateCadence;
  /** When the escalation policy first needs a look at a new incident (undefined: never). */
  firstEscalationDue?: (incident: { severity: number; openedAt: Date }) => Date | undefined;
  playbooksFor?: (incident: Incident) => string[];
  /** Called after a responder (`actor`) escalates, with their reason: pages the next person. */
  onEscalated?: (incident: Incident, actor: string, reason?: string) => Promise<void>;
  /** Told when an incident opens, is acknowledged, resolved, reopened or changes severity: the pages (incident-paging.ts). */
  paging?: IncidentPaging;
  /**
   * Told after an incident opens or an action changes it, with the people it concerns (opener, role holders, the
   * one who acted, a role's previous holder): the App Home is republished for them. Must return at once.
   */
  onChanged?: (incident: Incident, people: string[]) => void;
  /** Called after an incident is resolved (the incident summary); a failure is logged, never undoes the resolve. */
  onResolved?: (incident: Incident) => Promise<void>;
  /** Timing of unfinished Slack set-ups (vigil.yml incidents.repair); defaults when left out. */
  repair?: SetUpTiming;
  /** How recently resolved an incident the detector reopens instead of opening a new one (incidents.reopen_within; 24 h). */
  reopenWithinMs?: number;
}

/** incidents.reopen_within when the composition does not pass it: 24 hours. */
export const DEFAULT_REOPEN_WITHIN_MS = 24 * 3_600_000;

/** What the service needs: its Slack side as a `notifier` (silentNotifier when Slack is off), or where to build the Slack one. */
export type IncidentServiceDeps = IncidentCoreDeps & (IncidentSlackDeps | { notifier: IncidentNotifier });
