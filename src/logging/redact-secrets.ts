// Secrets must never reach a log line, whichever field or message they hide in.

/** Field paths pino blanks out before serialising (one `*` = one level of nesting). */
export const REDACT_PATHS = [
  'token',
  'botToken',
  'appToken',
  'signingSecret',
  'apiKey',
  'password',
  'authorization',
  'SLACK_BOT_TOKEN',
  'SLACK_APP_TOKEN',
  'SLACK_SIGNING_SECRET',
  'OPENAI_API_KEY',
  'routingKey',
  'routing_key',
  'PAGERDUTY_ROUTING_KEY',
  'OPSGENIE_API_KEY',
  '*.routingKey',
  '*.routing_key',
  '*.*.routingKey',
  'headers.authorization',
  'headers.Authorization',
  '*.token',
  '*.botToken',
  '*.appToken',
  '*.signingSecret',
  '*.apiKey',
  '*.password',
  '*.authorization',
  '*.headers.authorization',
  '*.headers.Authorization',
  '*.*.token',
  '*.*.botToken',
  '*.*.appToken',
  '*.*.signingSecret',
  '*.*.apiKey',
  '*.*.password',
  '*.*.authorization',
  '*.SLACK_BOT_TOKEN',
  '*.SLACK_APP_TOKEN',
  '*.SLACK_SIGNING_SECRET',
  '*.OPENAI_API_KEY',
];

// Token shapes that can still appear inside free text (an error message, a URL): Slack tokens,
// OpenAI-style keys, bearer credentials and passwords inside connection URLs.
const SECRET_PATTERNS: Array<[RegExp, string]> = [
  [/xox[abposr]-[A-Za-z0-9-]+/g, 'xox?-[REDACTED]'],
  [/xapp-[A-Za-z0-9-]+/g, 'xapp-[REDACTED]'],
  [/sk-[A-Za-z0-9_-]{12,}/g, 'sk-[REDACTED]'],
  [/(Bearer\s+)[A-Za-z0-9._~+/=-]+/gi, '$1[REDACTED]'],
  [/(\/\/[^:/@\s"]+:)[^@\s"]+@/g, '$1[REDACTED]@'],
];

/** Replaces every secret-shaped substring of a serialised log line. */
export function scrubSecrets(line: string): string {
  let out = line;
  for (const [pattern, replacement] of SECRET_PATTERNS) out = out.replace(pattern, replacement);
  return out;
}
