// The app's shortcuts as its manifest declares them (manifest.yml `features.shortcuts`): what Slack lists in its
// shortcuts menus, and so what the local workspace's global and message menus offer.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

/** One shortcut of the manifest. */
export interface LocalShortcut {
  callbackId: string;
  name: string;
  type: 'global' | 'message';
  description: string;
}

/** Where the app's manifest lives (the repository root). */
export const MANIFEST_PATH = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'manifest.yml');

/** The shortcuts of the manifest at `path`; none when it cannot be read (the menus are then empty). */
export function readShortcuts(path = MANIFEST_PATH): LocalShortcut[] {
  if (!existsSync(path)) return [];
  try {
    const manifest = parse(readFileSync(path, 'utf8')) as { features?: { shortcuts?: unknown[] } };
    return (manifest.features?.shortcuts ?? []).flatMap((raw) => {
      const s = raw as Record<string, unknown>;
      if (typeof s.callback_id !== 'string' || (s.type !== 'global' && s.type !== 'message')) return [];
      return [
        {
          callbackId: s.callback_id,
          name: typeof s.name === 'string' ? s.name : s.callback_id,
          type: s.type,
          description: typeof s.description === 'string' ? s.description : '',
        },
      ];
    });
  } catch {
    return [];
  }
}
