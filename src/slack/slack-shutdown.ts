// Shutting the Slack side down without losing an acked command: refuse new work, finish what was taken within the
// grace period, and tell the user of everything left unfinished at the deadline what happened to it.
import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import type { Logger } from 'pino';
import { ackedRequestOf, RESTARTING_TEXT, unfinishedText, type AckedRequest } from './acked-request.ts';
import type { FollowUpQueue, Unfinished } from './follow-up-queue.ts';
import { postResponseUrl } from './post-response-url.ts';

/** The Bolt context key holding a delivery's AckedRequest; the HTTP route sets it on what it queued (taken before any stop). */
export const ACKED_REQUEST = 'vigilAckedRequest';

/** The AckedRequest of a delivery, from its Bolt context. */
export function ackedRequestIn(context: Record<string, unknown>): AckedRequest | undefined {
  return context[ACKED_REQUEST] as AckedRequest | undefined;
}

// Telling users is the last step before the database closes; a response_url that does not answer is not waited for.
const TELL_TIMEOUT_MS = 3000;
// Kept free before the shutdown deadline for telling users, so the process never exits under their replies.
const TELL_RESERVE_MS = TELL_TIMEOUT_MS + 1000;

/** When Slack work must stop for its users to be told before the whole shutdown's `deadline` (epoch ms). */
export function slackWorkDeadline(deadline: number, now = Date.now()): number {
  return Math.max(now, deadline - TELL_RESERVE_MS);
}

/** The Slack side's shutdown state: whether it is stopping, a Bolt middleware that enforces it, and the drain. */
export interface SlackShutdown {
  stopping(): boolean;
  /** Stop taking new commands and clicks; those that arrive get RESTARTING_TEXT. */
  begin(): void;
  /** Global Bolt middleware: refuses deliveries that arrive while stopping (Socket Mode, the local workspace), tracks the rest. */
  middleware: Middleware<AnyMiddlewareArgs>;
  /** Waits for the queued and running work until `deadline` (epoch ms), then tells the users of what is left. */
  drain(deadline: number): Promise<Unfinished<AckedRequest>>;
  /** True once the drain's deadline passed with work still running: that work's later failures are expected. */
  abandoned(): boolean;
}

/** Makes the shutdown state over the follow-up lanes (HTTP mode; none in Socket Mode and the local workspace). */
export function slackShutdown(lanes: Array<FollowUpQueue<AckedRequest>>, logger: Logger): SlackShutdown {
  let stopping = false;
  let abandoned = false;
  // Deliveries Bolt runs directly (Socket Mode, the local workspace), from the middleware to the listener's end.
  const direct = new Set<AckedRequest>();
  const directIdle: Array<() => void> = [];

  const middleware: Middleware<AnyMiddlewareArgs> = async (args) => {
    const { body, context, next } = args;
    const delivery = body as unknown as Record<string, unknown>;
    if (context[ACKED_REQUEST] || !('command' in delivery || delivery.type === 'block_actions')) return next();
    const request = ackedRequestOf(delivery);
    context[ACKED_REQUEST] = request;
    if (stopping) {
      const ack = (args as { ack?: (r?: object) => Promise<void> }).ack;
      // A slash command's ack may carry the message; a click's cannot, so it goes to the response_url.
      if ('command' in delivery) return void (await ack?.({ response_type: 'ephemeral', text: RESTARTING_TEXT }));
      await ack?.();
      if (request.responseUrl) await tell(request.responseUrl, RESTARTING_TEXT, logger);
      return;
    }
    direct.add(request);
    try {
      await next();
    } finally {
      direct.delete(request);
      if (direct.size === 0) for (const resolve of directIdle.splice(0)) resolve();
    }
  };

  return {
    stopping: () => stopping,
    begin() {
      stopping = true;
    },
    middleware,
    abandoned: () => abandoned,
    async drain(deadline) {
      stopping = true;
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<void>((resolve) => (timer = setTimeout(resolve, Math.max(0, deadline - Date.now()))));
      const directDone =
        direct.size === 0 ? Promise.resolve() : new Promise<void>((resolve) => directIdle.push(resolve));
      const [queued] = await Promise.all([
        Promise.all(lanes.map((lane) => lane.drain(deadline))),
        Promise.race([directDone, late]),
      ]);
      clearTimeout(timer);
      const left: Unfinished<AckedRequest> = {
        neverStarted: queued.flatMap((u) => u.neverStarted),
        stillRunning: [...queued.flatMap((u) => u.stillRunning), ...direct],
      };
      abandoned = left.stillRunning.length > 0;
      for (const request of left.stillRunning) request.abandoned = true;
      if (left.neverStarted.length + left.stillRunning.length === 0) return left;
      logger.warn(
        { neverStarted: left.neverStarted.map((r) => r.what), stillRunning: left.stillRunning.map((r) => r.what) },
        'shutdown grace period over with Slack work unfinished; telling its users',
      );
      await Promise.all([
        ...left.neverStarted.map((r) =>
          r.responseUrl ? tell(r.responseUrl, unfinishedText(r, false), logger) : undefined,
        ),
        ...left.stillRunning.map((r) =>
          r.responseUrl ? tell(r.responseUrl, unfinishedText(r, true), logger) : undefined,
        ),
      ]);
      return left;
    },
  };
}

async function tell(responseUrl: string, text: string, logger: Logger): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<void>((resolve) => (timer = setTimeout(resolve, TELL_TIMEOUT_MS)));
  const post = postResponseUrl(responseUrl, { response_type: 'ephemeral', replace_original: false, text }).catch(
    (err: unknown) => logger.warn({ err }, 'could not tell a user about work vigil did not finish'),
  );
  await Promise.race([post, late]);
  clearTimeout(timer);
}
