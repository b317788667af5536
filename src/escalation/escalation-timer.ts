// Runs the escalation timer every interval, never two runs at once; the state lives in the database.
import { runDueEscalations, type EscalationDeps } from './run-escalations.ts';

/** Starts the timer; the returned function stops it and waits for a run in progress. */
export function startEscalationTimer(deps: EscalationDeps, intervalMs = 30_000): () => Promise<void> {
  let running: Promise<unknown> | undefined;
  const tick = () => {
    if (running) return;
    running = runDueEscalations(deps)
      .then((steps) => {
        if (steps.length > 0) deps.logger.info({ steps }, 'escalation steps taken');
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
