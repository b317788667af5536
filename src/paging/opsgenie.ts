// Opsgenie through its Alert API: create, acknowledge, re-prioritise and close the alert whose alias is the incident's dedup key.
// https://docs.opsgenie.com/docs/alert-api
import type { Severity } from '../incidents/incident-types.ts';
import { postWithRetry, type RetryPolicy } from './post-with-retry.ts';
import { pagingSummary, type PagingEvent, type PagingProvider } from './paging-provider.ts';

/** The Opsgenie settings from loadConfig (OPSGENIE_API_KEY, OPSGENIE_API_URL without a trailing slash). */
export interface OpsgenieSettings {
  apiKey: string;
  apiUrl: string;
}

const PRIORITY: Record<Severity, 'P1' | 'P2' | 'P3' | 'P4'> = { 1: 'P1', 2: 'P2', 3: 'P3', 4: 'P4' };

// An alert's message takes at most 130 characters.
const MAX_MESSAGE = 130;

/** The path (under the API URL), body and method of one event (pure). */
export function opsgenieRequest(event: PagingEvent): {
  path: string;
  body: Record<string, unknown>;
  method?: 'PUT';
} {
  const { incident } = event;
  // Update Alert Priority (https://docs.opsgenie.com/docs/alert-api-continued).
  if (event.action === 'severity')
    return {
      path: `/v2/alerts/${encodeURIComponent(event.key)}/priority?identifierType=alias`,
      body: { priority: PRIORITY[incident.severity] },
      method: 'PUT',
    };
  if (event.action === 'trigger') {
    return {
      path: '/v2/alerts',
      body: {
        message: pagingSummary(incident, MAX_MESSAGE),
        alias: event.key,
        description: `vigil incident #${incident.id}: ${incident.title}`,
        priority: PRIORITY[incident.severity],
        source: 'vigil',
        tags: ['vigil', `sev${incident.severity}`],
        details: {
          incident: String(incident.id),
          ...(incident.metricId ? { metric: incident.metricId } : {}),
          ...(incident.channelName ? { slack_channel: `#${incident.channelName}` } : {}),
        },
      },
    };
  }
  const verb = event.action === 'acknowledge' ? 'acknowledge' : 'close';
  return {
    path: `/v2/alerts/${encodeURIComponent(event.key)}/${verb}?identifierType=alias`,
    body: { source: 'vigil', ...(event.actor ? { user: event.actor } : {}), note: `${verb}d in vigil` },
  };
}

/** The Opsgenie integration. */
export function opsgenieProvider(settings: OpsgenieSettings, retry?: RetryPolicy): PagingProvider {
  return {
    id: 'opsgenie',
    label: 'Opsgenie',
    async send(event) {
      const { path, body, method } = opsgenieRequest(event);
      await postWithRetry(
        {
          service: 'Opsgenie',
          url: `${settings.apiUrl}${path}`,
          headers: { authorization: `GenieKey ${settings.apiKey}` },
          body,
          ...(method ? { method } : {}),
        },
        retry,
      );
    },
  };
}
