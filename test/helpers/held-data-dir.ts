// A data directory as a running bot leaves it: locked by another live process (by default the test runner's
// parent), with the address of its database server recorded beside the lock.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { recordDbAddress } from '../../src/db/data-dir-address.ts';
import { LOCK_FILE } from '../../src/db/data-dir-lock.ts';

/** A fresh directory held by `pid`, whose server is recorded at `address` (host:port). */
export function heldDataDir(address: string, pid = process.ppid): string {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-held-'));
  writeFileSync(join(dir, LOCK_FILE), `${pid}\n`);
  recordDbAddress(dir, address, pid);
  return dir;
}
