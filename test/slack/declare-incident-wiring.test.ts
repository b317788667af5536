// Declare from anywhere, over signed HTTP with Slack faked at the network: the message shortcut opens the declare modal
// with the title taken from the message, and its submission opens the incident as /incident new does, quoting the
// message in the channel and putting it on the timeline; the global shortcut; and "Add to incident timeline" with no,
// one and several open incidents.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, postSlack } from '../helpers/slack-http.ts';
import { declareValues, globalShortcut, messageShortcut, viewSubmission } from '../helpers/slack-shortcuts.ts';
import { startSlackTestApp, type SlackTestApp } from '../helpers/slack-test-app.ts';
import { testDatabaseKinds } from '../helpers/test-database.ts';
import { isolateSlack, nockSlack, type SlackCall, type SlackScript } from '../helpers/nock-slack.ts';
import { DECLARE_SHORTCUTS } from '../../src/slack/register-declare-incident.ts';
import { NO_OPEN_INCIDENT_TEXT, TIMELINE_SHORTCUT } from '../../src/slack/register-timeline-shortcut.ts';
import { DECLARE_VIEW } from '../../src/blocks/render-declare-modal.ts';
import { TIMELINE_CHOOSER_VIEW } from '../../src/blocks/render-timeline-chooser.ts';

const SAID = {
  ts: '1767225660.000200',
  user: 'U0CAROL',
  text: 'Refunds failing for GoFood orders\nsince 09:00, 40 tickets',
};
const LATER = { ts: '1767225720.000300', user: 'U0DAN', text: 'vendor says their API is down' };
const permalinks: SlackScript = {
  'chat.getPermalink': (_n, body) => [
    200,
    {
      ok: true,
      channel: body.channel,
      permalink: `https://gne.slack.com/archives/${body.channel}/p${body.message_ts!.replace('.', '')}`,
    },
  ],
};

