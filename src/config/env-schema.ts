// The environment variables vigil reads, with defaults and the fix for each mistake.
import { z } from 'zod';

const postgresUrl = () =>
  z
    .string()
    .trim()
    .refine((v) => /^postgres(ql)?:\/\/[^/]/.test(v) && URL.canParse(v), {
      message: `must be a PostgreSQL URL such as postgres://user:password@host:5432/dbname`,
    });

const httpUrl = (example: string) =>
  z
    .string()
    .trim()
    .refine((v) => /^https?:\/\//.test(v) && URL.canParse(v), { message: `must be an http(s) URL such as ${example}` });

const timezone = z.string().refine(
  (tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  },
  { message: 'must be an IANA time zone such as Asia/Singapore or Asia/Jakarta' },
);

// Empty strings count as unset: `FOO=` in a .env file should not become a value.
const optional = <T extends z.ZodTypeAny>(schema: T) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), schema.optional());

/** Schema of process.env as vigil uses it. */
export const envSchema = z.object({
  DATABASE_URL: optional(postgresUrl()),
  WAREHOUSE_URL: optional(postgresUrl()),
  VIGIL_DATA_DIR: optional(z.string()).default('./.vigil'),
  VIGIL_CONFIG: optional(z.string()).default('./vigil.yml'),
  VIGIL_PLAYBOOKS_DIR: optional(z.string()),
  SLACK_BOT_TOKEN: optional(
    z
      .string()
      .startsWith('xoxb-', 'must be a bot token starting with xoxb- (OAuth & Permissions page of your Slack app)'),
  ),
  SLACK_SIGNING_SECRET: optional(
    z.string().regex(/^[0-9a-f]{32}$/i, 'must be the 32-character hex signing secret from Basic Information'),
  ),
  SLACK_APP_TOKEN: optional(
    z.string().startsWith('xapp-', 'must be an app-level token starting with xapp- with the connections:write scope'),
  ),
  SLACK_API_URL: optional(
    httpUrl('https://slack.com/api/').refine(
      (v) => !URL.canParse(v) || (new URL(v).username === '' && new URL(v).password === ''),
      {
        // fetch refuses such a URL outright, and the value is not repeated here: it holds a secret.
        message:
          'must not carry a user name or password (user:secret@); fetch refuses such URLs, so let the proxy authenticate another way',
      },
    ),
  )
    .default('https://slack.com/api/')
    .transform((u) => (u.endsWith('/') ? u : `${u}/`)),
  // auto: on when HOST is a loopback address, off on one other computers can reach.
  VIGIL_LOCAL_WORKSPACE: optional(z.enum(['auto', 'on', 'off'], { message: 'must be auto, on or off' })).default(
    'auto',
  ),
  OPENAI_API_KEY: optional(z.string()),
  OPENAI_BASE_URL: optional(httpUrl('https://api.openai.com/v1')),
  VIGIL_LLM_MODEL: optional(z.string()).default('gpt-4.1-mini'),
  VIGIL_LLM_TIMEOUT: optional(
    z.coerce
      .number({ message: 'must be a number of seconds such as 20' })
      .positive('must be more than 0 seconds')
      .max(600, 'must be at most 600 seconds'),
  ).default(20),
  HOST: optional(z.string()).default('127.0.0.1'),
  PORT: optional(
    z.coerce
      .number({ message: 'must be a number' })
      .int('must be a whole number')
      .min(0)
      .max(65535, 'must be between 0 and 65535'),
  ).default(3000),
  LOG_LEVEL: optional(
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
      message: 'must be one of fatal, error, warn, info, debug, trace, silent',
    }),
  ).default('info'),
  // Below Kubernetes' default terminationGracePeriodSeconds (30), so vigil tells its users before a SIGKILL can.
  VIGIL_SHUTDOWN_GRACE: optional(
    z.coerce
      .number({ message: 'must be a number of seconds such as 25' })
      .min(0, 'must be 0 or more seconds')
      .max(3600, 'must be at most 3600 seconds'),
  ).default(25),
  VIGIL_TIMEZONE: optional(timezone).default('Asia/Singapore'),
  // Paging services, each off until its key is set (docs/paging.md).
  PAGERDUTY_ROUTING_KEY: optional(z.string().trim()),
  PAGERDUTY_EVENTS_URL: optional(httpUrl('https://events.pagerduty.com/v2/enqueue')).default(
    'https://events.pagerduty.com/v2/enqueue',
  ),
  OPSGENIE_API_KEY: optional(z.string().trim()),
  OPSGENIE_API_URL: optional(httpUrl('https://api.opsgenie.com'))
    .default('https://api.opsgenie.com')
    .transform((u) => u.replace(/\/+$/, '')),
});

/** The validated environment. */
export type Env = z.infer<typeof envSchema>;
