// The escalation timer: incidents whose escalation_due_at has passed get the policy's next step.
import type { WebClient } from '@slack/web-api';
import type pg from 'pg';
import type { Logger } from 'pino';
import type { Config } from '../config/load-config.ts';
import { recordIncidentEvent } from '../incidents/incident-store.ts';
import {
  claimDueEscalations,
  markEscalationPosted,
  recordPage,
  setEscalationDue,
} from '../incidents/incident-escalation-store.ts';
import { readSetupNotice } from '../incidents/incident-setup-store.ts';
import type { Incident } from '../incidents/incident-types.ts';
import { onCallNow } from '../oncall/oncall-store.ts';
import { escapeMrkdwn } from '../blocks/block-limits.ts';
import { nextEscalationStep, type EscalationStep } from './next-escalation-step.ts';

// A claimed incident is leased for this long, so another replica (or a crash mid-step) retries later
// rather than paging twice now.
const LEASE_MS = 2 * 60_000;
const BATCH = 20;

/** Dependencies of one timer run. */
export interface EscalationDeps {
  pool: pg.Pool;
  client: WebClient;
  logger: Logger;
  config: Config;
  clock: () => Date;
}

/** Runs every due escalation step once; returns the steps taken. Safe on several replicas. */
export async function runDueEscalations(
  deps: EscalationDeps,
): Promise<Array<{ incidentId: number; step: EscalationStep['kind'] }>> {
  const now = deps.clock();
  const due = await claimDueEscalations(deps.pool, now, new Date(now.getTime() + LEASE_MS), BATCH);
  const taken: Array<{ incidentId: number; step: EscalationStep['kind'] }> = [];
  for (const { incident, pagesSent, lastPagedAt, escalationPostedAt } of due) {
    const step = nextEscalationStep(
      deps.config.workspace.escalation,
      {
        ...stateOf(incident),
        escalationLevel: pagesSent,
        lastPagedAt,
        escalationPostedAt,
      },
      now,
    );
    try {
      await takeStep(deps, incident, step, now);
      taken.push({ incidentId: incident.id, step: step.kind });
    } catch (err) {
      deps.logger.error(
        { err, incident: incident.id, step: step.kind },
        'escalation step failed; retried after the lease',
      );
    }
  }
  return taken;
}

function stateOf(incident: Incident) {
  return {
    severity: incident.severity,
    status: incident.status,
    openedAt: incident.openedAt,
    reopenedAt: incident.reopenedAt,
    acknowledgedAt: incident.acknowledgedAt,
  };
}

function incidentLink(incident: Incident): string {
  return incident.channelId ? `<#${incident.channelId}>` : `incident #${incident.id}`;
}

// What a page says when the incident's Slack set-up has not finished: there may be no channel or card to
// act from, so it says vigil is on it, links the alerts notice, and names the command that works anyway.
async function setUpNote(deps: EscalationDeps, incident: Incident): Promise<string> {
  const setup = await readSetupNotice(deps.pool, incident.id);
  if (!setup || (!setup.unfinished && incident.channelId)) return '';
  const notice =
    setup.noticeChannel && setup.noticeTs
      ? ((await deps.client.chat.getPermalink({ channel: setup.noticeChannel, message_ts: setup.noticeTs }).then(
          (r) => r.permalink && `<${r.permalink}|the alerts notice>`,
          () => undefined,
        )) ?? `<#${setup.noticeChannel}>`)
      : `#${deps.config.workspace.channels.alerts.replace(/^#/, '')}`;
  return ` Its Slack channel is not set up yet; vigil is retrying. See ${notice}, and acknowledge with \`/incident ack ${incident.id}\`.`;
}

/** Pages the secondary on call (the primary when there is none): a DM, and a mention in the incident channel. */
export async function pageSecondary(
  deps: EscalationDeps,
  incident: Incident,
  why: string,
  now: Date,
): Promise<string | undefined> {
  const { pool, client, config } = deps;
  const oncall = await onCallNow(pool, config.workspace.oncall.rotation, now, config.timezone);
  const target = oncall.secondary?.userId ?? oncall.primary?.userId;
  const text = `:rotating_light: SEV${incident.severity} ${incidentLink(incident)} "${escapeMrkdwn(incident.title)}" ${why}.`;
  const note = await setUpNote(deps, incident);
  if (target)
    await client.chat.postMessage({
      channel: target,
      text: note ? `${text}${note}` : `${text} Please acknowledge or hand it on.`,
    });
  if (incident.channelId) {
    // The DM is the page; the mention in the channel is a courtesy, and failing it must not make the
    // caller page again.
    await client.chat
      .postMessage({
        channel: incident.channelId,
        text: target ? `<@${target}> ${text}` : `${text} Nobody is on call in vigil.yml (oncall.rotation) to page.`,
      })
      .catch((err) =>
        deps.logger.warn({ err, incident: incident.id }, 'could not mention the page in the incident channel'),
      );
  }
  return target;
}

async function takeStep(deps: EscalationDeps, incident: Incident, step: EscalationStep, now: Date): Promise<void> {
  const { pool, client, config } = deps;
  if (step.kind === 'none' || step.kind === 'wait') {
    await setEscalationDue(pool, incident.id, step.kind === 'wait' ? step.dueAt : null);
    return;
  }
  const link = incidentLink(incident);
  if (step.kind === 'page_secondary') {
    const target = await pageSecondary(deps, incident, `is not acknowledged (page ${step.page})`, now);
    const after = nextEscalationStep(
      config.workspace.escalation,
      { ...stateOf(incident), escalationLevel: step.page, lastPagedAt: now },
      now,
    );
    const nextDue = after.kind === 'none' ? null : after.dueAt;
    await recordPage(pool, incident.id, step.page, now, nextDue);
    await recordIncidentEvent(pool, incident.id, 'vigil', 'paged', {
      page: step.page,
      user: target ?? null,
      skipped: step.skipped,
    });
    return;
  }
  await client.chat.postMessage({
    channel: config.workspace.channels.escalation,
    text: `:sos: SEV${incident.severity} ${link} "${escapeMrkdwn(incident.title)}" is still not acknowledged after ${config.workspace.escalation.max_pages} page(s).`,
  });
  await markEscalationPosted(pool, incident.id, now);
  await recordIncidentEvent(pool, incident.id, 'vigil', 'escalation_channel_posted', {
    channel: config.workspace.channels.escalation,
  });
}
