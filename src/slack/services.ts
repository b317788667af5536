// The services slash commands and buttons call; built in the composition root.
import type pg from 'pg';
import type { WebClient } from '@slack/web-api';
import type { Config } from '../config/load-config.ts';
import type { Health } from '../http/check-health.ts';
import type { IncidentService } from '../incidents/incident-service.ts';
import type { Action, PermissionDenied } from '../auth/check-permission.ts';
import type { PlaybookService } from '../playbooks/playbook-service-types.ts';

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
  // Optional so harnesses that never run playbooks need not build them; wireSlack always sets all three.
  /** Investigation playbooks: list, explain, run and store (/investigate, the Run playbook button). */
  playbooks?: PlaybookService;
  /** The bot's Web API client, for commands that post in the channel (progress messages, threads, charts). */
  client?: WebClient;
  /** The warehouse the metrics come from (/metrics show). */
  warehouse?: pg.Pool;
  /**
   * Runs long work (a playbook run: queries, charts, posts) outside the follow-up queue, so it never holds
   * up other commands and buttons; false when too much is already waiting. Absent, callers await the work.
   */
  detach?: (job: () => Promise<void>) => boolean;
}
