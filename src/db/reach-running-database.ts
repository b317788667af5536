// A CLI command run beside the bot: the bot holds the embedded data directory, so the command connects to
// the database server the bot runs on it, as one more client, instead of being refused.
import type pg from 'pg';
import { VigilError } from '../errors.ts';
import { createPool } from './create-pool.ts';
import { readDbAddress } from './data-dir-address.ts';
import { liveLockHolder } from './data-dir-lock.ts';
import { embeddedUrl } from './embedded-postgres.ts';

// Connecting waits in the server's one queue behind the bot's work in progress (a demo seed's statements take seconds);
// a server that is gone refuses at once.
const CONNECT_TIMEOUT_MS = 30_000;

/** A pool on the server of the vigil that holds the directory: the server is that process's, the pool the caller's. */
export interface RunningDatabase {
  pool: pg.Pool;
  connectionString: string;
  holder: number;
}

/**
 * Opens a pool on the server of the live process that holds `dataDir`; `locked` is the refusal to throw (with
 * the reason) when there is none to use: no live holder, this process, no address recorded, or no answer there.
 */
export async function reachRunningDatabase(
  dataDir: string,
  locked: VigilError,
  notify: (line: string) => void,
): Promise<RunningDatabase> {
  const holder = liveLockHolder(dataDir);
  // The lock's holder just exited: the directory is free again, and the caller's refusal stands for this attempt.
  if (holder === undefined || holder === process.pid) throw locked;
  const address = readDbAddress(dataDir, holder);
  if (address === undefined)
    throw because(locked, 'it has recorded no database address: it is starting, or an older vigil');
  let pool;
  try {
    pool = await createPool(embeddedUrl(address), { variable: 'VIGIL_DATA_DIR', connectTimeoutMs: CONNECT_TIMEOUT_MS });
  } catch (err) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    throw because(
      locked,
      `its database at ${address} did not answer: ${cause?.code ?? cause?.message ?? (err as Error).message}`,
      err,
    );
  }
  notify(`using the database of the running vigil (PID ${holder}) at ${address}`);
  return { pool, connectionString: embeddedUrl(address), holder };
}

function because(locked: VigilError, reason: string, cause?: unknown): VigilError {
  return new VigilError(locked.code, `${locked.message.replace(/\.$/, '')} (${reason}).`, locked.hint, {
    cause: cause ?? locked,
  });
}
