// The App Home tab over signed HTTP with Slack faked at the network: app_home_opened publishes the viewer's open
// incidents and roles, who is on call now and next, their open actions, the latest digest and the two buttons; an
// incident that changes republishes the Home tabs of the people it concerns; the buttons open their modals.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buttonClick, eventually, postSlack, slashCommand } from '../helpers/slack-http.ts';
import { postSlackEvent } from '../helpers/slack-events.ts';
import { startSlackTestApp, type SlackTestApp } from '../helpers/slack-test-app.ts';
import { testDatabaseKinds } from '../helpers/test-database.ts';
import { isolateSlack, nockSlack, type SlackCall } from '../helpers/nock-slack.ts';
import { HOME_ACTION_IDS } from '../../src/blocks/render-app-home.ts';
import { DECLARE_VIEW } from '../../src/blocks/render-declare-modal.ts';
import { PLAYBOOK_VIEW } from '../../src/blocks/render-playbook-modal.ts';
import { insertDigest } from '../../src/summaries/digest-store.ts';
import { viewSubmission } from '../helpers/slack-shortcuts.ts';

// Weekly shifts from a Monday 09:00 in the past: someone is always on call, and the next one is known.
const ONCALL = `oncall:
  rotation: { start: "2026-01-05T09:00", length_days: 7, primary: [U0ONE, U0TWO] }
`;

describe.each(testDatabaseKinds)('the App Home tab over signed HTTP on %s', (kind) => {
  const calls: SlackCall[] = [];
  isolateSlack(calls);
  let t: SlackTestApp;
  let id: number;
  beforeAll(async () => {
    t = await startSlackTestApp(kind, ONCALL);
  });
  afterAll(async () => t?.close());

  const named = (method: string) => calls.filter((c) => c.method === method);
  const published = (user: string) => named('views.publish').filter((c) => c.body.user_id === user);
  const homeText = (user: string) => {
    const view = JSON.parse(published(user).at(-1)!.body.view!) as { type: string; blocks: unknown[] };
    return { view, text: JSON.stringify(view.blocks) };
  };
  const homeOpened = (user: string) =>
    postSlackEvent(t.base, { type: 'app_home_opened', user, channel: 'D0HOME', tab: 'home' });

  it("app_home_opened publishes the viewer's incidents and roles, on call, actions, the digest and the buttons", async () => {
    nockSlack(calls);
    await postSlack(t.base, slashCommand('/incident', 'new Refund spike in Jakarta sev=2'));
    await eventually(
      () => named('response_url').some((c) => /Opened incident/.test(JSON.stringify(c.body))),
      10_000,
      'the open',
    );
    id = Number((await t.db.pool.query('SELECT id FROM incidents ORDER BY id DESC LIMIT 1')).rows[0].id);
    await t.services.actions.add({
      text: 'Call the payment vendor',
      createdBy: 'U0OPENER',
      owner: 'U0OPENER',
      incidentId: id,
    });
    await t.services.actions.add({ text: 'Not mine', createdBy: 'U0OPENER', owner: 'U0OTHER' });
    await insertDigest(t.db.pool, {
      kind: 'daily',
      periodStart: new Date('2026-12-01T16:00:00Z'),
      periodEnd: new Date('2026-12-02T16:00:00Z'),
      source: 'template',
      status: 'posted',
      text: '*Refunds rose 12% in Jakarta*\nEverything else held.',
      facts: {},
      replaced: [],
      postedAt: new Date('2026-12-02T17:00:00Z'),
    });
    // The open republishes the opener's Home tab shortly; what app_home_opened publishes is asserted once it is in.
    await t.settled();
    calls.length = 0;

    expect(await homeOpened('U0OPENER')).toBe(200);
    await eventually(() => published('U0OPENER').length === 1, 10_000, 'the Home view');
    const { view, text } = homeText('U0OPENER');
    expect(view.type).toBe('home');
    expect(text).toContain(`#${id} SEV2*`);
    expect(text).toContain('Refund spike in Jakarta');
    expect(text).toContain('you: opener');
    expect(text).toMatch(/On call now:\* <@U0(ONE|TWO)> until/);
    expect(text).toMatch(/Next:\* <@U0(ONE|TWO)> from/);
    expect(text).toContain(`Call the payment vendor · incident #${id}`);
    expect(text).not.toContain('Not mine');
    expect(text).toContain('daily digest of Wed 2 Dec: Refunds rose 12% in Jakarta');
    expect(text).toContain(HOME_ACTION_IDS.declare);
    expect(text).toContain(HOME_ACTION_IDS.runPlaybook);
  });

  it('ignores the Messages tab', async () => {
    nockSlack(calls);
    expect(
      await postSlackEvent(t.base, { type: 'app_home_opened', user: 'U0OPENER', channel: 'D0HOME', tab: 'messages' }),
    ).toBe(200);
    // A Home tab opened after it is published; had the Messages tab published, its call would come first.
    await homeOpened('U0LATER');
    await eventually(() => published('U0LATER').length === 1, 10_000, 'the later Home view');
    expect(published('U0OPENER')).toEqual([]);
  });

  it('an acknowledgement republishes the Home tab of whoever it made commander', async () => {
    nockSlack(calls);
    await postSlack(t.base, buttonClick('incident_ack', String(id), { userId: 'U0RESPONDER' }));
    await eventually(() => published('U0RESPONDER').length > 0, 10_000, 'the republish');
    expect(homeText('U0RESPONDER').text).toContain('you: commander');
    await eventually(() => published('U0OPENER').length > 0, 10_000, "the opener's republish");
    expect(homeText('U0OPENER').text).toContain('you: opener');
  });

  it("the Home tab's buttons open the declare modal and the playbook modal", async () => {
    nockSlack(calls);
    await postSlack(t.base, buttonClick(HOME_ACTION_IDS.declare, 'declare', { userId: 'U0OPENER' }));
    await eventually(() => named('views.open').length === 1, 10_000, 'the declare modal');
    expect(JSON.parse(named('views.open')[0]!.body.view!).callback_id).toBe(DECLARE_VIEW);
    await postSlack(t.base, buttonClick(HOME_ACTION_IDS.runPlaybook, 'playbook', { userId: 'U0OPENER' }));
    await eventually(() => named('views.open').length === 2, 10_000, 'the playbook modal');
    const view = JSON.parse(named('views.open')[1]!.body.view!);
    expect(view.callback_id).toBe(PLAYBOOK_VIEW);
    expect(view.blocks[0].element.options.length).toBeGreaterThan(0);
  });

  it("the playbook modal's refusals show beside its fields, before anything runs", async () => {
    nockSlack(calls);
    const playbook = t.services.playbooks!.list()[0]!.id;
    const submit = async (params: string, channel: string | null) =>
      JSON.parse(
        (
          await postSlack(
            t.base,
            viewSubmission(PLAYBOOK_VIEW, {
              playbook: { playbook: { type: 'static_select', selected_option: { value: playbook } } },
              params: { params: { type: 'plain_text_input', value: params } },
              channel: { channel: { type: 'conversations_select', selected_conversation: channel } },
            }),
          )
        ).body,
      );
    expect(await submit('jakarta', null)).toEqual({
      response_action: 'errors',
      errors: {
        channel: 'Pick where the results go.',
        params: 'Give parameters as key=value, e.g. city=jakarta; quote a value with spaces whole.',
      },
    });
    expect(await submit('no_such_param=1', 'C0GENERAL')).toMatchObject({
      response_action: 'errors',
      errors: { params: expect.stringMatching(/no_such_param/) },
    });
    await t.settled();
    expect(named('chat.postMessage')).toEqual([]);
  });
});
