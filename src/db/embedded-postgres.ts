// The embedded default database: PGlite persisted in a directory, served on 127.0.0.1 to `pg`.
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { VigilError } from '../errors.ts';
import { recordDbAddress, removeDbAddress } from './data-dir-address.ts';
import { acquireDataDirLock } from './data-dir-lock.ts';

/** A running embedded PostgreSQL: where to connect, and how to stop it cleanly. */
export interface EmbeddedPostgres {
  connectionString: string;
  stop(): Promise<void>;
}

/** The URL `pg` reaches an embedded server on, from its `host:port`. */
export function embeddedUrl(address: string): string {
  return `postgres://postgres@${address}/postgres`;
}

type WorkerMessage =
  { type: 'ready'; conn: string } | { type: 'error'; message: string } | { type: 'stopped'; error?: string };

/** Starts PGlite (in memory when dataDir is undefined) behind a socket server on a free port, on a worker thread. */
export async function startEmbeddedPostgres(opts: { dataDir?: string; port?: number } = {}): Promise<EmbeddedPostgres> {
  // The lock is taken here, in the process's main thread, before the worker touches the directory.
  const release = opts.dataDir === undefined ? () => {} : acquireDataDirLock(opts.dataDir);
  const worker = new Worker(new URL('./embedded-postgres-worker.mjs', import.meta.url), {
    workerData: { pgdata: opts.dataDir === undefined ? null : join(opts.dataDir, 'pgdata'), port: opts.port ?? 0 },
  });
  const next = () =>
    new Promise<WorkerMessage>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
  try {
    const first = await next();
    if (first.type !== 'ready')
      throw new Error(first.type === 'error' ? first.message : 'the database worker stopped early');
    // Beside the lock, so CLI commands run while this process holds the directory use this server (open-database.ts).
    if (opts.dataDir !== undefined) recordDbAddress(opts.dataDir, first.conn);
    let stopped: Promise<void> | undefined;
    return {
      connectionString: embeddedUrl(first.conn),
      stop() {
        stopped ??= (async () => {
          try {
            if (opts.dataDir !== undefined) removeDbAddress(opts.dataDir);
            const done = next();
            worker.postMessage({ type: 'stop' });
            const reply = await done;
            if (reply.type === 'stopped' && reply.error) throw new Error(reply.error);
          } finally {
            await worker.terminate();
            release();
          }
        })();
        return stopped;
      },
    };
  } catch (err) {
    await worker.terminate();
    release();
    throw new VigilError(
      'vigil_embedded_db_failed',
      `The embedded database in ${opts.dataDir ?? 'memory'} did not start: ${(err as Error).message}`,
      'Check that VIGIL_DATA_DIR is writable and holds only vigil data; move it aside to start fresh.',
      { cause: err },
    );
  }
}
