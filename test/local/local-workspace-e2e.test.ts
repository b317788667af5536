// The local workspace end to end: `vigil start` without Slack credentials, the page's command and click
// through the same Bolt app and Slack code path, the history kept across a restart.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LocalMessages, LocalState } from '../../src/local/local-page-contract.ts';
import { childEnv, startVigil } from '../helpers/run-vigil.ts';
import { eventually } from '../helpers/slack-http.ts';

function pageUrl(lines: Array<Record<string, unknown>>): string {
  const line = lines.find((l) => String(l.msg).startsWith('local workspace at '));
  expect(line?.msg).toBe(`local workspace at ${String(line?.url)}`);
  return String(line!.url);
}

// The page's calls carry the workspace's access token (the browser sends it as a cookie; this test as a bearer).
let auth: Record<string, string> = {};

async function get<T>(url: string): Promise<T> {
  return (await (await fetch(url, { headers: auth })).json()) as T;
}

async function post(url: string, body: unknown): Promise<{ ok: boolean; error?: string }> {
  return (await (
    await fetch(url, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })
  ).json()) as { ok: boolean; error?: string };
}

describe('the local workspace (vigil start without Slack credentials)', () => {
  it('opens an incident from the page, acknowledges it on the card, and keeps the history across a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-local-'));
    // No scheduled work: this test is about the page and the Slack code path, not the warehouse.
    writeFileSync(
      join(dir, 'vigil.yml'),
      'demo:\n  seed_on_start: false\nschedule:\n  enabled: false\ndigest:\n  enabled: false\n  weekly:\n    enabled: false\n',
    );
    const env = childEnv({
      VIGIL_DATA_DIR: join(dir, 'data'),
      VIGIL_CONFIG: join(dir, 'vigil.yml'),
      PORT: '0',
      LOG_LEVEL: 'info',
    });

    const first = startVigil(env);
    await first.waitForLog('vigil is ready', 60_000);
    const url = pageUrl(first.lines);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{64}$/);
    const base = new URL(url).origin;
    const token = new URL(url).searchParams.get('token')!;
    auth = { authorization: `Bearer ${token}` };
    const page = await fetch(`${base}/`, { headers: auth });
    expect(await page.text()).toMatch(/local workspace/i);

    const state = await get<LocalState>(`${base}/local/page/state?user=U0LRESP`);
    expect(state.workspace).toMatchObject({ local: true, banner: expect.stringMatching(/^Local workspace/) });
    expect(state.users.map((u) => u.role).sort()).toEqual(['admin', 'manager', 'responder']);
    const alerts = state.channels.find((c) => c.name === 'gne-alerts')!;

    expect(
      await post(`${base}/local/page/command`, {
        user: 'U0LRESP',
        channel: alerts.id,
        text: '/incident new Refund spike in Jakarta sev=2',
      }),
    ).toEqual({ ok: true });
    let incident: LocalState['channels'][number] | undefined;
    await eventually(
      async () => {
        incident = (await get<LocalState>(`${base}/local/page/state?user=U0LRESP`)).channels.find((c) =>
          c.name.includes('refund-spike-in-jakarta'),
        );
        return incident !== undefined && incident.messages > 0;
      },
      15_000,
      'the incident channel',
    );
    const cardOf = async () =>
      (await get<LocalMessages>(`${base}/local/page/messages?channel=${incident!.id}&user=U0LRESP`)).messages.find(
        (m) => m.pinned,
      )!;
    const card = await cardOf();
    expect(card.text).toMatch(/SEV2 incident #1: Refund spike in Jakarta \(open\)/);
    expect(incident!.topic).toMatch(/SEV2/);
    const notice = await get<LocalMessages>(`${base}/local/page/messages?channel=${alerts.id}&user=U0LRESP`);
    expect(notice.messages.some((m) => m.ephemeralTo === 'U0LRESP' && /Opened incident #1/.test(m.text))).toBe(true);
    // Ephemeral answers are for the person who typed the command only.
    const asManager = await get<LocalMessages>(`${base}/local/page/messages?channel=${alerts.id}&user=U0LMGR`);
    expect(asManager.messages.some((m) => m.ephemeralTo !== null)).toBe(false);

    expect(
      await post(`${base}/local/page/action`, {
        user: 'U0LRESP',
        channel: incident!.id,
        messageTs: card.ts,
        actionId: 'incident_ack',
        value: '1',
      }),
    ).toEqual({ ok: true });
    await eventually(
      async () => /\(acknowledged\)/.test((await cardOf()).text),
      10_000,
      'the card to say acknowledged',
    );
    expect((await cardOf()).edited).toBe(true);

    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);

    const again = startVigil(env);
    await again.waitForLog('vigil is ready', 60_000);
    // The token is kept in the data directory: the page's cookie still works after a restart.
    expect(new URL(pageUrl(again.lines)).searchParams.get('token')).toBe(token);
    const url2 = new URL(pageUrl(again.lines)).origin;
    const kept = await get<LocalMessages>(`${url2}/local/page/messages?channel=${incident!.id}&user=U0LRESP`);
    expect(kept.messages.find((m) => m.pinned)?.text).toMatch(/\(acknowledged\)/);
    expect(kept.messages.some((m) => /acknowledged the incident/.test(m.text))).toBe(true);
    again.child.kill('SIGINT');
    expect(await again.exited).toBe(0);
  }, 90_000);
});
