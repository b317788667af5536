// vigil's version, from package.json, for /healthz and `vigil --version`.
import { existsSync, readFileSync } from 'node:fs';

// Walk up from this file: the source tree and the built dist/ sit at different depths.
function findPackageJson(): string {
  for (let url = new URL('../package.json', import.meta.url); ; url = new URL('../package.json', url)) {
    if (existsSync(url)) return readFileSync(url, 'utf8');
    if (url.pathname === '/package.json') throw new Error('package.json not found above ' + import.meta.url);
  }
}

/** The package version string. */
export const VERSION: string = (JSON.parse(findPackageJson()) as { version: string }).version;
