// The escalation timer: incidents whose escalation_due_at has passed get the policy's next step.
import { recordIncidentEvent } from '../incidents/incident-store.ts';
import {
  claimDueEscalations,
  markEscalationPosted,
  recordPage,
  setEscalationDue,
} from '../incidents/incident-escalation-store.ts';
import type { Incident } from '../incidents/incident-types.ts';
import type { EscalationDeps } from './escalation-deps.ts';
import { escapeMrkdwn } from '../blocks/block-limits.ts';
import { nextEscalationStep, type EscalationStep } from './next-escalation-step.ts';
import { incidentLink, pageSecondary } from './page-on-call.ts';

// A claimed incident is leased for this long, so another replica (or a crash mid-step) retries later
// rather than paging twice now.
const LEASE_MS = 2 * 60_000;
const BATCH = 20;

/** Dependencies of one timer run (escalation-deps.ts). */
export type { EscalationDeps } from './escalation-deps.ts';

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
