// A real browser for the local workspace tests: Debian's Chromium (apt-get install chromium) driven by
// playwright-core, which downloads no browser of its own. .ci/run installs it; a machine without it skips.
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';

/** Where Debian's chromium package puts the browser. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Why the browser tests cannot run here, or null: only a developer machine without Chromium skips; CI must run them. */
export function browserSkipReason(): string | null {
  if (existsSync(CHROMIUM_PATH)) return null;
  if (process.env.CI) return null; // launch then fails, loudly: CI installs Chromium (.ci/run)
  return `${CHROMIUM_PATH} is missing: install it with \`apt-get install -y chromium\` to run the browser tests (CI does, in .ci/run)`;
}

/**
 * Launches headless Chromium with a fresh, empty profile (playwright's launch makes a new temporary user
 * data dir each time). Without the background-networking flags Chromium's own connections (updates,
 * sync, QUIC probes) get refused on locked-down machines and the browser stalls.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** test/artifacts/<name>/ (gitignored), emptied: where a browser test keeps the screenshots of its last run. */
export function artifactsDir(name: string): string {
  const dir = join(fileURLToPath(new URL('../artifacts/', import.meta.url)), name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return dir;
}
