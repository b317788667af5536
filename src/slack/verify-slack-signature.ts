// Slack's request signature check (v0, HMAC-SHA256 over "v0:timestamp:body"), as docs.slack.dev/authentication/verifying-requests-from-slack describes.
import { createHmac, timingSafeEqual } from 'node:crypto';

// Slack's replay window: a request stamped more than five minutes from now, either way, is refused
// (docs.slack.dev/authentication/verifying-requests-from-slack).
export const SLACK_SIGNATURE_MAX_AGE_SECONDS = 5 * 60;

/** Why a request failed the check, or undefined when it is Slack's. */
export function slackSignatureProblem(opts: {
  signingSecret: string;
  body: string;
  signature: string | string[] | undefined;
  timestamp: string | string[] | undefined;
  nowMs: number;
}): string | undefined {
  const { signature, timestamp } = opts;
  if (typeof signature !== 'string' || typeof timestamp !== 'string')
    return 'x-slack-signature or x-slack-request-timestamp missing';
  const ts = Number(timestamp);
  if (!Number.isInteger(ts)) return 'x-slack-request-timestamp is not a number';
  const skew = ts - Math.floor(opts.nowMs / 1000);
  if (skew < -SLACK_SIGNATURE_MAX_AGE_SECONDS) return 'x-slack-request-timestamp is older than five minutes';
  if (skew > SLACK_SIGNATURE_MAX_AGE_SECONDS)
    return 'x-slack-request-timestamp is more than five minutes in the future';
  if (!signature.startsWith('v0=')) return 'unknown signature version';
  const expected = Buffer.from(
    createHmac('sha256', opts.signingSecret).update(`v0:${timestamp}:${opts.body}`).digest('hex'),
  );
  const given = Buffer.from(signature.slice(3));
  // Constant time on equal lengths; a length mismatch gives away nothing about the secret.
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'signature mismatch';
  return undefined;
}
