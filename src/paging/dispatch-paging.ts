// Tells the configured paging services of an incident moment: one claimed delivery per service, failures logged
// and said in the incident channel, never thrown (the incident goes on without them).
import type pg from 'pg';
import type { Logger } from 'pino';
import type { PagingMoment } from '../incidents/incident-paging.ts';
import type { Incident } from '../incidents/incident-types.ts';
import { VigilError } from '../errors.ts';
import { claimDelivery, markDelivered, releaseDelivery, type Delivery } from './paging-store.ts';
import { pagingKeyOf, type PagingAction, type PagingProvider } from './paging-provider.ts';

/** What the dispatcher is built from; `say` posts in the incident channel (a Slack failure is its own to report). */
export interface DispatchDeps {
  pool: pg.Pool;
  logger: Logger;
  clock: () => Date;
  providers: readonly PagingProvider[];
  say: (incident: Incident, text: string) => Promise<void>;
}

/** What a moment asks of the paging services. */
export function pagingActionOf(moment: PagingMoment): PagingAction | undefined {
  if (moment.kind === 'opened' || moment.kind === 'reopened') return 'trigger';
  if (moment.kind === 'acknowledged') return 'acknowledge';
  if (moment.kind === 'resolved') return 'resolve';
  if (moment.kind === 'severity_changed') return 'severity';
  return undefined;
}

/** Sends the moment to every service once (per round of the incident); returns the ids of the services that failed. */
export async function dispatchPaging(deps: DispatchDeps, incident: Incident, moment: PagingMoment): Promise<string[]> {
  const action = pagingActionOf(moment);
  if (!action) return [];
  const key = pagingKeyOf(incident);
  // A reopened incident is a new alert at the services: its deliveries are a new round.
  const round = incident.reopenedAt ? incident.reopenedAt.toISOString() : 'first';
  // Each severity an incident is changed to is its own delivery (SEV3 -> SEV2 -> SEV1 is told twice).
  const delivered = action === 'severity' ? `${round}:sev${incident.severity}` : round;
  const actor = 'actor' in moment ? moment.actor : undefined;
  const failed: string[] = [];
  for (const provider of deps.providers) {
    const delivery: Delivery = { provider: provider.id, key, action, round: delivered, incidentId: incident.id };
    if (!(await claimDelivery(deps.pool, delivery, deps.clock()))) continue;
    try {
      await provider.send({ action, key, incident, ...(actor ? { actor } : {}) });
      await markDelivered(deps.pool, delivery, deps.clock());
    } catch (err) {
      failed.push(provider.id);
      await releaseDelivery(deps.pool, delivery).catch(() => {});
      deps.logger.error({ err, incident: incident.id, provider: provider.id, action }, 'paging service call failed');
      const why = err instanceof VigilError ? err.message : 'it could not be reached.';
      await deps.say(
        incident,
        `:warning: ${provider.label} was not told to ${action} this incident: ${why} The incident goes on in Slack; page people by hand if needed.`,
      );
    }
  }
  return failed;
}
