// The local workspace in a real browser: `vigil start` with no Slack credentials and a seeded demo, the page
// in headless Chromium, and what a responder does: open an incident, acknowledge it on its card, run a
// playbook into a thread; then the manager, allowed what the responder is not. Screenshots of every step are
// kept in test/artifacts/workspace-browser/.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactsDir, browserSkipReason, launchChromium } from '../helpers/browser.ts';
import { childEnv, startVigil, type RunningVigil } from '../helpers/run-vigil.ts';

const skip = browserSkipReason();
const RESPONDER = 'U0LRESP';
const MANAGER = 'U0LMGR';
// Bot work behind a click (a channel, a playbook over the demo warehouse) takes seconds on the embedded database.
// Generous: CI runs this beside other test files on two cores, and the embedded database serialises all queries.
const BOT_MS = 45_000;

// Every "metric run started" has its "succeeded" or "failed" line.
async function settled(v: RunningVigil, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const count = (msg: RegExp) => v.lines.filter((l) => msg.test(String(l.msg))).length;
  while (count(/^metric run started$/) > count(/^metric run (succeeded|failed)/) && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 200));
}

describe.skipIf(skip !== null)(`local workspace in Chromium${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let vigil: RunningVigil | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let url: string;
  const shots = artifactsDir('workspace-browser');
  let step = 0;
  const shot = async (name: string) => {
    step += 1;
    await page.screenshot({ path: join(shots, `${String(step).padStart(2, '0')}-${name}.png`), fullPage: true });
  };
  const send = async (text: string) => {
    await page.getByTestId('composer').fill(text);
    await page.getByTestId('send').click();
  };
  // Clicks a channel in the sidebar until the page shows it (the list is re-rendered as the bot adds channels).
  const openChannel = async (channel: Locator, name: string) => {
    await expect
      .poll(
        async () => {
          await channel.click();
          return page.getByTestId('channel-title').textContent();
        },
        { timeout: BOT_MS },
      )
      .toContain(name);
  };
  // A message of the open channel holding `text` (the newest first when several do).
  const messageWith = (text: string | RegExp): Locator =>
    page.getByTestId('messages').getByTestId('message').filter({ hasText: text }).last();

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-browser-'));
    const config = join(dir, 'vigil.yml');
    // Digests off: their start-up warm-up reads five weeks of every metric, load this test does not need.
    writeFileSync(config, 'demo:\n  seed_on_start: true\n  days: 35\n  seed: 3\ndigest:\n  enabled: false\n');
    vigil = startVigil(
      childEnv({
        VIGIL_DATA_DIR: join(dir, 'data'),
        VIGIL_CONFIG: config,
        PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'info',
      }),
    );
    // The first start seeds 35 days into the embedded database: over a minute when CI shares the two cores.
    await vigil.waitForLog('vigil is ready', 150_000);
    // The scheduler's catch-up runs at start open the demo's live incidents; they settle before the clicks.
    await settled(vigil, 60_000);
    const line = vigil.lines.find((l) => String(l.msg).startsWith('local workspace at'));
    expect(line, 'vigil logs the local workspace URL when no Slack credentials are set').toBeDefined();
    url = String(line!.url);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.setDefaultTimeout(BOT_MS);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    if (vigil && vigil.child.exitCode === null) {
      vigil.child.kill('SIGTERM');
      // A bot that does not stop within 15 s is killed, so no test run leaves one behind.
      const killer = setTimeout(() => vigil!.child.kill('SIGKILL'), 15_000);
      await vigil.exited;
      clearTimeout(killer);
    }
  });

  // Runs the steps; when one fails, what the page and the bot were doing goes to the CI log and the artifacts.
  const withDiagnostics = async (steps: () => Promise<void>) => {
    try {
      await steps();
    } catch (err) {
      // What the page and the bot were doing when a step failed, for the CI log and the artifacts.
      await shot('failure').catch(() => {});
      const last = vigil!.lines.slice(-40);
      throw new Error(
        `${(err as Error).message}\nvigil's last log lines:\n${last.map((l) => JSON.stringify(l).slice(0, 600)).join('\n')}`,
        { cause: err },
      );
    }
  };

  it('a responder opens an incident, acknowledges it on its card, runs a playbook; the manager may mute, the responder may not', async () => {
    await withDiagnostics(walkThrough);
  }, 240_000);

  it('the manager picks a person from the @ autocomplete; a pushpin puts a message on the timeline; a message shortcut and the Home tab open their modals', async () => {
    await withDiagnostics(slackFeatures);
  }, 180_000);

  // A message's toolbar shows on hover; the list is re-rendered as the bot posts, so hover and click until it takes.
  const useTool = async (message: Locator, testId: string) => {
    await expect
      .poll(async () => {
        await message.hover();
        return message
          .getByTestId(testId)
          .click({ timeout: 2_000 })
          .then(
            () => true,
            () => false,
          );
      })
      .toBe(true);
  };

  async function walkThrough() {
    // The logged address carries the access token; the page keeps it in a cookie scripts cannot read, off the address bar.
    expect(url).toMatch(/\/\?token=[0-9a-f]{64}$/);
    await page.goto(url);
    await expect.poll(() => page.getByTestId('local-banner').textContent()).toMatch(/local workspace/i);
    // The token has left the address bar (the page may already have put the chosen channel in the #fragment).
    const landed = new URL(page.url());
    expect([landed.origin + landed.pathname, landed.search]).toEqual([new URL('/', url).href, '']);
    expect(await page.evaluate(() => document.cookie)).toBe('');
    // A browser without the cookie (another context) is refused the same address.
    const stranger = await browser!.newPage();
    expect((await stranger.goto(new URL('/', url).href))?.status()).toBe(401);
    await stranger.close();
    await page.getByTestId('user-switcher').selectOption(RESPONDER);
    await openChannel(page.getByTestId('channel-gne-alerts'), 'gne-alerts');
    await shot('open');

    // The incident gets its own channel, with the card pinned in it.
    await send('/incident new Refund spike in Jakarta sev=2');
    const incidentChannel = page
      .locator('[data-testid^="channel-inc-"]')
      .filter({ hasText: 'refund-spike-in-jakarta' });
    await openChannel(incidentChannel, 'refund-spike-in-jakarta');
    const ack = page.getByTestId('action-incident_ack');
    await ack.waitFor();
    // The card is the pinned message (the page of the on-call primary names the incident too).
    const card = page
      .getByTestId('messages')
      .getByTestId('message')
      .filter({ has: page.getByTestId('pinned') })
      .last();
    await expect.poll(() => card.textContent()).toMatch(/SEV ?2/i);
    await shot('incident-card');

    // Acknowledge: the card is updated in place, and its Acknowledge button goes.
    await ack.click();
    await expect.poll(() => card.textContent(), { timeout: BOT_MS }).toContain('Acknowledged');
    await expect.poll(() => page.getByTestId('action-incident_ack').count()).toBe(0);
    await shot('acknowledged');

    // The playbook answers in a thread under its first message.
    await send('/investigate refund-spike city=jakarta');
    const replies = page.getByTestId('messages').getByTestId('replies').last();
    await replies.waitFor({ timeout: 120_000 });
    await replies.click();
    const thread = page.getByTestId('thread');
    await thread.waitFor();
    await expect.poll(() => thread.locator('table, img, pre').count(), { timeout: 60_000 }).toBeGreaterThan(0);
    await shot('playbook-thread');
    await page.getByTestId('thread-close').click();

    // Muting a metric is for managers and admins (vigil.yml roles.permissions.mute).
    await send('/vigil mute refund_rate 1h');
    await expect.poll(() => messageWith('You may not').count()).toBeGreaterThan(0);
    await shot('responder-refused');
    await page.getByTestId('user-switcher').selectOption(MANAGER);
    // The refusal was shown to the responder only.
    await expect.poll(() => messageWith('You may not').count()).toBe(0);
    await send('/vigil mute refund_rate 1h');
    await expect.poll(() => messageWith(/muted/i).count()).toBeGreaterThan(0);
    await shot('manager-muted');
  }

  async function slackFeatures() {
    // The composer's @ autocomplete: /oncall set gets Ade's member id, as Slack sends a mention picked from its list.
    await page.getByTestId('user-switcher').selectOption(MANAGER);
    const composer = page.getByTestId('composer');
    await composer.fill('');
    await composer.pressSequentially('/oncall set @Ad');
    await page.getByTestId('mention-ade').click();
    await composer.pressSequentially('8h');
    expect(await composer.inputValue()).toBe('/oncall set @Ade 8h');
    await shot('mention-autocomplete');
    await page.getByTestId('send').click();
    await expect.poll(() => messageWith(/Ade.* as primary on call until/).count()).toBeGreaterThan(0);
    await shot('oncall-set-mention');

    // A pushpin on what someone said in the incident channel puts it on the incident's timeline.
    await page.getByTestId('user-switcher').selectOption(RESPONDER);
    await send('Rolled back payments-api to v41');
    const said = page
      .getByTestId('messages')
      .getByTestId('message')
      .filter({ hasText: 'Rolled back payments-api' })
      .first();
    await said.waitFor();
    await useTool(said, 'react-pushpin');
    await expect.poll(() => said.getByTestId('reaction-pushpin').textContent()).toContain('1');
    await shot('pushpin-reaction');
    await send('/incident timeline');
    await expect
      .poll(() =>
        page.getByTestId('messages').getByTestId('message').filter({ hasText: 'Rolled back payments-api' }).count(),
      )
      .toBeGreaterThan(1);
    await shot('timeline-with-message');

    // The message's shortcuts menu: "Declare incident from this message" opens the declare modal, titled from it.
    await useTool(said, 'message-shortcuts');
    await page.getByTestId('shortcut-declare_incident_from_message').click();
    const modal = page.getByTestId('modal');
    await modal.waitFor();
    expect(await modal.locator('[data-kind="input"]').first().inputValue()).toContain('Rolled back payments-api');
    await shot('declare-from-message-modal');
    await page.getByTestId('modal-close').click();
    await expect.poll(() => modal.count()).toBe(0);

    // The Home tab: published by the bot on app_home_opened; its Declare incident button opens the same modal.
    await page.getByTestId('home-link').click();
    const home = page.getByTestId('home-view');
    await expect.poll(() => home.textContent(), { timeout: BOT_MS }).toContain('Your open incidents');
    await shot('home-tab');
    await home.getByRole('button', { name: 'Declare incident' }).click();
    await modal.waitFor();
    expect(await modal.textContent()).toContain('Declare incident');
    await shot('home-declare-modal');
    await page.getByTestId('modal-close').click();
  }
});
