// Runs PGlite and its socket server on a worker thread, so the database's WebAssembly work does not
// hold up the main thread's event loop (measured with bench slack-ack: PGlite was ~28% of the busy
// main thread). Plain JavaScript: worker threads do not inherit the TypeScript loader.
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { keepQueryCyclesWhole } from './keep-query-cycles-whole.mjs';

let db;
let server;
try {
  db = workerData.pgdata === null ? await PGlite.create() : await PGlite.create(workerData.pgdata);
  server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: workerData.port, maxConnections: 64 });
  keepQueryCyclesWhole(server.queryQueue);
  await server.start();
  parentPort.postMessage({ type: 'ready', conn: server.getServerConn() });
} catch (err) {
  await db?.close().catch(() => {});
  parentPort.postMessage({ type: 'error', message: err instanceof Error ? err.message : String(err) });
}

parentPort.on('message', async (msg) => {
  if (msg?.type !== 'stop') return;
  try {
    await server?.stop();
    await db?.close();
    parentPort.postMessage({ type: 'stopped' });
  } catch (err) {
    parentPort.postMessage({ type: 'stopped', error: err instanceof Error ? err.message : String(err) });
  }
});
