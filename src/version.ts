// vigil's version, from package.json, for /healthz and `vigil --version`.
import { readFileSync } from 'node:fs';

/** The package version string. */
export const VERSION: string = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
