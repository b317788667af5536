// What /healthz reports: the database answering within a deadline, and whether start-up finished.
import type pg from 'pg';

/** The /healthz body. */
export interface Health {
  status: 'ok' | 'starting' | 'error';
  database: 'ok' | 'unreachable';
  version: string;
  warehouse?: string;
}

/** Asks the database for `SELECT 1`, giving up after `timeoutMs`. */
export async function checkHealth(pool: pg.Pool, opts: { version: string; ready: boolean; warehouse?: string; timeoutMs?: number }): Promise<Health> {
  const ok = await pingDatabase(pool, opts.timeoutMs ?? 2000);
  const status = !ok ? 'error' : opts.ready ? 'ok' : 'starting';
  return { status, database: ok ? 'ok' : 'unreachable', version: opts.version, ...(opts.warehouse ? { warehouse: opts.warehouse } : {}) };
}

async function pingDatabase(pool: pg.Pool, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  try {
    return await Promise.race([pool.query('SELECT 1').then(() => true, () => false), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
