// The embedded default database: PGlite persisted in a directory, served on 127.0.0.1 to `pg`.
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { VigilError } from '../errors.ts';
import { acquireDataDirLock } from './data-dir-lock.ts';

/** A running embedded PostgreSQL: where to connect, and how to stop it cleanly. */
export interface EmbeddedPostgres {
  connectionString: string;
  stop(): Promise<void>;
}

/** Starts PGlite (in memory when dataDir is undefined) behind a socket server on a free port. */
export async function startEmbeddedPostgres(opts: { dataDir?: string; port?: number } = {}): Promise<EmbeddedPostgres> {
  const release = opts.dataDir === undefined ? () => {} : acquireDataDirLock(opts.dataDir);
  let db: PGlite | undefined;
  try {
    db = opts.dataDir === undefined ? await PGlite.create() : await PGlite.create(join(opts.dataDir, 'pgdata'));
    const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: opts.port ?? 0, maxConnections: 64 });
    await server.start();
    const owned = db;
    return {
      connectionString: `postgres://postgres@${server.getServerConn()}/postgres`,
      async stop() {
        try {
          await server.stop();
          await owned.close();
        } finally {
          release();
        }
      },
    };
  } catch (err) {
    await db?.close().catch(() => {});
    release();
    if (err instanceof VigilError) throw err;
    throw new VigilError(
      'vigil_embedded_db_failed',
      `The embedded database in ${opts.dataDir ?? 'memory'} did not start: ${(err as Error).message}`,
      'Check that VIGIL_DATA_DIR is writable and holds only vigil data; move it aside to start fresh.',
      { cause: err },
    );
  }
}
