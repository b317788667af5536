import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { loadCommands } from '../../src/slack/load-commands.ts';
import { DECLARE_SHORTCUTS } from '../../src/slack/register-declare-incident.ts';
import { TIMELINE_SHORTCUT } from '../../src/slack/register-timeline-shortcut.ts';

interface ManifestCommand {
  command: string;
  description: string;
  usage_hint?: string;
  should_escape?: boolean;
}
const manifest = parse(readFileSync(new URL('../../manifest.yml', import.meta.url), 'utf8'));
const declared: ManifestCommand[] = manifest.features.slash_commands;

describe('manifest.yml', () => {
  it('declares exactly the commands that have a module in commands/, with the same texts', async () => {
    const modules = await loadCommands();
    expect(declared.map((c) => c.command).sort()).toEqual(modules.map((m) => m.name).sort());
    for (const m of modules) {
      const entry = declared.find((c) => c.command === m.name)!;
      expect(entry.description).toBe(m.description);
      expect(entry.usage_hint).toBe(m.usageHint);
    }
  });

  it("keeps names, descriptions and usage hints within Slack's limits", () => {
    // docs.slack.dev/reference/app-manifest: command <= 32 incl. "/", description <= 2000, usage_hint <= 1000.
    for (const c of declared) {
      expect(c.command).toMatch(/^\/[a-z0-9_-]{1,31}$/);
      expect(c.description.length).toBeGreaterThan(0);
      expect(c.description.length).toBeLessThanOrEqual(2000);
      expect((c.usage_hint ?? '').length).toBeLessThanOrEqual(1000);
      // Mentions must arrive as <@U..> ids, which the parsers rely on.
      expect(c.should_escape).toBe(true);
    }
    expect(manifest.display_information.name.length).toBeLessThanOrEqual(35);
    expect(manifest.display_information.description.length).toBeLessThanOrEqual(140);
    expect(manifest.features.bot_user.display_name).toMatch(/^[a-z0-9._-]{1,80}$/);
  });

  it('runs in Socket Mode with interactivity and only the scopes vigil calls for', () => {
    expect(manifest.settings.socket_mode_enabled).toBe(true);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(manifest.oauth_config.scopes.bot.sort()).toEqual([
      'channels:history',
      'channels:manage',
      'channels:read',
      'chat:write',
      'chat:write.public',
      'commands',
      'files:write',
      'pins:read',
      'pins:write',
      'reactions:read',
      'usergroups:read',
    ]);
    // The events the incident timeline listens to (register-timeline-events.ts), and the Home tab's.
    expect(manifest.settings.event_subscriptions.bot_events.sort()).toEqual([
      'app_home_opened',
      'pin_added',
      'pin_removed',
      'reaction_added',
      'reaction_removed',
    ]);
  });

  it('declares the shortcuts vigil registers and the Home tab', () => {
    const shortcuts = manifest.features.shortcuts as Array<{
      name: string;
      type: string;
      callback_id: string;
      description: string;
    }>;
    expect(shortcuts.map((s) => [s.type, s.callback_id])).toEqual([
      ['global', DECLARE_SHORTCUTS.global],
      ['message', DECLARE_SHORTCUTS.message],
      ['message', TIMELINE_SHORTCUT],
    ]);
    // A shortcut's description is at most 150 characters (@slack/web-api's manifest types, ManifestShortcut).
    for (const s of shortcuts) expect(s.description.length).toBeLessThanOrEqual(150);
    expect(manifest.features.app_home.home_tab_enabled).toBe(true);
  });
});
