// The local page's static files: the hooks the browser test uses are there, and nothing loads from the network.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/local/page/render.js';
import { loadCommands } from '../../src/slack/load-commands.ts';

const dir = join(import.meta.dirname, '../../src/local/page');
const read = (name: string) => readFileSync(join(dir, name), 'utf8');

describe('local page files', () => {
  const html = read('index.html');

  it('carries the stable test hooks and says it is the local workspace', () => {
    for (const id of [
      'local-banner',
      'user-switcher',
      'composer',
      'send',
      'thread',
      'thread-composer',
      'thread-send',
      'messages',
      'command-hints',
      'composer-error',
      'replay',
    ]) {
      expect(html, id).toContain(`data-testid="${id}"`);
    }
    // The server adds its own banner unless the page says "local workspace" (local-page-routes.ts).
    expect(html).toMatch(/Local workspace — not Slack\. Messages stay on this machine\./);
  });

  it('loads its script and style from this server only', () => {
    expect(html).toContain('<script type="module" src="/local/app.js"></script>');
    expect(html).toContain('<link rel="stylesheet" href="/local/style.css">');
    for (const name of ['index.html', 'app.js', 'render.js', 'style.css']) {
      const text = read(name);
      expect(text, name).not.toMatch(/(?:src|href)\s*=\s*["']?(?:https?:)?\/\//i);
      expect(text, name).not.toMatch(/@import|url\(\s*["']?(?:https?:)?\/\//i);
      expect(text, name).not.toMatch(/fetch\(\s*["'`](?:https?:)?\/\//);
    }
  });

  it('imports render.js relatively, so /local/render.js is what the browser asks for', () => {
    expect(read('app.js')).toMatch(/from '\.\/render\.js';/);
  });

  it("hints exactly the bot's slash commands, with their usage hints and descriptions", async () => {
    const modules = await loadCommands();
    const sorted = <T extends { command: string }>(xs: T[]) =>
      [...xs].sort((a, b) => a.command.localeCompare(b.command));
    expect(sorted([...COMMANDS])).toEqual(
      sorted(modules.map((m) => ({ command: m.name, hint: m.usageHint, description: m.description }))),
    );
  });
});
