import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import oncall from '../../commands/oncall.ts';
import { openCommandHarness, type CommandHarness } from '../helpers/command-context.ts';
import { testDatabaseKinds } from '../helpers/test-database.ts';

// Wednesday 14 Jan 2026, 12:00 in Singapore (UTC+8): shift 1 of a weekly rota that began Mon 5 Jan 09:00.
const NOW = new Date('2026-01-14T04:00:00Z');
const ROTA = `oncall:
  rotation:
    start: "2026-01-05"
    handover: "09:00"
    length_days: 7
    primary: [U0ANNA, U0BUDI, U0CITRA]
`;
const ROLES = `roles:
  admin: [U0ADMIN]
  manager: [U0MGR]
  responder: [U0RESP]
`;

const text = (replies: Array<{ text: string }>) => {
  expect(replies).toHaveLength(1);
  return replies[0]!.text;
};

describe.each(testDatabaseKinds)('/oncall with a rota and roles on %s', (kind) => {
  let h: CommandHarness;
  beforeAll(async () => {
    h = await openCommandHarness(kind, ROTA + ROLES, NOW);
  });
  afterAll(async () => {
    await h?.close();
  });

  const overrides = async () =>
    (await h.db.pool.query('SELECT user_id, role, starts_at, ends_at, set_by FROM oncall_overrides ORDER BY id')).rows;
  const auditRows = async (action: string) =>
    (await h.db.pool.query('SELECT actor, target, detail FROM audit_log WHERE action = $1 ORDER BY id', [action])).rows;

  it('who: names the primary until the next local handover, the secondary, and the next shift', async () => {
    const replies = await h.run(oncall, 'who');
    expect(text(replies)).toBe(
      '*On call now:* <@U0BUDI> until 19 Jan 2026, 09:00 GMT+8; secondary <@U0CITRA>\n' +
        '*Next:* <@U0CITRA> from 19 Jan 2026, 09:00 GMT+8; secondary <@U0ANNA>',
    );
    expect(replies[0]!.response_type).toBeUndefined(); // ephemeral
    // No subcommand means who.
    expect(text(await h.run(oncall, ''))).toBe(text(replies));
  });

  it('schedule: the current shift and the five after it, wrapping the three-person cycle', async () => {
    expect(text(await h.run(oncall, 'schedule')).split('\n')).toEqual([
      '*On-call schedule*',
      '12 Jan 2026, 09:00 GMT+8 – 19 Jan 2026, 09:00 GMT+8: <@U0BUDI>, secondary <@U0CITRA>',
      '19 Jan 2026, 09:00 GMT+8 – 26 Jan 2026, 09:00 GMT+8: <@U0CITRA>, secondary <@U0ANNA>',
      '26 Jan 2026, 09:00 GMT+8 – 2 Feb 2026, 09:00 GMT+8: <@U0ANNA>, secondary <@U0BUDI>',
      '2 Feb 2026, 09:00 GMT+8 – 9 Feb 2026, 09:00 GMT+8: <@U0BUDI>, secondary <@U0CITRA>',
      '9 Feb 2026, 09:00 GMT+8 – 16 Feb 2026, 09:00 GMT+8: <@U0CITRA>, secondary <@U0ANNA>',
      '16 Feb 2026, 09:00 GMT+8 – 23 Feb 2026, 09:00 GMT+8: <@U0ANNA>, secondary <@U0BUDI>',
    ]);
  });

  it('set by a responder is refused, explained, audited, and stores nothing', async () => {
    const reply = text(await h.run(oncall, 'set <@U0DEWI|dewi> 8h', 'U0RESP'));
    expect(reply).toBe(
      'You may not change who is on call: `oncall_override` is allowed to managers and admins (vigil.yml roles.permissions.oncall_override), ' +
        'and you are a responder. Ask an admin (<@U0ADMIN>) to do it for you, or to add you (or your user group) to roles.manager in vigil.yml.',
    );
    expect(await overrides()).toEqual([]);
    expect(await auditRows('oncall_override.denied')).toEqual([
      { actor: 'U0RESP', target: null, detail: { code: 'vigil_permission_denied' } },
    ]);
    expect(await auditRows('oncall.set')).toEqual([]);
  });

  it('malformed set gets the usage with the error, and stores nothing', async () => {
    const [bad] = await h.run(oncall, 'set dewi 8h', 'U0MGR');
    expect(bad!.text).toBe(
      '"dewi" is not a Slack user vigil can page. Pick the person from Slack\'s @ autocomplete so Slack sends their member id, ' +
        'e.g. `/oncall set @dewi 8h` or `/oncall set @dewi secondary tomorrow 09:00`. Usage: /oncall who',
    );
    const blocks = JSON.stringify(bad!.blocks);
    expect(blocks).toContain(':warning: \\"dewi\\" is not a Slack user vigil can page.');
    expect(blocks).toContain('/oncall set @user [primary|secondary] [until]');
    expect(bad!.response_type).toBeUndefined();

    const [past] = await h.run(oncall, 'set <@U0DEWI|dewi> 2026-01-13 09:00', 'U0MGR');
    expect(past!.text).toMatch(/^2026-01-13 09:00 \(Asia\/Singapore\) is not in the future/);
    const [junk] = await h.run(oncall, 'set <@U0DEWI|dewi> whenever', 'U0MGR');
    expect(junk!.blocks).toBeDefined();
    expect(junk!.text).toContain('whenever');
    expect(await overrides()).toEqual([]);
  });

  it('set by a manager stores the override, announces it in the channel, and who shows it', async () => {
    const [reply] = await h.run(oncall, 'set <@U0DEWI|dewi> 8h', 'U0MGR');
    expect(reply).toEqual({
      response_type: 'in_channel',
      text: '<@U0MGR> set <@U0DEWI> as primary on call until 14 Jan 2026, 20:00 GMT+8.',
    });
    const until = new Date(NOW.getTime() + 8 * 3_600_000);
    expect(await overrides()).toEqual([
      { user_id: 'U0DEWI', role: 'primary', starts_at: NOW, ends_at: until, set_by: 'U0MGR' },
    ]);
    expect(await auditRows('oncall.set')).toEqual([
      { actor: 'U0MGR', target: 'user:U0DEWI', detail: { role: 'primary', until: until.toISOString() } },
    ]);

    expect(text(await h.run(oncall, 'who', 'U0RESP'))).toBe(
      '*On call now:* <@U0DEWI> (override) until 14 Jan 2026, 20:00 GMT+8; secondary <@U0CITRA>\n' +
        '*Next:* <@U0BUDI> from 14 Jan 2026, 20:00 GMT+8; secondary <@U0CITRA>',
    );
    expect(
      text(await h.run(oncall, 'schedule'))
        .split('\n')
        .slice(1, 3),
    ).toEqual([
      '14 Jan 2026, 12:00 GMT+8 – 14 Jan 2026, 20:00 GMT+8: <@U0DEWI>, secondary <@U0CITRA>',
      '14 Jan 2026, 20:00 GMT+8 – 19 Jan 2026, 09:00 GMT+8: <@U0BUDI>, secondary <@U0CITRA>',
    ]);
  });

  it('an admin may set a secondary until the next handover', async () => {
    const [reply] = await h.run(oncall, 'set <@U0EKO> secondary', 'U0ADMIN');
    expect(reply!.text).toBe('<@U0ADMIN> set <@U0EKO> as secondary on call until 19 Jan 2026, 09:00 GMT+8.');
    expect(text(await h.run(oncall, 'who'))).toMatch(
      /^\*On call now:\* <@U0DEWI> \(override\) until 14 Jan 2026, 20:00 GMT\+8; secondary <@U0EKO>\n/,
    );
  });

  it('an unknown subcommand gets the usage with the error; help gets the usage alone', async () => {
    const [unknown] = await h.run(oncall, 'swap <@U0DEWI>');
    expect(unknown!.text).toBe('Unknown subcommand `swap`. Usage: /oncall who');
    expect(JSON.stringify(unknown!.blocks)).toContain('/oncall schedule');
    const [help] = await h.run(oncall, 'help');
    expect(help!.text).toBe('/oncall Usage: /oncall who');
    expect(JSON.stringify(help!.blocks)).not.toContain(':warning:');
  });
});

