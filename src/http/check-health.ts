// What /healthz reports: the database answering within a deadline, and whether start-up finished.
import type pg from 'pg';

/** The /healthz body. */
export interface Health {
  /** stopping: shutting down (draining work), so a load balancer sends new requests elsewhere. */
  status: 'ok' | 'starting' | 'stopping' | 'error';
  /** busy: no answer within the deadline, but one came lately (the embedded database queues every query). */
  database: 'ok' | 'busy' | 'unreachable';
  version: string;
  warehouse?: string;
}

/** How long a database that answered lately counts as busy rather than gone when a ping is slow. */
export const BUSY_GRACE_MS = 60_000;

/** A health check over `pool` that remembers when the database last answered. */
export interface HealthCheck {
  (opts: { version: string; ready: boolean; stopping?: boolean; warehouse?: string }): Promise<Health>;
  /** Records an answer from elsewhere (start-up's migrations), so a slow first ping reads as busy. */
  answered(): void;
}

/** Pings with `SELECT 1`: an answer within `timeoutMs` is ok; an error is unreachable; a slow answer is busy when one came within BUSY_GRACE_MS. */
export function createHealthCheck(
  pool: pg.Pool,
  options: { timeoutMs?: number; clock?: () => number } = {},
): HealthCheck {
  const timeoutMs = options.timeoutMs ?? 2000;
  const clock = options.clock ?? Date.now;
  let lastAnswer = Number.NEGATIVE_INFINITY;
  const ping = async (): Promise<Health['database']> => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), timeoutMs);
    });
    // A late answer still counts, when it comes.
    const answer = pool.query('SELECT 1').then(
      () => {
        lastAnswer = clock();
        return 'ok' as const;
      },
      () => 'unreachable' as const,
    );
    try {
      const first = await Promise.race([answer, timeout]);
      if (first !== 'late') return first;
      return clock() - lastAnswer <= BUSY_GRACE_MS ? 'busy' : 'unreachable';
    } finally {
      clearTimeout(timer);
    }
  };
  const check = (async (opts) => {
    const database = await ping();
    const status = database === 'unreachable' ? 'error' : opts.stopping ? 'stopping' : opts.ready ? 'ok' : 'starting';
    return { status, database, version: opts.version, ...(opts.warehouse ? { warehouse: opts.warehouse } : {}) };
  }) as HealthCheck;
  check.answered = () => {
    lastAnswer = clock();
  };
  return check;
}
