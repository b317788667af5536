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

/** What a drain left unfinished at its deadline, by the tags the jobs were pushed with. */
export interface Unfinished<T> {
  /** Jobs that never started; they are dropped and never will. */
  neverStarted: T[];
  /** Jobs still running; they are left to end on their own. */
  stillRunning: T[];
}

/** The queue as callers see it; `T` is what a job is tagged with (e.g. whom to tell if it never runs). */
export interface FollowUpQueue<T = unknown> {
  /** Queues `job` to start on a later turn of the event loop; false (and not queued) when full. */
  push(job: FollowUp, tag?: T): boolean;
  /** Jobs waiting plus running. */
  readonly size: number;
  /** Resolves once nothing waits or runs. */
  idle(): Promise<void>;
  /** Waits until idle or the `deadline` (epoch ms); at the deadline drops the waiting jobs and returns what was left. */
  drain(deadline: number): Promise<Unfinished<T>>;
}

interface Entry<T> {
  job: FollowUp;
  tag: T | undefined;
}

/** Makes a queue; jobs start in push order, at most `concurrency` at a time. */
export function createFollowUpQueue<T = unknown>(opts: FollowUpQueueOptions): FollowUpQueue<T> {
  const waiting: Array<Entry<T>> = [];
  let head = 0;
  const running = new Set<Entry<T>>();
  let scheduled = false;
  let idlers: Array<() => void> = [];

  const settleIdle = () => {
    if (running.size > 0 || waiting.length > head) return;
    const done = idlers;
    idlers = [];
    for (const resolve of done) resolve();
  };
  // One job starts per turn of the event loop, from setImmediate (after the poll phase): requests that arrived
  // meanwhile are read, verified and acked before the next job's first slice of work, even after a stall.
  const schedule = () => {
    if (scheduled || running.size >= opts.concurrency || waiting.length === head) return;
    scheduled = true;
    nextTurn(startOne);
  };
  const startOne = () => {
    scheduled = false;
    if (running.size >= opts.concurrency || waiting.length === head) return;
    const entry = waiting[head]!;
    waiting[head++] = undefined as never;
    if (head > 1024 && head * 2 > waiting.length) {
      waiting.splice(0, head);
      head = 0;
    }
    running.add(entry);
    let started: Promise<void>;
    try {
      started = entry.job();
    } catch (err) {
      started = Promise.reject(err);
    }
    started
      .catch((err: unknown) => {
        try {
          opts.onError(err);
        } catch {
          // A failing error reporter must not stall the queue.
        }
      })
      .finally(() => {
        running.delete(entry);
        schedule();
        settleIdle();
      });
    schedule();
  };
  const tagsOf = (entries: Iterable<Entry<T>>) => [...entries].flatMap((e) => (e.tag === undefined ? [] : [e.tag]));
  const idle = () =>
    new Promise<void>((resolve) => {
      idlers.push(resolve);
      settleIdle();
    });

  return {
    push(job, tag) {
      if (waiting.length - head >= opts.maxPending) return false;
      waiting.push({ job, tag });
      schedule();
      return true;
    },
    get size() {
      return waiting.length - head + running.size;
    },
    idle,
    async drain(deadline) {
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<void>((resolve) => (timer = setTimeout(resolve, Math.max(0, deadline - Date.now()))));
      await Promise.race([idle(), late]);
      clearTimeout(timer);
      const neverStarted = tagsOf(waiting.slice(head));
      waiting.length = 0;
      head = 0;
      const unfinished = { neverStarted, stillRunning: tagsOf(running) };
      settleIdle();
      return unfinished;
    },
  };
}
