// The moments of an incident's life that page people and paging services, and who the service tells of them.
import type { Incident, IncidentAction, Severity } from './incident-types.ts';

/** A moment that can page: opened, acknowledged, resolved, reopened, or its severity changed (`from` the old one). */
export type PagingMoment =
  | { kind: 'opened' }
  | { kind: 'acknowledged'; actor: string }
  | { kind: 'resolved'; actor: string }
  | { kind: 'reopened'; actor: string }
  | { kind: 'severity_changed'; actor: string; from: Severity };

/** Told of each paging moment after the database has it; a failure is the pager's to report, never the incident's. */
export interface IncidentPaging {
  tell(incident: Incident, moment: PagingMoment): Promise<void>;
}

/** SEV1 and SEV2 wake the primary on call at once. */
export const PAGE_AT_ONCE_UP_TO: Severity = 2;

/** Whether the moment pages the primary on call now: a SEV1/2 opened or reopened, or an incident raised to SEV1/2. */
export function pagesPrimaryNow(incident: Incident, moment: PagingMoment): boolean {
  if (incident.severity > PAGE_AT_ONCE_UP_TO) return false;
  if (moment.kind === 'opened' || moment.kind === 'reopened') return true;
  return moment.kind === 'severity_changed' && moment.from > incident.severity;
}

/** The paging moment an applied action is, if any. */
export function pagingMomentOf(
  action: IncidentAction,
  actor: string,
  detail: Record<string, unknown>,
): PagingMoment | undefined {
  if (action.kind === 'acknowledge') return { kind: 'acknowledged', actor };
  if (action.kind === 'resolve') return { kind: 'resolved', actor };
  if (action.kind === 'reopen') return { kind: 'reopened', actor };
  if (action.kind === 'set_severity')
    return { kind: 'severity_changed', actor, from: detail.from_severity as Severity };
  return undefined;
}
