// The services slash commands and buttons call; built in the composition root.
import type pg from 'pg';
import type { Config } from '../config/load-config.ts';
import type { Health } from '../http/check-health.ts';
import type { IncidentService } from '../incidents/incident-service.ts';
import type { Action, PermissionDenied } from '../auth/check-permission.ts';

/** Everything a command handler may use. */
export interface Services {
  config: Config;
  pool: pg.Pool;
  incidents: IncidentService;
  health: () => Promise<Health>;
  clock: () => Date;
  /** The Slack user groups (S...) a user belongs to, for roles given by group. */
  userGroups: (userId: string) => Promise<string[]>;
  /** May this user do this? Refusals are audited. */
  authorize: (action: Action, userId: string, target: string | null) => Promise<{ ok: true } | PermissionDenied>;
}

/** Records a Slack delivery; false when it was seen before (a retry or a replay), so it is skipped. */
export async function firstDelivery(pool: pg.Pool, key: string): Promise<boolean> {
  const { rowCount } = await pool.query('INSERT INTO slack_deliveries (delivery_key) VALUES ($1) ON CONFLICT DO NOTHING', [key]);
  return rowCount === 1;
}
