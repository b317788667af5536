// The page's polling: a steady pace, extra looks soon after the visitor acts, and never two looks at once.

/**
 * Calls `look` every `everyMs`, and at each of `soonMs` after `soon()`. A look asked for while one runs
 * happens right after it, and the steady pace goes on whatever overlaps (a skipped turn must not end it).
 * `timers` is injectable for tests.
 */
export function createPollLoop({ look, everyMs, soonMs = [], timers = globalThis }) {
  let running = false;
  let again = false;

  const run = async () => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      await look();
    } catch {
      // `look` shows its own failures; the loop only has to survive them.
    } finally {
      running = false;
      if (again) {
        again = false;
        timers.setTimeout(run, 0);
      }
    }
  };
  const steady = async () => {
    await run();
    timers.setTimeout(steady, everyMs);
  };

  return {
    /** Starts the steady pace with a look now. */
    start: () => void steady(),
    /** One look now (or right after the one running). */
    now: () => void run(),
    /** Looks again soon, at each of `soonMs`. */
    soon: () => {
      for (const ms of soonMs) timers.setTimeout(run, ms);
    },
  };
}
