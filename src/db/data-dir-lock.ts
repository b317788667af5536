// One process owns an embedded data directory: a lock file holding its PID guards it.
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { VigilError } from '../errors.ts';

export const LOCK_FILE = 'vigil.lock';

// Locks this process holds, so opening the same directory twice in one process is refused too.
const heldHere = new Set<string>();

/** Takes the directory's lock for this process, or throws naming the PID that holds it. */
export function acquireDataDirLock(dataDir: string, pid = process.pid): () => void {
  ensureWritableDir(dataDir);
  const path = join(dataDir, LOCK_FILE);
  if (heldHere.has(path)) throw locked(dataDir, pid);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, `${pid}\n`);
      closeSync(fd);
      heldHere.add(path);
      return () => {
        heldHere.delete(path);
        releaseIfOurs(path, pid);
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw unwritable(dataDir, err);
      const holder = readHolder(path);
      if (holder !== undefined && holder !== pid && isAlive(holder)) throw locked(dataDir, holder);
      // The holder died without cleaning up (or it is us after a crash); the lock is stale.
      rmSync(path, { force: true });
    }
  }
  throw new VigilError(
    'vigil_data_dir_locked',
    `Could not lock ${dataDir}.`,
    `Remove ${path} if no vigil process is running.`,
  );
}

/** The PID of the live process holding the directory's lock, or undefined when it is free or the holder died. */
export function liveLockHolder(dataDir: string): number | undefined {
  const holder = readHolder(join(dataDir, LOCK_FILE));
  return holder !== undefined && isAlive(holder) ? holder : undefined;
}

function locked(dataDir: string, holder: number): VigilError {
  return new VigilError(
    'vigil_data_dir_locked',
    `The data directory ${dataDir} is already in use by PID ${holder}.`,
    'Stop that process first, or give this one its own directory with VIGIL_DATA_DIR.',
  );
}

function ensureWritableDir(dataDir: string): void {
  try {
    mkdirSync(dataDir, { recursive: true });
  } catch (err) {
    throw unwritable(dataDir, err);
  }
}

function unwritable(dataDir: string, err: unknown): VigilError {
  const reason = (err as NodeJS.ErrnoException).code ?? String(err);
  return new VigilError(
    'vigil_data_dir_unwritable',
    `Cannot write to the data directory ${dataDir} (${reason}).`,
    `Point VIGIL_DATA_DIR at a directory this user can write, or fix its permissions.`,
    { cause: err },
  );
}

function readHolder(path: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(path, 'utf8').trim(), 10);
    return Number.isFinite(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM means the process exists but belongs to another user.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function releaseIfOurs(path: string, pid: number): void {
  if (readHolder(path) === pid) rmSync(path, { force: true });
}
