// The local workspace's access token: made at first start, kept in the data directory (mode 0600), reused after.
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The token file's name inside VIGIL_DATA_DIR. */
export const LOCAL_TOKEN_FILE = 'local-token';

// 32 random bytes in hex: URL- and cookie-safe, and never a shape the log scrubber blanks (xoxb-…, sk-…).
const TOKEN_SHAPE = /^[0-9a-f]{64}$/;

/** The token kept in `dataDir`, or undefined when no bot has made one there yet. */
export function readLocalToken(dataDir: string): string | undefined {
  try {
    const token = readFileSync(join(dataDir, LOCAL_TOKEN_FILE), 'utf8').trim();
    return TOKEN_SHAPE.test(token) ? token : undefined;
  } catch {
    return undefined;
  }
}

/** The token kept in `dataDir`; a new one is made (and kept, readable by this user only) when there is none. */
export function ensureLocalToken(dataDir: string): string {
  const kept = readLocalToken(dataDir);
  if (kept) return kept;
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const token = randomBytes(32).toString('hex');
  const file = join(dataDir, LOCAL_TOKEN_FILE);
  writeFileSync(file, `${token}\n`, { mode: 0o600 });
  // A file that existed (unreadable or malformed) keeps its old mode through writeFileSync.
  chmodSync(file, 0o600);
  return token;
}

/** The header that proves the token to the bot (the CLI's requests to the running bot). */
export function localAuthHeader(dataDir: string): Record<string, string> {
  const token = readLocalToken(dataDir);
  return token ? { authorization: `Bearer ${token}` } : {};
}
