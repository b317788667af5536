// Loads every slash command module in commands/: adding a command is adding one file there.
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { CommandModule } from './command-module.ts';

/** The commands/ directory beside src/ (in the source tree and in dist/ alike). */
export const COMMANDS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'commands');

/** Imports each `commands/*.ts` (or `.js` when built) default export, sorted by name. */
export async function loadCommands(dir = COMMANDS_DIR): Promise<CommandModule[]> {
  const files = readdirSync(dir)
    .filter((f) => /\.(ts|js)$/.test(f) && !f.endsWith('.d.ts'))
    .sort();
  const modules: CommandModule[] = [];
  for (const file of files) {
    const mod = (await import(pathToFileURL(join(dir, file)).href)) as { default?: CommandModule };
    if (!mod.default?.name?.startsWith('/'))
      throw new Error(`commands/${file} must export default defineCommand({ name: '/...', ... })`);
    modules.push(mod.default);
  }
  return modules;
}
