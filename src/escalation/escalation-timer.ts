// Runs the incident timer every interval, never two runs at once: escalations, overdue-update reminders, and
// the repair of unfinished Slack set-ups; the state lives in the database.
import { remindOverdueUpdates } from '../incidents/remind-overdue-updates.ts';
import { runDueEscalations, type EscalationDeps } from './run-escalations.ts';

/** Resumes the due unfinished incident set-ups at `now`; returns the ids made whole (IncidentService.repairDue). */
export type RepairSetUps = (now: Date) => Promise<number[]>;

/** Starts the timer; the returned function stops it and waits for a run in progress. */
export function startEscalationTimer(
  deps: EscalationDeps,
  intervalMs = 30_000,
  repair?: RepairSetUps,
): () => Promise<void> {
  let running: Promise<unknown> | undefined;
  const tick = () => {
    if (running) return;
    // One instant per run, for every step alike.
    const now = deps.clock();
    const run = { ...deps, clock: () => now };
    // Repairs last: against a Slack that hangs they are slow, and a page must not wait for them (it says
    // when the incident is not set up yet).
    running = step(
      'escalation',
      () => runDueEscalations(run),
      (steps) => steps.length > 0 && deps.logger.info({ steps }, 'escalation steps taken'),
    )
      .then(() =>
        step(
          'reminder',
          () => remindOverdueUpdates(run),
          (ids) =>
            ids.length > 0 && deps.logger.info({ incidents: ids }, 'reminded incident channels of overdue updates'),
        ),
      )
      .then(() =>
        step(
          'incident set-up repair',
          () => repair?.(now) ?? Promise.resolve([]),
          (ids) => ids.length > 0 && deps.logger.info({ incidents: ids }, 'incident set-ups repaired'),
        ),
      )
      .finally(() => {
        running = undefined;
      });
  };
  // Each step fails alone: a failed repair run still lets the escalations run.
  const step = <T>(what: string, fn: () => Promise<T>, done: (result: T) => unknown) =>
    fn().then(done, (err) => deps.logger.error({ err, step: what }, 'escalation timer run failed'));
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  tick();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
