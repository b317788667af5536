// Types for poll-loop.js (plain JS served to the browser as is), so the TypeScript tests can import it.

/** The timer functions the loop uses (the page's own by default). */
export interface PollTimers {
  setTimeout(fn: () => void, ms: number): unknown;
}

/** A running poll: start the steady pace, look now, or look again soon. */
export interface PollLoop {
  start(): void;
  now(): void;
  soon(): void;
}

export function createPollLoop(opts: {
  look: () => Promise<void>;
  everyMs: number;
  soonMs?: number[];
  timers?: PollTimers;
}): PollLoop;
