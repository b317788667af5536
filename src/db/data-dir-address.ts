// Where the process that holds an embedded data directory serves its database, kept beside the lock so
// CLI commands run next to the bot can use that server instead of being refused.
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The file holding `<pid> <host>:<port>` of the embedded server, while it runs. */
export const ADDRESS_FILE = 'db-address';

/** Records this process's server address (owner-only, replaced atomically so a reader never sees half of it). */
export function recordDbAddress(dataDir: string, address: string, pid = process.pid): void {
  const path = join(dataDir, ADDRESS_FILE);
  const tmp = `${path}.${pid}.tmp`;
  writeFileSync(tmp, `${pid} ${address}\n`, { mode: 0o600 });
  renameSync(tmp, path);
}

/** The address `pid` recorded, or undefined when the record is missing, unreadable or another process's. */
export function readDbAddress(dataDir: string, pid: number): string | undefined {
  let text: string;
  try {
    text = readFileSync(join(dataDir, ADDRESS_FILE), 'utf8');
  } catch {
    return undefined;
  }
  // A record left by an earlier process (killed before removing it) names another PID and is ignored.
  const match = /^(\d+) (\S+:\d+)\s*$/.exec(text);
  return match && Number(match[1]) === pid ? match[2] : undefined;
}

/** Removes the record if it is this process's. */
export function removeDbAddress(dataDir: string, pid = process.pid): void {
  if (readDbAddress(dataDir, pid) !== undefined) rmSync(join(dataDir, ADDRESS_FILE), { force: true });
}