describe.each(testDatabaseKinds)('declaring incidents and the timeline shortcut over signed HTTP on %s', (kind) => {
  const calls: SlackCall[] = [];
  isolateSlack(calls);
  let t: SlackTestApp;
  beforeAll(async () => {
    t = await startSlackTestApp(kind);
  });
  afterAll(async () => t?.close());

  const named = (method: string) => calls.filter((c) => c.method === method);
  const openedView = (n = 0) => JSON.parse(named('views.open')[n]!.body.view!);
  const answered = (text: string) => named('response_url').some((c) => c.body.text?.includes(text));
  const incidents = async () =>
    (await t.db.pool.query('SELECT id, title, severity, slice, channel_id, opened_by FROM incidents ORDER BY id')).rows;
  const timeline = async (id: number) =>
    (
      await t.db.pool.query(
        'SELECT channel_id, message_ts, author, text, marks, permalink FROM incident_timeline_messages WHERE incident_id = $1 ORDER BY posted_at',
        [id],
      )
    ).rows;

  it('"Add to incident timeline" with no incident open says so', async () => {
    nockSlack(calls);
    const res = await postSlack(t.base, messageShortcut(TIMELINE_SHORTCUT, SAID));
    expect(res.status).toBe(200);
    await eventually(() => answered(NO_OPEN_INCIDENT_TEXT), 10_000, 'the answer');
    expect(named('views.open')).toEqual([]);
  });

  it('the message shortcut opens the declare modal with the title taken from the message', async () => {
    nockSlack(calls);
    const res = await postSlack(t.base, messageShortcut(DECLARE_SHORTCUTS.message, SAID));
    expect(res.status).toBe(200);
    await eventually(() => named('views.open').length === 1, 10_000, 'the modal');
    const view = openedView();
    expect(view.callback_id).toBe(DECLARE_VIEW);
    expect(view.blocks[0].element.initial_value).toBe('Refunds failing for GoFood orders');
    expect(view.blocks.map((b: { block_id: string }) => b.block_id)).toEqual(
      expect.arrayContaining(['title', 'severity', 'slice', 'description']),
    );
    expect(JSON.parse(view.private_metadata)).toMatchObject({
      c: 'C0SUPPORT',
      ts: SAID.ts,
      a: 'U0CAROL',
      t: SAID.text,
    });
  });

  it('submitting it opens the incident, quotes the message in its channel and puts it on the timeline', async () => {
    nockSlack(calls, permalinks);
    await postSlack(t.base, messageShortcut(DECLARE_SHORTCUTS.message, SAID));
    await eventually(() => named('views.open').length === 1, 10_000, 'the modal');
    const submitted = await postSlack(
      t.base,
      viewSubmission(
        DECLARE_VIEW,
        declareValues({
          title: 'Refunds failing for GoFood orders',
          severity: '2',
          slice: 'city=Jakarta',
          description: 'Tickets pile up',
        }),
        { metadata: openedView().private_metadata },
      ),
    );
    expect(submitted.status).toBe(200);
    expect(submitted.body).toBe('');
    await eventually(async () => (await incidents()).length === 1, 10_000, 'the incident');
    const [row] = await incidents();
    expect(row).toMatchObject({
      title: 'Refunds failing for GoFood orders',
      severity: 2,
      slice: { city: 'jakarta' },
      opened_by: 'U0OPENER',
    });
    await eventually(async () => (await timeline(Number(row.id))).length === 1, 10_000, 'the timeline entry');
    expect(named('conversations.create')).toHaveLength(1);
    const channel = (await incidents())[0]!.channel_id;
    expect(channel).toMatch(/^C0INC/);
    expect(await timeline(Number(row.id))).toEqual([
      {
        channel_id: 'C0SUPPORT',
        message_ts: SAID.ts,
        author: 'U0CAROL',
        text: SAID.text,
        marks: ['shortcut:U0OPENER'],
        permalink: 'https://gne.slack.com/archives/C0SUPPORT/p1767225660000200',
      },
    ]);
    const said = named('chat.postMessage')
      .filter((c) => c.body.channel === channel)
      .map((c) => c.body.text);
    expect(said).toContain(
      ':speech_balloon: <@U0OPENER> declared this incident from a message by <@U0CAROL> in <#C0SUPPORT> (<https://gne.slack.com/archives/C0SUPPORT/p1767225660000200|the message>):\n> Refunds failing for GoFood orders\n> since 09:00, 40 tickets',
    );
    expect(said).toContain(':memo: <@U0OPENER>: Tickets pile up');
  });

  it('"Add to incident timeline" with one incident open adds the message to it and says so', async () => {
    nockSlack(calls, permalinks);
    const [row] = await incidents();
    await postSlack(t.base, messageShortcut(TIMELINE_SHORTCUT, LATER, { channel: 'C0VENDORS', userId: 'U0ERIN' }));
    await eventually(() => answered('Added the message to the timeline'), 10_000, 'the confirmation');
    expect(answered(`incident #${row.id} (<#${row.channel_id}>)`)).toBe(true);
    expect(named('views.open')).toEqual([]);
    expect((await timeline(Number(row.id))).at(-1)).toMatchObject({
      channel_id: 'C0VENDORS',
      message_ts: LATER.ts,
      author: 'U0DAN',
      marks: ['shortcut:U0ERIN'],
    });
  });

  it('the global shortcut opens the empty modal; a bad slice is shown beside it; a good one opens the incident', async () => {
    nockSlack(calls);
    await postSlack(t.base, globalShortcut(DECLARE_SHORTCUTS.global));
    await eventually(() => named('views.open').length === 1, 10_000, 'the modal');
    const view = openedView();
    expect(view.callback_id).toBe(DECLARE_VIEW);
    expect(view.private_metadata).toBe('');
    expect(view.blocks[0].element.initial_value).toBeUndefined();

    const refused = await postSlack(
      t.base,
      viewSubmission(DECLARE_VIEW, declareValues({ title: 'Reviews flood', severity: '3', slice: 'planet=mars' })),
    );
    expect(JSON.parse(refused.body)).toMatchObject({
      response_action: 'errors',
      errors: { slice: expect.stringMatching(/planet/) },
    });
    expect(await incidents()).toHaveLength(1);

    await postSlack(
      t.base,
      viewSubmission(DECLARE_VIEW, declareValues({ title: 'Reviews flood', severity: '3', slice: 'category=spa' })),
    );
    await eventually(async () => (await incidents()).length === 2, 10_000, 'the second incident');
    expect((await incidents())[1]).toMatchObject({ title: 'Reviews flood', severity: 3, slice: { category: 'spa' } });

    // Declared again while it is open (a second person, a second try): the modal says which incident, none opens.
    const again = await postSlack(
      t.base,
      viewSubmission(DECLARE_VIEW, declareValues({ title: 'reviews  FLOOD', severity: '2' })),
    );
    expect(JSON.parse(again.body)).toMatchObject({
      response_action: 'errors',
      errors: {
        title: `Incident #${(await incidents())[1].id} with this title is still open; add to its timeline, or give this one a different title.`,
      },
    });
    expect(await incidents()).toHaveLength(2);
  });

  it('"Add to incident timeline" with several open offers a chooser, and adding from it says so in the modal', async () => {
    nockSlack(calls, permalinks);
    const rows = await incidents();
    await postSlack(t.base, messageShortcut(TIMELINE_SHORTCUT, LATER, { channel: 'C0VENDORS', userId: 'U0ERIN' }));
    await eventually(() => named('views.open').length === 1, 10_000, 'the chooser');
    const chooser = openedView();
    expect(chooser.callback_id).toBe(TIMELINE_CHOOSER_VIEW);
    const options = chooser.blocks[0].element.options.map((o: { value: string }) => o.value).sort();
    expect(options).toEqual(rows.map((r) => String(r.id)).sort());

    const second = Number(rows[1]!.id);
    const done = await postSlack(
      t.base,
      viewSubmission(
        TIMELINE_CHOOSER_VIEW,
        { incident: { incident: { type: 'static_select', selected_option: { value: String(second) } } } },
        { metadata: chooser.private_metadata, userId: 'U0ERIN' },
      ),
    );
    const answer = JSON.parse(done.body);
    expect(answer.response_action).toBe('update');
    expect(answer.view.blocks[0].text.text).toContain(`Added the message to the timeline of incident #${second}`);
    expect(await timeline(second)).toEqual([
      {
        channel_id: 'C0VENDORS',
        message_ts: LATER.ts,
        author: 'U0DAN',
        text: LATER.text,
        marks: ['shortcut:U0ERIN'],
        permalink: 'https://gne.slack.com/archives/C0VENDORS/p1767225720000300',
      },
    ]);
  });

  it('"Add to incident timeline" in an incident channel adds to that incident, however many are open', async () => {
    nockSlack(calls, permalinks);
    const [first] = await incidents();
    const inChannel = { ts: '1767225780.000400', user: 'U0CAROL', text: 'rolled back the deploy' };
    await postSlack(t.base, messageShortcut(TIMELINE_SHORTCUT, inChannel, { channel: first!.channel_id }));
    await eventually(
      () => answered(`Added the message to the timeline of incident #${first!.id}`),
      10_000,
      'the confirmation',
    );
    expect(named('views.open')).toEqual([]);
    expect((await timeline(Number(first!.id))).at(-1)).toMatchObject({
      message_ts: inChannel.ts,
      marks: ['shortcut:U0OPENER'],
    });
  });
});
