// The paging services the configuration turns on (PAGERDUTY_ROUTING_KEY, OPSGENIE_API_KEY).
import type { Config } from '../config/load-config.ts';
import { opsgenieProvider } from './opsgenie.ts';
import { pagerDutyProvider } from './pagerduty.ts';
import type { PagingProvider } from './paging-provider.ts';
import type { RetryPolicy } from './post-with-retry.ts';

/** The configured paging services, PagerDuty first; none when no key is set. */
export function pagingProvidersOf(config: Pick<Config, 'paging'>, retry?: RetryPolicy): PagingProvider[] {
  const { pagerduty, opsgenie } = config.paging;
  return [
    ...(pagerduty ? [pagerDutyProvider(pagerduty, retry)] : []),
    ...(opsgenie ? [opsgenieProvider(opsgenie, retry)] : []),
  ];
}
