// PagerDuty through its Events API v2: trigger, acknowledge and resolve, keyed by the incident's dedup key.
// https://developer.pagerduty.com/docs/events-api-v2/overview/
import type { Severity } from '../incidents/incident-types.ts';
import { postWithRetry, type RetryPolicy } from './post-with-retry.ts';
import { pagingSummary, type PagingEvent, type PagingProvider } from './paging-provider.ts';

/** The PagerDuty settings from loadConfig (PAGERDUTY_ROUTING_KEY, PAGERDUTY_EVENTS_URL). */
export interface PagerDutySettings {
  routingKey: string;
  eventsUrl: string;
}

const SEVERITY: Record<Severity, 'critical' | 'error' | 'warning' | 'info'> = {
  1: 'critical',
  2: 'error',
  3: 'warning',
  4: 'info',
};

// payload.summary takes at most 1024 characters.
const MAX_SUMMARY = 1024;

/**
 * The Events API v2 body for one event (pure). A severity change is a trigger again with the open alert's
 * dedup_key: PagerDuty adds it to that alert, whose severity it carries (the key exists to change it).
 */
export function pagerDutyBody(event: PagingEvent, routingKey: string): Record<string, unknown> {
  const action = event.action === 'severity' ? 'trigger' : event.action;
  const base = { routing_key: routingKey, event_action: action, dedup_key: event.key };
  if (action !== 'trigger') return base;
  const { incident } = event;
  return {
    ...base,
    payload: {
      summary: pagingSummary(incident, MAX_SUMMARY),
      source: 'vigil',
      severity: SEVERITY[incident.severity],
      ...(incident.metricId ? { component: incident.metricId } : {}),
      custom_details: {
        incident: incident.id,
        severity: `SEV${incident.severity}`,
        ...(incident.channelName ? { slack_channel: `#${incident.channelName}` } : {}),
        ...(Object.keys(incident.slice).length > 0 ? { slice: incident.slice } : {}),
      },
    },
    client: 'vigil',
  };
}

/** The PagerDuty integration. */
export function pagerDutyProvider(settings: PagerDutySettings, retry?: RetryPolicy): PagingProvider {
  return {
    id: 'pagerduty',
    label: 'PagerDuty',
    async send(event) {
      await postWithRetry(
        { service: 'PagerDuty', url: settings.eventsUrl, headers: {}, body: pagerDutyBody(event, settings.routingKey) },
        retry,
      );
    },
  };
}
