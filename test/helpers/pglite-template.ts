// PGlite data directories built once and copied for each test: reopening a copied directory takes a fraction
// of the time an in-memory PGlite needs to initialise a new cluster. Kept across runs under node_modules/.cache.
import {
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import { openDatabase } from '../../src/db/open-database.ts';

/** The repository root. */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
// Beside vitest's own cache; node_modules/ is git-ignored.
const CACHE = join(ROOT, 'node_modules/.cache/vigil-test');
// What the template was built with, written last: a directory without it is not a finished template.
const DONE = 'built.json';
// A template of other code unused this long is removed when the next one of its kind is built.
const STALE_MS = 30 * 60_000;

/** PGlite's version: a data directory of one version may not open in another. */
export function pgliteVersion(): string {
  return JSON.parse(readFileSync(join(ROOT, 'node_modules/@electric-sql/pglite/package.json'), 'utf8'))
    .version as string;
}

/**
 * The template directory `<kind>-<key>`, built by `fill` on a new cluster if missing; what `fill` returns is kept
 * beside it. Templates of the same kind with another key are stale and removed.
 */
export async function ensurePgliteTemplate<T>(
  kind: string,
  key: string,
  fill: (pool: pg.Pool) => Promise<T>,
): Promise<{ dir: string; built: T }> {
  const dir = join(CACHE, `${kind}-${key}`);
  const read = () => ({ dir, built: JSON.parse(readFileSync(join(dir, DONE), 'utf8')) as T });
  if (existsSync(join(dir, DONE))) return read();
  mkdirSync(CACHE, { recursive: true });
  return withLockFile(join(CACHE, `${kind}.lock`), async () => {
    if (existsSync(join(dir, DONE))) return read();
    for (const entry of readdirSync(CACHE)) {
      const path = join(CACHE, entry);
      // A stale template is left alone while a run on the other code may still be copying it.
      const stale =
        entry.startsWith(`${kind}-`) &&
        !entry.endsWith('.lock') &&
        entry !== `${kind}-${key}` &&
        Date.now() - statSync(path).mtimeMs > STALE_MS;
      if (stale || entry.startsWith(`build.${kind}.`)) rmSync(path, { recursive: true, force: true });
    }
    const build = mkdtempSync(join(CACHE, `build.${kind}.`));
    try {
      const db = await openDatabase({ dataDir: join(build, 'data') });
      let built: T;
      try {
        built = await fill(db.pool);
      } finally {
        // A clean stop leaves the directory consistent and without its lock and address files.
        await db.close();
      }
      writeFileSync(join(build, DONE), JSON.stringify(built ?? null));
      renameSync(build, dir);
    } catch (err) {
      rmSync(build, { recursive: true, force: true });
      // Another builder got there first (see withLockFile); its template is as good as ours.
      if (!existsSync(join(dir, DONE))) throw err;
    }
    return read();
  });
}

/** A running copy of a template directory: its pool, its server's URL, and `close`, which deletes the copy. */
export async function openPgliteCopy(
  template: string,
): Promise<{ pool: pg.Pool; url: string; close(): Promise<void> }> {
  const copy = await mkdtemp(join(tmpdir(), 'vigil-test-pglite-'));
  try {
    // Marks the template as in use (see STALE_MS).
    utimesSync(template, new Date(), new Date());
    await cp(join(template, 'data'), join(copy, 'data'), { recursive: true });
    const db = await openDatabase({ dataDir: join(copy, 'data') });
    return {
      pool: db.pool,
      url: db.connectionString,
      async close() {
        try {
          await db.close();
        } finally {
          await rm(copy, { recursive: true, force: true });
        }
      },
    };
  } catch (err) {
    await rm(copy, { recursive: true, force: true });
    throw err;
  }
}

// A lock file holding the builder's PID; one left by a dead process is taken over. Two waiters taking over
// the same dead lock could both build: the rename into place then keeps one build, so that costs time only.
async function withLockFile<T>(path: string, fn: () => Promise<T>): Promise<T> {
  for (;;) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      if (!isAlive(Number(readFileSync(path, 'utf8').trim() || 'NaN'))) rmSync(path, { force: true });
      else await new Promise((r) => setTimeout(r, 250));
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(path, { force: true });
  }
}

function isAlive(pid: number): boolean {
  // A lock file just created may not hold its PID yet: count it as held.
  if (!Number.isInteger(pid)) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
