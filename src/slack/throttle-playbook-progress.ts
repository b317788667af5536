// Updates of a playbook's progress message, at most one every couple of seconds: the latest state wins,
// intermediate ones are dropped, and updates never overlap or arrive out of order.

/**
 * Gap between two chat.update calls on one progress message. chat.update is Tier 3, about 50 calls
 * a minute per workspace for the whole app (docs.slack.dev/apis/web-api/rate-limits); one update
 * per 2 s keeps a few runs at once under it, and people do not read faster anyway.
 */
export const PROGRESS_UPDATE_GAP_MS = 2000;

/** A throttled sender: `push` a new state at any time; `finish` drops what is pending and waits for the update in flight. */
export interface ProgressThrottle<T> {
  push(state: T): void;
  finish(): Promise<void>;
}

/** Wraps `send` (one chat.update) so bursts of progress collapse into the newest state; failures go to `onError`. */
export function throttleProgress<T>(
  send: (state: T) => Promise<void>,
  opts: { gapMs?: number; onError: (err: unknown) => void },
): ProgressThrottle<T> {
  const gap = opts.gapMs ?? PROGRESS_UPDATE_GAP_MS;
  let pending: { state: T } | undefined;
  let inFlight: Promise<void> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let lastAt = Number.NEGATIVE_INFINITY;
  let finished = false;

  const flush = () => {
    timer = undefined;
    if (!pending || finished) return;
    const { state } = pending;
    pending = undefined;
    lastAt = Date.now();
    inFlight = send(state)
      .catch(opts.onError)
      .finally(() => {
        inFlight = undefined;
        schedule();
      });
  };
  const schedule = () => {
    if (!pending || inFlight || timer || finished) return;
    const wait = lastAt + gap - Date.now();
    if (wait <= 0) flush();
    else timer = setTimeout(flush, wait);
  };
  return {
    push(state) {
      if (finished) return;
      pending = { state };
      schedule();
    },
    async finish() {
      finished = true;
      pending = undefined;
      clearTimeout(timer);
      await inFlight;
    },
  };
}
