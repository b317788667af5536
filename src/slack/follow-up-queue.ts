// A bounded FIFO for the work after an ack, so parsing, verifying and acking new requests never waits behind it.
import { setImmediate as nextTurn } from 'node:timers';

/** One piece of follow-up work, e.g. running a listener for an already acknowledged command. */
export type FollowUp = () => Promise<void>;

/** How much may run at once, how much may wait, and what to do with failures. */
export interface FollowUpQueueOptions {
  /** Jobs running at the same time. */
  concurrency: number;
  /** Jobs waiting to start; a push beyond it is refused. */
  maxPending: number;
  /** Called with a job's error; the queue goes on with the next job. */
  onError(err: unknown): void;
}

/** The queue as callers see it. */
export interface FollowUpQueue {
  /** Queues `job` to start on a later turn of the event loop; false (and not queued) when full. */
  push(job: FollowUp): boolean;
  /** Jobs waiting plus running. */
  readonly size: number;
  /** Resolves once nothing waits or runs. */
  idle(): Promise<void>;
}

/** Makes a queue; jobs start in push order, at most `concurrency` at a time. */
export function createFollowUpQueue(opts: FollowUpQueueOptions): FollowUpQueue {
  const waiting: FollowUp[] = [];
  let head = 0;
  let running = 0;
  let scheduled = false;
  let idlers: Array<() => void> = [];

  const settleIdle = () => {
    if (running > 0 || waiting.length > head) return;
    const done = idlers;
    idlers = [];
    for (const resolve of done) resolve();
  };
  const finished = () => {
    running--;
    schedule();
    settleIdle();
  };
  // One job starts per turn of the event loop, from setImmediate (after the poll phase): requests that arrived
  // meanwhile are read, verified and acked before the next job's first slice of work, even after a stall.
  const schedule = () => {
    if (scheduled || running >= opts.concurrency || waiting.length === head) return;
    scheduled = true;
    nextTurn(startOne);
  };
  const startOne = () => {
    scheduled = false;
    if (running >= opts.concurrency || waiting.length === head) return;
    const job = waiting[head]!;
    waiting[head++] = undefined as never;
    if (head > 1024 && head * 2 > waiting.length) {
      waiting.splice(0, head);
      head = 0;
    }
    running++;
    let started: Promise<void>;
    try {
      started = job();
    } catch (err) {
      started = Promise.reject(err);
    }
    started.catch((err: unknown) => {
      try {
        opts.onError(err);
      } catch {
        // A failing error reporter must not stall the queue.
      }
    }).finally(finished);
    schedule();
  };

  return {
    push(job) {
      if (waiting.length - head >= opts.maxPending) return false;
      waiting.push(job);
      schedule();
      return true;
    },
    get size() {
      return waiting.length - head + running;
    },
    idle() {
      return new Promise<void>((resolve) => {
        idlers.push(resolve);
        settleIdle();
      });
    },
  };
}
