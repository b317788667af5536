// Done-when of the paging work, through signed HTTP: a SEV1 opened with /incident new pages the primary the
// iCalendar rota names at once (a DM and a mention in the channel), and PagerDuty gets one trigger and, on the
// resolve, one resolve, keyed by the incident's dedup key.
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { eventually, postSlack, slashCommand } from '../helpers/slack-http.ts';
import { startSlackTestApp, type SlackTestApp } from '../helpers/slack-test-app.ts';
import { testDatabaseKinds } from '../helpers/test-database.ts';
import { allowNetwork, blockNetwork, nockSlack, type SlackCall } from '../helpers/nock-slack.ts';
import { ics } from '../oncall/calendar-fixtures.ts';

const calls: SlackCall[] = [];
const posts = () => calls.filter((c) => c.method === 'chat.postMessage').map((c) => c.body);
// Ade is on call every day, all day, from 2026 on: whatever the clock says when the test runs.
const CALENDAR = ics(
  'BEGIN:VCALENDAR',
  'BEGIN:VEVENT',
  'UID:always',
  'DTSTART;TZID=Asia/Singapore:20260101T000000',
  'DTEND;TZID=Asia/Singapore:20260102T000000',
  'RRULE:FREQ=DAILY',
  'SUMMARY:Primary',
  'ATTENDEE:mailto:ade@example.com',
  'END:VEVENT',
  'END:VCALENDAR',
);
const YML = `oncall:
  rotation: { start: "2026-01-05T09:00", primary: [U0YAML] }
  ical_url: https://calendar.example.com/oncall.ics
  ical_people: { ade@example.com: U0ADE }
`;

describe.each(testDatabaseKinds)('paging over signed HTTP on %s', (kind) => {
  let t: SlackTestApp;
  const pd: Array<Record<string, unknown>> = [];
  beforeAll(async () => {
    blockNetwork();
    t = await startSlackTestApp(kind, YML, {
      PAGERDUTY_ROUTING_KEY: 'R0UTINGKEY',
      PAGERDUTY_EVENTS_URL: 'https://pd.example.com/v2/enqueue',
    });
  });
  afterEach(() => {
    nock.cleanAll();
    calls.length = 0;
    pd.length = 0;
  });
  afterAll(async () => {
    await t?.close();
    allowNetwork();
  });

  it('pages the calendar primary at once on a SEV1, and tells PagerDuty once of the open and once of the resolve', async () => {
    nockSlack(calls);
    nock('https://calendar.example.com').persist().get('/oncall.ics').reply(200, CALENDAR);
    nock('https://pd.example.com')
      .persist()
      .post('/v2/enqueue')
      .reply(function (_uri, body) {
        pd.push(body as Record<string, unknown>);
        return [202, { status: 'success', dedup_key: (body as { dedup_key: string }).dedup_key }];
      });
    const command = slashCommand('/incident', 'new Checkout failing in Jakarta sev=1');
    expect((await postSlack(t.base, command)).status).toBe(200);
    await eventually(() => pd.length === 1, 10_000, 'the PagerDuty trigger');
    const [row] = (await t.db.pool.query('SELECT id, channel_id, dedup_key FROM incidents')).rows;
    expect(posts().find((p) => p.channel === 'U0ADE')?.text).toBe(
      `:rotating_light: SEV1 <#${row.channel_id}> "Checkout failing in Jakarta" was opened. Please acknowledge or hand it on.`,
    );
    expect(posts().some((p) => p.channel === row.channel_id && p.text?.startsWith('<@U0ADE>'))).toBe(true);
    expect(pd[0]).toMatchObject({ event_action: 'trigger', dedup_key: row.dedup_key, routing_key: 'R0UTINGKEY' });

    const resolve = slashCommand('/incident', `resolve ${row.id} rolled back the gateway`);
    expect((await postSlack(t.base, resolve)).status).toBe(200);
    await eventually(() => pd.length === 2, 10_000, 'the PagerDuty resolve');
    expect(pd[1]).toEqual({ routing_key: 'R0UTINGKEY', event_action: 'resolve', dedup_key: row.dedup_key });
    await t.settled();
    expect(pd.map((b) => b.event_action)).toEqual(['trigger', 'resolve']);
  });
});
