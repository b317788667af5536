import nock from 'nock';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config/load-config.ts';
import { runDueEscalations, type EscalationDeps } from '../../src/escalation/run-escalations.ts';
import { insertIncident } from '../../src/incidents/incident-store.ts';
import { createLogger } from '../../src/logging/create-logger.ts';
import { addOverride } from '../../src/oncall/oncall-store.ts';
import { migrate } from '../../src/db/migrate.ts';
import { createSlackClient } from '../../src/slack/build-slack-app.ts';
import { testConfig } from '../helpers/command-context.ts';
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from '../helpers/test-database.ts';

const T0 = new Date('2026-01-14T04:00:00Z'); // when every incident here was opened
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);
const POLICY = 'escalation:\n  ack_timeout_minutes: 10\n  repeat_every_minutes: 10\n  max_pages: 2\n';
const ROTA = `oncall:
  rotation:
    start: "2026-01-05T09:00"
    primary: [U0ANNA, U0BUDI, U0CITRA]
    secondary: [U0SARI]
`;

type Body = { channel: string; text: string } & Record<string, string>;
const posts: Body[] = [];
const dms = (user = 'U0SARI') => posts.filter((p) => p.channel === user);

/** Fakes chat.postMessage; `fail` answers instead while it returns a reply. */
function fakeSlack(fail?: () => [number, unknown] | undefined) {
  nock('https://slack.com')
    .persist()
    .post('/api/chat.postMessage')
    .reply(function (_uri, body) {
      const parsed = (typeof body === 'string' ? Object.fromEntries(new URLSearchParams(body)) : body) as Body;
      const failure = fail?.();
      if (failure) return failure;
      posts.push(parsed);
      return [200, { ok: true, channel: parsed.channel, ts: `1768363200.${String(posts.length).padStart(6, '0')}` }];
    });
}

