// Incident roles over signed HTTP with Slack faked at the network: acknowledging makes a commander, `/incident role`
// (allowed and refused by vigil.yml roles), and the card's roles menu with its dialog.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buttonClick, eventually, postSlack, slashCommand } from '../helpers/slack-http.ts';
import { roleMenuClick, roleSubmission } from '../helpers/slack-events.ts';
import { startSlackTestApp, type SlackTestApp } from '../helpers/slack-test-app.ts';
import { testDatabaseKinds } from '../helpers/test-database.ts';
import { isolateSlack, nockSlack, type SlackCall } from '../helpers/nock-slack.ts';

const ROLES = `roles:
  admin: [U0ADMIN]
  responder: [U0OPENER, U0RESPONDER]
`;

describe.each(testDatabaseKinds)('incident roles over signed HTTP on %s', (kind) => {
  const calls: SlackCall[] = [];
  isolateSlack(calls);
  let t: SlackTestApp;
  let id: number;
  let channel: string;
  beforeAll(async () => {
    t = await startSlackTestApp(kind, ROLES);
  });
  afterAll(async () => t?.close());

  const named = (method: string) => calls.filter((c) => c.method === method);
  const answered = (pattern: RegExp) => named('response_url').some((c) => pattern.test(JSON.stringify(c.body)));
  const row = async () => (await t.db.pool.query('SELECT * FROM incidents WHERE id = $1', [id])).rows[0];
  // The card's fields as the latest chat.update of the pinned card shows them.
  const cardFields = () => {
    const update = named('chat.update')
      .filter((c) => c.body.channel === channel)
      .at(-1);
    const blocks = JSON.parse(update?.body.blocks ?? '[]') as Array<{ fields?: Array<{ text: string }> }>;
    return blocks.flatMap((b) => (b.fields ?? []).map((f) => f.text));
  };

  it('makes whoever acknowledges an incident without one its commander, on the card', async () => {
    nockSlack(calls);
    await postSlack(t.base, slashCommand('/incident', 'new Refund spike in Jakarta sev=2'));
    await eventually(() => answered(/Opened incident #\d+/), 10_000, 'the open');
    const opened = (await t.db.pool.query('SELECT id, channel_id FROM incidents ORDER BY id DESC LIMIT 1')).rows[0];
    [id, channel] = [Number(opened.id), opened.channel_id as string];
    expect(JSON.parse(named('chat.postMessage')[0]!.body.blocks!)[1].fields[2].text).toBe('*Commander*\nunassigned');

    await postSlack(t.base, buttonClick('incident_ack', String(id), { channelId: channel }));
    await eventually(() => cardFields().includes('*Commander*\n<@U0RESPONDER>'), 10_000, 'the card update');
    expect((await row()).owner_user_id).toBe('U0RESPONDER');
  });

  it('/incident role commander @user: a responder hands the commander role over, on the timeline and the audit log', async () => {
    nockSlack(calls);
    await postSlack(
      t.base,
      slashCommand('/incident', 'role commander <@U0CAROL|carol>', { channel_id: channel, user_id: 'U0OPENER' }),
    );
    await eventually(() => answered(/<@U0CAROL> is now the incident commander of incident #\d+/), 10_000, 'the answer');
    await eventually(() => cardFields().includes('*Commander*\n<@U0CAROL>'), 10_000, 'the card update');
    expect((await row()).owner_user_id).toBe('U0CAROL');
    expect(named('chat.postMessage').map((c) => c.body.text)).toContain(
      ':busts_in_silhouette: <@U0OPENER> made <@U0CAROL> the incident commander.',
    );
    const event = await t.db.pool.query(
      "SELECT actor, detail FROM incident_events WHERE incident_id = $1 AND kind = 'role_assigned'",
      [id],
    );
    expect(event.rows).toEqual([
      { actor: 'U0OPENER', detail: { role: 'commander', from_user: 'U0RESPONDER', to_user: 'U0CAROL' } },
    ]);
    const audit = await t.db.pool.query("SELECT actor, target FROM audit_log WHERE action = 'incident.assign_role'");
    expect(audit.rows).toEqual([{ actor: 'U0OPENER', target: `incident:${id}` }]);
  });

  it('refuses /incident role from someone vigil.yml does not allow, saying who may', async () => {
    nockSlack(calls);
    await postSlack(
      t.base,
      slashCommand('/incident', 'role commander <@U0MALLORY>', { channel_id: channel, user_id: 'U0STRANGER' }),
    );
    await eventually(() => answered(/You may not give incident roles/), 10_000, 'the refusal');
    const text = JSON.stringify(named('response_url').at(-1)!.body);
    expect(text).toContain('`assign_role` is allowed to responders, managers and admins');
    expect(text).toContain('roles.permissions.assign_role');
    expect(text).toContain('Ask an admin (<@U0ADMIN>)');
    expect((await row()).owner_user_id).toBe('U0CAROL');
    expect(named('chat.update')).toEqual([]);
    const denied = await t.db.pool.query("SELECT actor FROM audit_log WHERE action = 'assign_role.denied'");
    expect(denied.rows).toEqual([{ actor: 'U0STRANGER' }]);
  });

  it("the card's roles menu opens a dialog for the role, and its submission gives the role", async () => {
    nockSlack(calls);
    await postSlack(t.base, roleMenuClick(`scribe:${id}`, { channelId: channel }));
    await eventually(() => named('views.open').length === 1, 10_000, 'the dialog');
    const view = JSON.parse(named('views.open')[0]!.body.view!);
    expect(view).toMatchObject({ callback_id: 'incident_role_view', private_metadata: `scribe:${id}` });
    expect(view.blocks[0].element).toEqual({ type: 'users_select', action_id: 'holder', initial_user: 'U0OPENER' });

    const submitted = await postSlack(t.base, roleSubmission(`scribe:${id}`, 'U0ERIN'));
    expect(submitted.status).toBe(200);
    await eventually(() => cardFields().includes('*Scribe*\n<@U0ERIN>'), 10_000, 'the card update');
    expect((await row()).scribe_user_id).toBe('U0ERIN');
    // The menu is not one of the card's buttons: their listener leaves it alone.
    expect(answered(/Unknown incident action/)).toBe(false);
  });

  it('refuses the roles menu and the dialog to someone vigil.yml does not allow', async () => {
    nockSlack(calls);
    await postSlack(t.base, roleMenuClick(`comms:${id}`, { channelId: channel, userId: 'U0STRANGER' }));
    await eventually(() => answered(/You may not give incident roles/), 10_000, 'the refusal');
    expect(named('views.open')).toEqual([]);
    const refused = await postSlack(t.base, roleSubmission(`comms:${id}`, 'U0MALLORY', 'U0STRANGER'));
    expect(JSON.parse(refused.body)).toMatchObject({ response_action: 'errors' });
    expect(JSON.parse(refused.body).errors.holder).toMatch(/^You may not give incident roles/);
    expect((await row()).comms_user_id).toBeNull();
  });
});
