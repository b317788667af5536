// Web API client options: the configured base URL, our logger, and retries that give up in seconds.
import type { WebClientOptions } from '@slack/web-api';
import type { Logger } from 'pino';
import { boltLogger } from './bolt-logger.ts';

// The client's default (ten retries in about thirty minutes) would hold a slash command's follow-up
// for half an hour; three tries over ~7 s is enough for a 5xx blip. A 429 is still waited out for
// its Retry-After before the retry (@slack/web-api WebClient, docs.slack.dev/apis/web-api/rate-limits).
export const SLACK_RETRY_CONFIG = { retries: 3, factor: 2, minTimeout: 500, maxTimeout: 4000, randomize: true };

/** Options for every WebClient vigil makes (Bolt's included). */
export function slackClientOptions(apiUrl: string, logger: Logger): WebClientOptions {
  return { slackApiUrl: apiUrl, logger: boltLogger(logger), retryConfig: SLACK_RETRY_CONFIG, timeout: 10_000 };
}
