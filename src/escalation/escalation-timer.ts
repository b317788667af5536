// Runs the escalation timer (and the overdue-update reminders) every interval, never two runs at once; the state lives in the database.
import { remindOverdueUpdates } from '../incidents/remind-overdue-updates.ts';
import { runDueEscalations, type EscalationDeps } from './run-escalations.ts';

/** Starts the timer; the returned function stops it and waits for a run in progress. */
export function startEscalationTimer(deps: EscalationDeps, intervalMs = 30_000): () => Promise<void> {
  let running: Promise<unknown> | undefined;
  const tick = () => {
    if (running) return;
    // One instant per run, for the escalations and the reminders alike.
    const now = deps.clock();
    const run = { ...deps, clock: () => now };
    running = runDueEscalations(run)
      .then(async (steps) => {
        if (steps.length > 0) deps.logger.info({ steps }, 'escalation steps taken');
        const reminded = await remindOverdueUpdates(run);
        if (reminded.length > 0) deps.logger.info({ incidents: reminded }, 'reminded incident channels of overdue updates');
      })
      .catch((err) => deps.logger.error({ err }, 'escalation timer run failed'))
      .finally(() => {
        running = undefined;
      });
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  tick();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