describe.each(testDatabaseKinds)('/oncall without a rota on %s', (kind) => {
  let h: CommandHarness;
  beforeAll(async () => {
    h = await openCommandHarness(kind, '', NOW);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('who tells how to configure a rota or cover with /oncall set; schedule says there is none', async () => {
    expect(text(await h.run(oncall, 'who'))).toBe(
      'Nobody is on call: vigil.yml has no on-call rota (oncall.rotation.primary is empty or missing). ' +
        'Add to vigil.yml:  oncall: { rotation: { start: "2026-01-05T09:00", primary: [U01AAA, U01BBB] } }  (Slack member ids), ' +
        'or cover now with `/oncall set @someone 8h`.',
    );
    expect(text(await h.run(oncall, 'schedule'))).toBe('No rota is configured: add oncall.rotation to vigil.yml.');
  });

  it('set without an end has no shift end to default to; with a duration it covers, with open roles', async () => {
    const [noEnd] = await h.run(oncall, 'set <@U0DEWI|dewi>');
    expect(noEnd!.text).toMatch(/^Nobody is on a rota shift, so there is no shift end to default to\./);
    expect((await h.db.pool.query('SELECT count(*)::int AS n FROM oncall_overrides')).rows[0].n).toBe(0);

    await h.run(oncall, 'set <@U0DEWI|dewi> 8h');
    expect(text(await h.run(oncall, 'who'))).toBe(
      '*On call now:* <@U0DEWI> (override) until 14 Jan 2026, 20:00 GMT+8; secondary nobody\n*Next:* no further shift configured',
    );
    expect(text(await h.run(oncall, 'schedule'))).toBe(
      '*On-call schedule*\n14 Jan 2026, 12:00 GMT+8 – 14 Jan 2026, 20:00 GMT+8: <@U0DEWI>, secondary nobody',
    );
  });
});