describe.each(testDatabaseKinds)('runDueEscalations on %s', (kind) => {
  let db: TestDatabase;
  let config: Config;
  let now = T0;
  let deps: EscalationDeps;
  const logger = createLogger({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const depsFor = (pool: pg.Pool, c: Config = config): EscalationDeps => ({
    pool,
    client: createSlackClient(c, logger),
    logger,
    config: c,
    clock: () => now,
  });
  const run = (d = deps) => runDueEscalations(d);

  beforeAll(async () => {
    nock.disableNetConnect();
    nock.enableNetConnect(/127\.0\.0\.1/);
    config = testConfig(ROTA + POLICY);
    db = await openTestDatabase(kind);
    await migrate(db.pool);
    deps = depsFor(db.pool);
  });
  beforeEach(async () => {
    await db.pool.query('TRUNCATE incidents, oncall_overrides CASCADE');
  });
  afterEach(() => {
    nock.cleanAll();
    posts.length = 0;
  });
  afterAll(async () => {
    await db?.close();
    nock.enableNetConnect();
  });

  /** An incident opened at T0 (unless told), first due at T0 + 10 min (the policy's ack timeout). */
  async function openIncident(
    key: string,
    opts: { channel?: string | null; openedAt?: Date; dueAt?: Date; title?: string } = {},
  ): Promise<number> {
    const { incident } = await insertIncident(db.pool, {
      dedupKey: key,
      title: opts.title ?? 'Refund spike in Jakarta',
      severity: 2,
      openedBy: 'U0OPENER',
    });
    await db.pool.query('UPDATE incidents SET opened_at = $2, channel_id = $3, escalation_due_at = $4 WHERE id = $1', [
      incident.id,
      opts.openedAt ?? T0,
      opts.channel === undefined ? `C0INC${incident.id}` : opts.channel,
      opts.dueAt ?? at(10),
    ]);
    return incident.id;
  }
  const row = async (id: number) =>
    (
      await db.pool.query(
        'SELECT pages_sent, last_paged_at, escalation_due_at, escalation_posted_at FROM incidents WHERE id = $1',
        [id],
      )
    ).rows[0];
  const events = async (id: number) =>
    (
      await db.pool.query(
        "SELECT kind, detail FROM incident_events WHERE incident_id = $1 AND kind <> 'opened' ORDER BY id",
        [id],
      )
    ).rows;

  it('says in the page when the incident has no channel yet, linking the alerts notice and naming the command that acknowledges', async () => {
    fakeSlack();
    nock('https://slack.com')
      .post('/api/chat.getPermalink')
      .reply(200, { ok: true, permalink: 'https://gne.slack.com/archives/C0ALERTS/p1768363200000001' });
    const id = await openIncident('half-open', { channel: null });
    await db.pool.query(
      "UPDATE incidents SET setup_next_at = $2, notice_channel = 'C0ALERTS', notice_ts = '1768363200.000001' WHERE id = $1",
      [id, at(11)],
    );
    now = at(10);
    expect(await run()).toEqual([{ incidentId: id, step: 'page_secondary' }]);
    expect(dms().map((p) => p.text)).toEqual([
      `:rotating_light: SEV2 incident #${id} "Refund spike in Jakarta" is not acknowledged (page 1). Its Slack channel is not set up yet; vigil is retrying. ` +
        `See <https://gne.slack.com/archives/C0ALERTS/p1768363200000001|the alerts notice>, and acknowledge with \`/incident ack ${id}\`.`,
    ]);
  });

  it('pages a whole incident without the set-up note', async () => {
    fakeSlack();
    const id = await openIncident('whole');
    now = at(10);
    await run();
    expect(dms().map((p) => p.text)).toEqual([
      expect.stringMatching(/\(page 1\)\. Please acknowledge or hand it on\.$/),
    ]);
    expect(dms()[0]!.text).toContain(`<#C0INC${id}>`);
  });

  it('pages the secondary at the ack timeout and after each repeat, then posts once in the escalation channel', async () => {
    fakeSlack();
    const id = await openIncident('spike', { title: 'Refund <spike> & co' });
    const later = await openIncident('later', { openedAt: at(15), dueAt: at(25) });
    const channel = `C0INC${id}`;
    const about = () => posts.filter((p) => p.text.includes(`<#${channel}>`));

    now = at(9);
    expect(await run()).toEqual([]);
    expect(posts).toEqual([]);

    now = at(10);
    expect(await run()).toEqual([{ incidentId: id, step: 'page_secondary' }]);
    const page1 = `:rotating_light: SEV2 <#${channel}> "Refund &lt;spike&gt; &amp; co" is not acknowledged (page 1).`;
    expect(posts.map((p) => [p.channel, p.text])).toEqual([
      ['U0SARI', `${page1} Please acknowledge or hand it on.`],
      [channel, `<@U0SARI> ${page1}`],
    ]);
    expect(await row(id)).toMatchObject({ pages_sent: 1, last_paged_at: at(10), escalation_posted_at: null });
    expect(await events(id)).toEqual([{ kind: 'paged', detail: { page: 1, user: 'U0SARI', skipped: 0 } }]);
    expect(await row(later)).toMatchObject({ pages_sent: 0, escalation_due_at: at(25) });
    // See the todo below: the stored due time is only right after the next tick; that tick pages nobody.
    expect((await run()).every((s) => s.step === 'wait')).toBe(true);
    expect(posts).toHaveLength(2);
    expect((await row(id)).escalation_due_at).toEqual(at(20));

    now = at(20);
    expect(await run()).toEqual([{ incidentId: id, step: 'page_secondary' }]);
    expect(dms().map((p) => p.text)).toEqual([
      `${page1} Please acknowledge or hand it on.`,
      expect.stringContaining('is not acknowledged (page 2).'),
    ]);
    expect(await row(id)).toMatchObject({ pages_sent: 2, last_paged_at: at(20) });

    now = at(30);
    // UPDATE ... RETURNING gives no order, so the steps are compared as a set.
    expect((await run()).sort((a, b) => a.incidentId - b.incidentId)).toEqual([
      { incidentId: id, step: 'post_escalation_channel' },
      { incidentId: later, step: 'page_secondary' },
    ]);
    expect(posts.find((p) => p.channel === 'gne-escalation')).toMatchObject({
      text: `:sos: SEV2 <#${channel}> "Refund &lt;spike&gt; &amp; co" is still not acknowledged after 2 page(s).`,
    });
    expect(await row(id)).toMatchObject({ pages_sent: 2, escalation_posted_at: at(30), escalation_due_at: null });
    expect((await events(id)).map((e) => e.kind)).toEqual(['paged', 'paged', 'escalation_channel_posted']);

    const sent = about().length;
    now = at(90);
    await run();
    expect(about()).toHaveLength(sent);
  });

  it('stores the next page time as escalation_due_at right after a page', async () => {
    fakeSlack();
    const id = await openIncident('next-due');
    now = at(10);
    await run();
    expect((await row(id)).escalation_due_at).toEqual(at(20));
  });

  it('an acknowledged incident gets no page and its timer is cleared', async () => {
    fakeSlack();
    const id = await openIncident('acked');
    await db.pool.query(
      "UPDATE incidents SET status = 'acknowledged', acknowledged_at = $2, acknowledged_by = 'U0BUDI' WHERE id = $1",
      [id, at(4)],
    );
    now = at(15);
    expect(await run()).toEqual([{ incidentId: id, step: 'none' }]);
    expect(posts).toEqual([]);
    expect(await row(id)).toMatchObject({ pages_sent: 0, escalation_due_at: null });
    expect(await events(id)).toEqual([]);
  });

  it('pages an override secondary; without a channel only the DM goes out; with nobody on call the channel is told', async () => {
    fakeSlack();
    await addOverride(db.pool, { userId: 'U0EKO', role: 'secondary', from: at(0), until: at(120), setBy: 'U0BUDI' });
    const id = await openIncident('no-channel', { channel: null });
    now = at(10);
    await run();
    expect(posts).toEqual([
      expect.objectContaining({
        channel: 'U0EKO',
        text: expect.stringContaining(`SEV2 incident #${id} "Refund spike in Jakarta" is not acknowledged (page 1)`),
      }),
    ]);

    posts.length = 0;
    const lonely = await openIncident('nobody');
    const noRota = depsFor(db.pool, testConfig(POLICY));
    await db.pool.query('TRUNCATE oncall_overrides');
    await run(noRota);
    expect(posts.map((p) => p.channel)).toEqual([`C0INC${lonely}`]);
    expect(posts[0]!.text).toMatch(
      /is not acknowledged \(page 1\)\. Nobody is on call in vigil\.yml \(oncall\.rotation\) to page\.$/,
    );
    expect((await events(lonely))[0]!.detail).toEqual({ page: 1, user: null, skipped: 0 });
  });

  it.each([
    ['ok:false', () => [200, { ok: false, error: 'fatal_error' }] as [number, unknown], 1],
    ['HTTP 500 (after the bounded retries)', () => [500, 'upstream down'] as [number, unknown], 4],
  ])(
    'a Slack failure (%s) leaves the incident to be retried after the lease, nothing lost',
    async (_name, failure, attempts) => {
      let failing = true;
      let tries = 0;
      fakeSlack(() => (failing ? (tries++, failure()) : undefined));
      const id = await openIncident('flaky');
      now = at(10);
      expect(await run()).toEqual([]);
      expect(tries).toBe(attempts);
      expect(await row(id)).toMatchObject({ pages_sent: 0, last_paged_at: null, escalation_due_at: at(12) });
      expect(await events(id)).toEqual([]);

      failing = false;
      now = at(11);
      expect(await run()).toEqual([]);
      expect(posts).toEqual([]);
      now = at(12);
      expect(await run()).toEqual([{ incidentId: id, step: 'page_secondary' }]);
      expect(dms()).toHaveLength(1);
      expect(await row(id)).toMatchObject({ pages_sent: 1, last_paged_at: at(12) });
    },
  );

  it('a failed incident-channel mention does not re-send the DM every lease', async () => {
    // The channel is archived: every post there fails, the DM goes through.
    nock('https://slack.com')
      .persist()
      .post('/api/chat.postMessage')
      .reply(function (_uri, body) {
        const parsed = (typeof body === 'string' ? Object.fromEntries(new URLSearchParams(body)) : body) as Body;
        if (parsed.channel.startsWith('C0INC')) return [200, { ok: false, error: 'is_archived' }];
        posts.push(parsed);
        return [200, { ok: true, ts: '1768363200.000001' }];
      });
    const id = await openIncident('archived');
    for (const minute of [10, 12, 14, 16, 18]) {
      now = at(minute);
      await run();
    }
    expect(dms()).toHaveLength(1);
    expect((await row(id)).pages_sent).toBe(1);
    now = at(20);
    await run();
    expect(dms()).toHaveLength(2);
    expect(dms()[1]!.text).toContain('page 2');
  });

  // PGlite serves every connection from one session, so SKIP LOCKED cannot keep two pools apart there.
  it.skipIf(kind === 'pglite')('two replicas running at once page each incident exactly once', async () => {
    fakeSlack();
    const N = 30;
    // More than one claim batch (20), so both replicas take a share of the work.
    const ids = (await Promise.all(Array.from({ length: N }, (_, i) => openIncident(`replica-${i}`)))).sort(
      (x, y) => x - y,
    );
    const other = new pg.Pool({ connectionString: db.url, max: 4 });
    try {
      for (const [round, minute] of [
        [1, 10],
        [2, 20],
      ] as const) {
        now = at(minute);
        const [a, b] = await Promise.all([run(deps), run(depsFor(other))]);
        const paged = [...a, ...b].filter((s) => s.step === 'page_secondary').map((s) => s.incidentId);
        expect(paged.sort((x, y) => x - y)).toEqual(ids);
        expect(Math.min(a.length, b.length)).toBeGreaterThan(0);
        expect(dms()).toHaveLength(N * round);
        expect(
          new Set(
            dms()
              .filter((p) => p.text.includes(`(page ${round})`))
              .map((p) => p.text),
          ).size,
        ).toBe(N);
      }
      const counts = await db.pool.query(
        "SELECT incident_id, count(*)::int AS n FROM incident_events WHERE kind = 'paged' GROUP BY incident_id",
      );
      expect(counts.rows).toHaveLength(N);
      expect(counts.rows.every((r) => r.n === 2)).toBe(true);
    } finally {
      await other.end();
    }
  });
});
