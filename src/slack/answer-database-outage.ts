// The last word for any Slack delivery whose listener failed because the database is not answering: a private reply
// with the coded message, so a handler that did not catch it (or could not, before its own try) still answers.
import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import type { Logger } from 'pino';
import { databaseUnavailableText, isDatabaseUnavailable } from '../db/database-unavailable.ts';
import { postResponseUrl } from './post-response-url.ts';

/** Global Bolt middleware: answers a database outage that escapes a listener; other errors go on to app.error. */
export function answerDatabaseOutage(logger: Logger): Middleware<AnyMiddlewareArgs> {
  return async ({ body, next }) => {
    try {
      await next();
    } catch (err) {
      if (!isDatabaseUnavailable(err)) throw err;
      logger.warn({ err }, 'a Slack delivery failed: the database is not answering');
      const url = (body as { response_url?: unknown }).response_url;
      if (typeof url !== 'string') return;
      await postResponseUrl(url, {
        response_type: 'ephemeral',
        replace_original: false,
        text: databaseUnavailableText(),
      }).catch((postErr: unknown) =>
        logger.warn({ err: postErr }, 'could not tell the user the database is not answering'),
      );
    }
  };
}
