// Overdue-update reminders on a real database with Slack faked at the network: once per overdue update, again only
// after a new update, never for a resolved incident or a severity without a cadence, retried when Slack fails.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config/load-config.ts';
import { migrate } from '../../src/db/migrate.ts';
import { IncidentService } from '../../src/incidents/incident-service.ts';
import { insertIncident } from '../../src/incidents/incident-store.ts';
import { remindOverdueUpdates } from '../../src/incidents/remind-overdue-updates.ts';
import { createLogger } from '../../src/logging/create-logger.ts';
import { createSlackClient } from '../../src/slack/build-slack-app.ts';
import { testConfig } from '../helpers/command-context.ts';
import { isolateSlack, nockSlack, type SlackCall } from '../helpers/nock-slack.ts';
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from '../helpers/test-database.ts';

const T0 = new Date('2026-01-14T04:00:00Z');
const min = (m: number) => new Date(T0.getTime() + m * 60_000);

describe.each(testDatabaseKinds)('remindOverdueUpdates on %s', (kind) => {
  let db: TestDatabase;
  let config: Config;
  let now = T0;
  const calls: SlackCall[] = [];
  isolateSlack(calls);
  const logger = createLogger({ level: 'silent' });
  const deps = () => ({ pool: db.pool, client: createSlackClient(config, logger), logger, config, clock: () => now });
  const reminders = () =>
    calls.filter((c) => c.method === 'chat.postMessage' && String(c.body.text).includes('was due'));
  const open = async (key: string, severity: 1 | 2 | 3 | 4, extra = '') => {
    const { incident } = await insertIncident(db.pool, { dedupKey: key, title: key, severity, openedBy: 'U0OPENER' });
    await db.pool.query(`UPDATE incidents SET opened_at = $2, channel_id = $3 ${extra} WHERE id = $1`, [
      incident.id,
      T0,
      `C0${key.toUpperCase()}`,
    ]);
    return incident.id;
  };

  beforeAll(async () => {
    config = testConfig('incidents:\n  update_every_minutes: { 1: 30, 2: 60 }\n');
    db = await openTestDatabase(kind);
    await migrate(db.pool);
  }, 60_000);
  beforeEach(async () => {
    await db.pool.query('TRUNCATE incidents CASCADE');
  });
  afterAll(async () => {
    await db?.close();
  });

  it('reminds once when the cadence runs out, naming the owner, and records it on the timeline', async () => {
    nockSlack(calls);
    const sev1 = await open('r1', 1, ", acknowledged_at = $2, acknowledged_by = 'U0ANNA', status = 'acknowledged'");
    await open('r2', 2);
    now = min(29);
    expect(await remindOverdueUpdates(deps())).toEqual([]);
    now = min(31);
    expect(await remindOverdueUpdates(deps())).toEqual([sev1]);
    expect(reminders()).toHaveLength(1);
    expect(reminders()[0]!.body).toMatchObject({
      channel: 'C0R1',
      text: expect.stringMatching(
        /^:bell: An update on this incident was due <!date\^\d+\^.*<@U0ANNA>, please post where things stand with `\/incident update/,
      ),
    });
    now = min(45);
    expect(await remindOverdueUpdates(deps())).toEqual([]);
    const { rows } = await db.pool.query(
      "SELECT kind, detail FROM incident_events WHERE incident_id = $1 AND kind = 'update_reminder'",
      [sev1],
    );
    expect(rows).toEqual([{ kind: 'update_reminder', detail: { due: min(30).toISOString() } }]);
  });

  it('arms again after a new update, from that update; a promised time wins over the cadence', async () => {
    nockSlack(calls);
    const id = await open('r3', 1);
    now = min(31);
    expect(await remindOverdueUpdates(deps())).toEqual([id]);
    const service = new IncidentService({
      ...deps(),
      timezone: config.timezone,
      alertsChannel: 'gne-alerts',
      privateChannels: false,
      responders: async () => [],
      updateCadence: config.workspace.incidents.update_every_minutes,
    });
    expect((await service.act(id, { kind: 'post_update', text: 'on it', nextUpdateAt: min(120) }, 'U0ANNA')).ok).toBe(
      true,
    );
    now = min(100);
    expect(await remindOverdueUpdates(deps())).toEqual([]);
    now = min(121);
    expect(await remindOverdueUpdates(deps())).toEqual([id]);
    expect(reminders()).toHaveLength(2);
  });

  it('never reminds a resolved incident, one without a channel, or a severity without a cadence', async () => {
    nockSlack(calls);
    await open('r4', 4);
    await open('r5', 1, ", status = 'resolved', resolved_at = $2, resolved_by = 'U0ANNA', resolution_note = 'x'");
    const { incident } = await insertIncident(db.pool, {
      dedupKey: 'r6',
      title: 'no channel',
      severity: 1,
      openedBy: 'U0OPENER',
    });
    await db.pool.query('UPDATE incidents SET opened_at = $2 WHERE id = $1', [incident.id, T0]);
    now = min(600);
    expect(await remindOverdueUpdates(deps())).toEqual([]);
    expect(calls).toEqual([]);
  });

  it('releases its claim when Slack refuses, so the next run posts it', async () => {
    nockSlack(calls, {
      'chat.postMessage': (n) => (n === 1 ? [200, { ok: false, error: 'channel_not_found' }] : undefined),
    });
    const id = await open('r7', 1);
    now = min(31);
    expect(await remindOverdueUpdates(deps())).toEqual([]);
    expect(await remindOverdueUpdates(deps())).toEqual([id]);
  });
});
