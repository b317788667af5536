// What every paging service integration offers the dispatcher, and the key an incident is known by there.
import { createHash } from 'node:crypto';
import type { Incident } from '../incidents/incident-types.ts';

/** What a paging service is told: open an alert, acknowledge it, resolve it, or change its severity (priority). */
export type PagingAction = 'trigger' | 'acknowledge' | 'resolve' | 'severity';

/** One thing to tell a paging service about an incident. */
export interface PagingEvent {
  action: PagingAction;
  /** The incident's key at the service (pagingKeyOf): every retry of one incident names the same alert. */
  key: string;
  incident: Incident;
  /** Who acknowledged or resolved (a Slack member id, or vigil). */
  actor?: string;
}

/** A paging service integration (PagerDuty, Opsgenie). */
export interface PagingProvider {
  /** Stable id, recorded with each delivery. */
  id: 'pagerduty' | 'opsgenie';
  /** The name people read. */
  label: string;
  send(event: PagingEvent): Promise<void>;
}

// PagerDuty's dedup_key takes at most 255 characters (https://developer.pagerduty.com/docs/events-api-v2/trigger-events/).
const MAX_KEY = 255;

/** The incident's key at the paging services: its dedup key (a hash when too long), else its number. */
export function pagingKeyOf(incident: Incident): string {
  const key = incident.dedupKey ?? `vigil-incident-${incident.id}`;
  return key.length <= MAX_KEY ? key : `vigil-${createHash('sha256').update(key).digest('hex')}`;
}

/** The incident's one-line summary at a paging service: severity and title, cut to `max` characters. */
export function pagingSummary(incident: Incident, max: number): string {
  const text = `SEV${incident.severity}: ${incident.title}`;
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
