// What the incident timer and the pages it sends are built from.
import type { WebClient } from '@slack/web-api';
import type pg from 'pg';
import type { Logger } from 'pino';
import type { Config } from '../config/load-config.ts';
import type { OnCallNow } from '../oncall/who-is-on-call.ts';

/** Dependencies of one timer run. */
export interface EscalationDeps {
  pool: pg.Pool;
  client: WebClient;
  logger: Logger;
  config: Config;
  clock: () => Date;
  /** Who is on call at an instant (the calendar rota when oncall.ical_url is set); default: vigil.yml's rota and the overrides. */
  onCallNow?: (now: Date) => Promise<OnCallNow>;
}
