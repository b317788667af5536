// Reminds an incident channel, once, when its next status update is overdue; a new update (or resolving) arms it again.
import type { WebClient } from '@slack/web-api';
import type pg from 'pg';
import type { Logger } from 'pino';
import type { Config } from '../config/load-config.ts';
import { mentionUser, slackDate } from '../blocks/format-values.ts';
import { claimUpdateReminder, rearmUpdateReminder, remindableIncidents } from './incident-escalation-store.ts';
import { recordIncidentEvent } from './incident-store.ts';
import { nextUpdateDue } from './next-update.ts';

/** What a reminder run needs (the escalation timer's dependencies). */
export interface ReminderDeps {
  pool: pg.Pool;
  client: WebClient;
  logger: Logger;
  config: Config;
  clock: () => Date;
}

/** Posts the reminder in each open incident channel whose update is overdue and not yet reminded; returns their ids. Safe on several replicas. */
export async function remindOverdueUpdates(deps: ReminderDeps): Promise<number[]> {
  const now = deps.clock();
  const cadence = deps.config.workspace.incidents.update_every_minutes;
  const reminded: number[] = [];
  for (const incident of await remindableIncidents(deps.pool)) {
    const due = nextUpdateDue(incident, cadence);
    if (!due || due > now) continue;
    // The conditional update is the claim: of several replicas only one gets the row back.
    if (!(await claimUpdateReminder(deps.pool, incident.id, now))) continue;
    const who = incident.ownerUserId ?? incident.acknowledgedBy;
    const text =
      `:bell: An update on this incident was due ${slackDate(due, deps.config.timezone)}. ${who ? `${mentionUser(who)}, please` : 'Whoever is on it:'} ` +
      "post where things stand with `/incident update <text> [next=30m]`; it goes to this channel and the managers' digest.";
    try {
      await deps.client.chat.postMessage({ channel: incident.channelId!, text });
      await recordIncidentEvent(deps.pool, incident.id, 'vigil', 'update_reminder', { due: due.toISOString() });
      reminded.push(incident.id);
    } catch (err) {
      // Not posted: release the claim so the next run tries again.
      await rearmUpdateReminder(deps.pool, incident.id).catch(() => {});
      deps.logger.warn(
        { err, incident: incident.id },
        'could not remind the channel of an overdue update; the next run retries',
      );
    }
  }
  return reminded;
}
