// Every refusal that quotes what was typed repeats at most 80 characters of it, whatever was pasted; nothing is changed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import digest from '../../commands/digest.ts';
import incident from '../../commands/incident.ts';
import oncall from '../../commands/oncall.ts';
import { insertIncident } from '../../src/incidents/incident-store.ts';
import { openCommandHarness, type CommandHarness } from '../helpers/command-context.ts';
import { testDatabaseKinds } from '../helpers/test-database.ts';

const pasted = 'x'.repeat(40_000);
const words = Array.from({ length: 8_000 }, () => 'word').join(' ');

describe.each(testDatabaseKinds)('pasted input in /incident, /oncall and /digest on %s', (kind) => {
  let h: CommandHarness;
  let id = 0;
  beforeAll(async () => {
    h = await openCommandHarness(kind, 'roles:\n  admin: [U0ADMIN]\n', new Date('2026-01-14T04:00:00Z'));
    id = (
      await insertIncident(h.db.pool, { dedupKey: 'echo', title: 'Refund spike', severity: 3, openedBy: 'U0ADMIN' })
    ).incident.id;
  });
  afterAll(async () => {
    await h?.close();
  });

  it.each([
    { command: incident, label: '<40 KB>', text: () => pasted },
    { command: incident, label: 'update #id next=<40 KB>', text: () => `update #${id} next=${pasted} all fine` },
    { command: incident, label: 'action … due=<40 KB>', text: () => `action check refunds due=${pasted}` },
    { command: oncall, label: '<40 KB>', text: () => pasted },
    { command: oncall, label: 'set <40 KB>', text: () => `set ${pasted}` },
    { command: digest, label: '<40 KB>', text: () => pasted },
    { command: digest, label: '<8,000 words>', text: () => words },
  ])('$command.name $label', async ({ command, text }) => {
    const [reply] = await h.run(command, text(), 'U0ADMIN');
    expect(reply!.text.length).toBeLessThan(1_000);
    expect(reply!.text).not.toContain('x'.repeat(81));
    expect(JSON.stringify(reply!.blocks ?? []).length).toBeLessThan(3_000);
  });

  it('refuses an incident= that is not an incident number before any query, and a missing one by its code', async () => {
    const [bad] = await h.run(incident, 'action check refunds incident=abc', 'U0ADMIN');
    expect(bad!.text).toMatch(/^incident= takes an incident number such as 12 or #12 \(got "abc"\)\./);
    await expect(h.run(incident, 'action check refunds incident=#424242', 'U0ADMIN')).rejects.toMatchObject({
      code: 'vigil_incident_not_found',
    });
  });

  it('changes nothing', async () => {
    const { rows } = await h.db.pool.query(
      'SELECT (SELECT count(*) FROM incident_events WHERE incident_id = $1 AND kind <> $2)::int AS events, (SELECT count(*) FROM actions)::int AS actions',
      [id, 'opened'],
    );
    expect(rows[0]).toEqual({ events: 0, actions: 0 });
  });
});
