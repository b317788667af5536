// The incident service's pager: a SEV1/2 (opened, reopened, raised) pages the primary on call at once in Slack,
// and every open, acknowledgement and resolve goes to the paging services, in order per incident.
import { escapeMrkdwn } from '../blocks/block-limits.ts';
import type { EscalationDeps } from '../escalation/escalation-deps.ts';
import { pageOnCall } from '../escalation/page-on-call.ts';
import { pagesPrimaryNow, type IncidentPaging, type PagingMoment } from '../incidents/incident-paging.ts';
import { recordIncidentEvent } from '../incidents/incident-store.ts';
import type { Incident } from '../incidents/incident-types.ts';
import { dispatchPaging, pagingActionOf, type DispatchDeps } from './dispatch-paging.ts';

/** What the pager is built from; `defer` runs the paging services' calls (off the request path in the app). */
export interface IncidentPagingDeps extends Omit<DispatchDeps, 'pool' | 'logger' | 'clock'> {
  /** Slack and the rota, for the page to the primary; without it nobody is paged in Slack (Slack off). */
  slack?: EscalationDeps;
  pool: DispatchDeps['pool'];
  logger: DispatchDeps['logger'];
  clock: DispatchDeps['clock'];
  /** Runs a job later; false when it cannot take it now (a full queue), and the job then runs at once. */
  defer?: (job: () => Promise<void>) => boolean | void;
}

/** How a person is named in a page: a mention for a Slack member id, the name otherwise (vigil). */
export function nameOf(actor: string): string {
  return /^[UW][A-Z0-9]{2,}$/.test(actor) ? `<@${actor}>` : actor;
}

/** What the secondary's page says of an escalation: who escalated, and why when they said. */
export function escalatedReason(actor: string, reason?: string): string {
  return `was escalated by ${nameOf(actor)}${reason ? ` (${escapeMrkdwn(reason)})` : ''}`;
}

/** Why the primary is paged, in the words of the page. */
export function pageReason(incident: Incident, moment: PagingMoment): string {
  if (moment.kind === 'severity_changed') return `was raised to SEV${incident.severity} by ${nameOf(moment.actor)}`;
  if (moment.kind === 'reopened') return `was reopened by ${nameOf(moment.actor)}`;
  return 'was opened';
}

/** Builds the pager the incident service tells of each moment. */
export function createIncidentPaging(deps: IncidentPagingDeps): IncidentPaging {
  // One chain per incident: an acknowledgement never reaches a service before the trigger it follows.
  const chains = new Map<number, Promise<unknown>>();
  const inOrder = (id: number, job: () => Promise<unknown>) => {
    const next = (chains.get(id) ?? Promise.resolve()).then(job, job);
    chains.set(id, next);
    return next.finally(() => chains.get(id) === next && chains.delete(id));
  };
  return {
    async tell(incident, moment) {
      if (deps.slack && pagesPrimaryNow(incident, moment)) {
        // A page Slack refuses is logged; the paging services are still told.
        await pagePrimary(deps.slack, deps, incident, moment).catch((err) =>
          deps.logger.error({ err, incident: incident.id }, 'could not page the primary on call in Slack'),
        );
      }
      if (deps.providers.length === 0 || !pagingActionOf(moment)) return;
      const job = async () => {
        await inOrder(incident.id, () => dispatchPaging(deps, incident, moment));
      };
      if (!deps.defer || deps.defer(job) === false) await job();
    },
  };
}

async function pagePrimary(
  slack: EscalationDeps,
  deps: IncidentPagingDeps,
  incident: Incident,
  moment: PagingMoment,
): Promise<void> {
  const paged = await pageOnCall(slack, incident, 'primary', pageReason(incident, moment), deps.clock());
  // With nobody on call the channel was told so; the timeline records pages that went to someone.
  if (paged)
    await recordIncidentEvent(deps.pool, incident.id, 'vigil', 'paged', {
      role: 'primary',
      user: paged,
      reason: moment.kind,
    });
}
