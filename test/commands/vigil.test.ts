import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import vigil from '../../commands/vigil.ts';
import type { Reply } from '../../src/slack/command-module.ts';
import { insertIncident } from '../../src/incidents/incident-store.ts';
import { VERSION } from '../../src/version.ts';
import { openCommandHarness, type CommandHarness } from '../helpers/command-context.ts';
import { testDatabaseKinds } from '../helpers/test-database.ts';

const NOW = new Date('2026-01-14T04:00:00Z'); // 12:00 in Singapore
const ROLES = `roles:
  admin: [U0ADMIN]
  manager: [U0MGR]
  responder: [U0RESP]
`;
const HOUR = 3_600_000;

describe.each(testDatabaseKinds)('/vigil on %s', (kind) => {
  let h: CommandHarness;
  beforeAll(async () => {
    h = await openCommandHarness(kind, ROLES, NOW);
  });
  afterAll(async () => {
    await h?.close();
  });

  const mutes = async () =>
    (
      await h.db.pool.query(
        'SELECT metric_id, slice_key, slice, until, muted_by FROM metric_mutes ORDER BY metric_id, slice_key',
      )
    ).rows;
  const auditRows = async (action: string) =>
    (await h.db.pool.query('SELECT actor, target, detail FROM audit_log WHERE action = $1 ORDER BY id', [action])).rows;
  const only = (replies: Reply[]): Reply => {
    expect(replies).toHaveLength(1);
    return replies[0]!;
  };

  it('with no subcommand lists what every command does', async () => {
    const { text } = only(await h.run(vigil, ''));
    expect(text).toMatch(/^\*vigil\* watches the marketplace metrics/);
    for (const c of ['`/incident`', '`/oncall`', '`/vigil`', '/vigil mute <metric> <duration> [city=.. category=..]'])
      expect(text).toContain(c);
  });

  it('status: version, database, Slack mode, open incidents (resolved ones not counted) and mutes', async () => {
    const pool = h.db.pool;
    await insertIncident(pool, {
      dedupKey: 'a',
      title: 'Refund spike',
      severity: 2,
      openedBy: 'U0X',
      escalationDueAt: new Date(NOW.getTime() + 600_000),
    });
    await insertIncident(pool, { dedupKey: 'b', title: 'Slow CS replies', severity: 3, openedBy: 'U0X' });
    const { incident } = await insertIncident(pool, { dedupKey: 'c', title: 'Old one', severity: 3, openedBy: 'U0X' });
    await pool.query("UPDATE incidents SET status = 'resolved', resolved_at = now() WHERE id = $1", [incident.id]);

    const reply = only(await h.run(vigil, 'status', 'U0RESP'));
    expect(reply.response_type).toBeUndefined();
    expect(reply.text.split('\n')).toEqual([
      `*vigil ${VERSION}* · ok · database ok · warehouse n/a`,
      'Slack: http mode · time zone Asia/Singapore',
      'Open incidents: 2 (1 with an escalation timer)',
      // The demo catalog schedules hourly and daily metrics; neither has run in this test.
      'Scheduler, last run per grain:',
      '• hour · no run yet',
      '• day · no run yet',
      'Metric health: no broken or stale metrics',
      'Muted: nothing',
    ]);
    expect(VERSION).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('status: the last run of each grain (a failed one, a lapsed lease, overdue grains) and the metrics not ok', async () => {
    const pool = h.db.pool;
    const run = (
      grain: string,
      bucket: string,
      status: string,
      attempts: number,
      started: string,
      finished: string | null,
      counts: number[],
      errors: unknown[],
      lease = started,
    ) =>
      pool.query(
        `INSERT INTO metric_runs (grain, bucket, status, replica, attempts, lease_until, started_at, finished_at, metrics_judged, anomalies, incidents, errors)
         VALUES ($1, $2, $3, 'replica-b', $4, $5, $6, $7, $8, $9, $10, $11)`,
        [grain, bucket, status, attempts, lease, started, finished, ...counts, JSON.stringify(errors)],
      );
    const down = [{ metric: '*', code: 'ECONNREFUSED', message: 'warehouse down' }];
    await run(
      '15m',
      '2026-01-14T03:15:00Z',
      'succeeded',
      1,
      '2026-01-14T03:31:00Z',
      '2026-01-14T03:31:02Z',
      [12, 0, 0],
      [],
    );
    await run(
      '15m',
      '2026-01-14T03:30:00Z',
      'succeeded',
      1,
      '2026-01-14T03:46:00Z',
      '2026-01-14T03:46:03Z',
      [12, 1, 1],
      [],
    );
    await run(
      'hour',
      '2026-01-14T01:00:00Z',
      'succeeded',
      1,
      '2026-01-14T02:01:00Z',
      '2026-01-14T02:03:10Z',
      [8, 2, 0],
      [{ metric: 'nps', code: 'x', message: 'y' }],
    );
    await run(
      'hour',
      '2026-01-14T02:00:00Z',
      'failed',
      2,
      '2026-01-14T03:16:00Z',
      '2026-01-14T03:16:05Z',
      [0, 0, 0],
      down,
    );
    await run(
      'day',
      '2026-01-12T16:00:00Z',
      'running',
      1,
      '2026-01-13T16:01:00Z',
      null,
      [0, 0, 0],
      [],
      '2026-01-13T16:16:00Z',
    );
    await pool.query(
      `INSERT INTO metric_health (metric_id, status, since, last_error) VALUES
         ('refund_rate', 'broken', '2026-01-14T03:00:00Z', 'relation "warehouse.orders"
          does not exist'),
         ('order_volume', 'stale', '2026-01-13T20:00:00Z', NULL),
         ('complaint_rate', 'ok', '2026-01-10T00:00:00Z', NULL)`,
    );

    const lines = only(await h.run(vigil, 'status')).text.split('\n');
    const from = lines.findIndex((l) => l.startsWith('Scheduler'));
    expect(lines.slice(from, -1)).toEqual([
      'Scheduler, last run per grain:',
      '• 15m · bucket 14 Jan 2026, 11:30 GMT+8 · succeeded (started 14 Jan 2026, 11:46 GMT+8, took 3s) · 12 metrics judged, 1 anomaly, 1 incident, 0 errors · attempt 1 of 3',
      '• hour · bucket 14 Jan 2026, 10:00 GMT+8 · failed (started 14 Jan 2026, 11:16 GMT+8, took 5s) · 0 metrics judged, 0 anomalies, 0 incidents, 1 error · attempt 2 of 3' +
        ' · :warning: overdue: the 14 Jan 2026, 10:00 GMT+8 bucket is not judged yet',
      '• day · bucket 13 Jan 2026, 00:00 GMT+8 · running on replica-b since 14 Jan 2026, 00:01 GMT+8 (lease lapsed 14 Jan 2026, 00:16 GMT+8; the next tick takes it over)' +
        ' · attempt 1 of 3 · :warning: overdue: the 13 Jan 2026, 00:00 GMT+8 bucket is not judged yet',
      'Metric health: 2 not ok',
      '• refund_rate broken since 14 Jan 2026, 11:00 GMT+8: relation "warehouse.orders" does not exist',
      '• order_volume stale since 14 Jan 2026, 04:00 GMT+8',
    ]);
    await pool.query('TRUNCATE metric_runs, metric_health');
  });

  it('mute by a responder is refused, explained, audited, and stores nothing', async () => {
    const { text } = only(await h.run(vigil, 'mute refund_rate 2h', 'U0RESP'));
    expect(text).toBe(
      'You may not mute metrics: `mute` is allowed to managers and admins (vigil.yml roles.permissions.mute), and you are a responder. ' +
        'Ask an admin (<@U0ADMIN>) to do it for you, or to add you (or your user group) to roles.manager in vigil.yml.',
    );
    // Unmuting is the same permission.
    expect(only(await h.run(vigil, 'unmute refund_rate', 'U0NOBODY')).text).toMatch(
      /^You may not mute metrics: .* and you hold no role\./,
    );
    expect(await mutes()).toEqual([]);
    expect(await auditRows('mute.denied')).toEqual([
      { actor: 'U0RESP', target: null, detail: { code: 'vigil_permission_denied' } },
      { actor: 'U0NOBODY', target: null, detail: { code: 'vigil_permission_denied' } },
    ]);
  });

  it('mute with a duration and a slice stores the mute (slice keys sorted) and answers in the channel', async () => {
    const reply = only(await h.run(vigil, 'mute refund_rate 2h city=jakarta category=spa', 'U0MGR'));
    expect(reply).toEqual({
      response_type: 'in_channel',
      text: '<@U0MGR> muted refund_rate for city=jakarta category=spa until 14 Jan 2026, 14:00 GMT+8.',
    });
    const until = new Date(NOW.getTime() + 2 * HOUR);
    expect(await mutes()).toEqual([
      {
        metric_id: 'refund_rate',
        slice_key: 'category=spa,city=jakarta',
        slice: { city: 'jakarta', category: 'spa' },
        until,
        muted_by: 'U0MGR',
      },
    ]);
    expect(await auditRows('metric.mute')).toEqual([
      {
        actor: 'U0MGR',
        target: 'metric:refund_rate',
        detail: { slice: { city: 'jakarta', category: 'spa' }, until: until.toISOString() },
      },
    ]);
  });

  it('muting the same slice again extends it; a whole-metric mute is a separate row; status lists them', async () => {
    await h.run(vigil, 'mute refund_rate 4h category=spa city=jakarta', 'U0ADMIN');
    const reply = only(await h.run(vigil, 'mute complaint_rate "1h 30m"', 'U0ADMIN'));
    expect(reply.text).toBe('<@U0ADMIN> muted complaint_rate until 14 Jan 2026, 13:30 GMT+8.');
    expect((await mutes()).map((m) => [m.metric_id, m.slice_key, m.until, m.muted_by])).toEqual([
      ['complaint_rate', '', new Date(NOW.getTime() + 1.5 * HOUR), 'U0ADMIN'],
      ['refund_rate', 'category=spa,city=jakarta', new Date(NOW.getTime() + 4 * HOUR), 'U0ADMIN'],
    ]);
    const status = only(await h.run(vigil, 'status')).text;
    expect(status.split('\n').at(-1)).toBe(
      'Muted: complaint_rate until 14 Jan 2026, 13:30 GMT+8; refund_rate {"city":"jakarta","category":"spa"} until 14 Jan 2026, 16:00 GMT+8',
    );
  });

  it('unmute removes every mute of the metric; a second unmute says it was not muted', async () => {
    await h.run(vigil, 'mute refund_rate 1d', 'U0MGR');
    expect((await mutes()).filter((m) => m.metric_id === 'refund_rate')).toHaveLength(2);
    const reply = only(await h.run(vigil, 'unmute refund_rate', 'U0MGR'));
    expect(reply).toEqual({ response_type: 'in_channel', text: '<@U0MGR> unmuted refund_rate.' });
    expect((await mutes()).map((m) => m.metric_id)).toEqual(['complaint_rate']);
    expect(await auditRows('metric.unmute')).toEqual([
      { actor: 'U0MGR', target: 'metric:refund_rate', detail: { removed: 2 } },
    ]);
    expect(only(await h.run(vigil, 'unmute refund_rate', 'U0MGR')).text).toBe('refund_rate was not muted.');
  });

  it('an unknown metric, a bad or missing duration and an unknown subcommand get the usage with the error', async () => {
    const before = await mutes();
    const unknown = only(await h.run(vigil, 'mute refunds 2h', 'U0MGR'));
    expect(unknown.text).toMatch(
      /^Name a metric: refund_rate, redemption_failure_rate, complaint_rate, .*order_volume\. Usage: \/vigil status$/,
    );
    expect(JSON.stringify(unknown.blocks)).toContain('/vigil mute &lt;metric&gt; &lt;duration&gt;');
    expect(only(await h.run(vigil, 'unmute', 'U0MGR')).text).toMatch(/^Name a metric: /);

    // refund_rate is watched by city and category, not by vendor: such a mute would never match.
    const dimension = only(await h.run(vigil, 'mute refund_rate 2h vendor=vendor-a', 'U0MGR'));
    expect(dimension.text).toMatch(/^refund_rate is not sliced by vendor; its dimensions are: city, category\./);

    const bad = only(await h.run(vigil, 'mute refund_rate soon', 'U0MGR'));
    expect(bad.text).toBe(
      '"soon" is not a duration. Write a number and a unit: m (minutes), h (hours), d (days) or w (weeks), ' +
        'e.g. 30m, 2h, 1d, 1w or 1h30m. Usage: /vigil status',
    );
    expect(only(await h.run(vigil, 'mute refund_rate', 'U0MGR')).text).toMatch(
      /^Say for how long, e.g. `2h` or `1d`\./,
    );
    expect(only(await h.run(vigil, 'mute refund_rate 1000w', 'U0MGR')).text).toMatch(
      /^"1000w" is longer than a year\./,
    );

    expect(only(await h.run(vigil, 'frobnicate refund_rate')).text).toBe(
      'Unknown subcommand `frobnicate`. Usage: /vigil status',
    );
    expect(await mutes()).toEqual(before);
  });

  it('mute reads a quoted slice value whole, and refuses what it cannot read whole, storing and auditing nothing', async () => {
    const reply = only(await h.run(vigil, `mute order_volume 2h city="kuala lumpur"`, 'U0MGR'));
    expect(reply.text).toBe('<@U0MGR> muted order_volume for city=kuala lumpur until 14 Jan 2026, 14:00 GMT+8.');
    const lumpur = (await mutes()).filter((m) => m.metric_id === 'order_volume');
    expect(lumpur.map((m) => m.slice)).toEqual([{ city: 'kuala lumpur' }]);

    const before = await mutes();
    const audited = (await auditRows('metric.mute')).length;
    const refusals: Array<[string, RegExp]> = [
      ['mute order_volume 2h city="kuala lumpur', /^Could not read a quote never closed in city=; nothing was muted\./],
      ['mute order_volume 2h city=kuala lumpur', /^Did not understand lumpur; nothing was muted\./],
      ['mute order_volume 1h 30m', /^Did not understand 30m; nothing was muted\./],
      ['mute order_volume 2h city=jakarta city=bandung', /^Could not read city= given twice; nothing was muted\./],
      ['mute order_volume 2h city=', /^Could not read city= has no value; nothing was muted\./],
      ['unmute order_volume now', /^Did not understand now; nothing was unmuted\./],
    ];
    for (const [text, expected] of refusals) expect(only(await h.run(vigil, text, 'U0MGR')).text).toMatch(expected);
    expect(await mutes()).toEqual(before);
    expect(await auditRows('metric.mute')).toHaveLength(audited);
  });

  it('repeats at most 80 characters of a pasted 40 KB back', async () => {
    const pasted = 'x'.repeat(40_000);
    const words = Array.from({ length: 8_000 }, () => 'word').join(' ');
    for (const text of [
      pasted,
      `mute ${pasted} 2h`,
      `mute refund_rate ${pasted}`,
      `mute refund_rate 2h ${pasted}=1`,
      `mute refund_rate 2h ${words}`,
    ]) {
      const reply = only(await h.run(vigil, text, 'U0MGR'));
      expect(reply.text.length).toBeLessThan(1_000);
      expect(JSON.stringify(reply.blocks).length).toBeLessThan(3_000);
      expect(reply.text).not.toContain('x'.repeat(81));
    }
  });

  it('refuses names inherited from Object.prototype (toString, constructor) as metrics', async () => {
    const before = await mutes();
    for (const name of ['toString', 'constructor']) {
      expect(only(await h.run(vigil, `mute ${name} 2h`, 'U0MGR')).text).toMatch(/Name a metric/);
    }
    expect(await mutes()).toEqual(before);
  });
});
