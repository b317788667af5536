// With Slack off the incident service still opens every incident (vigil check, a bot without Slack): the row,
// the timeline and the audit as before, no set-up claimed or left to repair, and not one network call.
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../src/db/migrate.ts';
import { incidentServiceWithoutSlack, type IncidentService } from '../../src/incidents/incident-service.ts';
import { silentNotifier } from '../../src/incidents/incident-notifier.ts';
import { allowNetwork, blockNetwork } from '../helpers/nock-slack.ts';
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from '../helpers/test-database.ts';

const NOW = new Date('2026-02-01T09:00:00Z');

describe.each(testDatabaseKinds)('the incident service without Slack on %s', (kind) => {
  let db: TestDatabase;
  let service: IncidentService;

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    await migrate(db.pool);
    blockNetwork();
    service = incidentServiceWithoutSlack({
      pool: db.pool,
      logger: pino({ level: 'silent' }),
      timezone: 'UTC',
      clock: () => NOW,
    });
  }, 60_000);
  afterAll(async () => {
    allowNetwork();
    await db?.close();
  });

  it('records the incident with its timeline and audit, and claims no Slack set-up', async () => {
    const { incident, created } = await service.open({
      dedupKey: `quiet-${kind}`,
      title: 'Refund spike in Jakarta',
      severity: 2,
      openedBy: 'vigil',
      metricId: 'refund_rate',
    });
    expect(created).toBe(true);
    expect(incident.channelId).toBeNull();
    const { rows } = await db.pool.query(
      'SELECT setup_next_at, setup_claimed_until, setup_attempts, escalation_due_at FROM incidents WHERE id = $1',
      [incident.id],
    );
    expect(rows[0]).toEqual({
      setup_next_at: null,
      setup_claimed_until: null,
      setup_attempts: 0,
      escalation_due_at: null,
    });
    expect((await service.timeline(incident.id)).map((e) => e.kind)).toEqual(['opened']);
    const audit = await db.pool.query('SELECT action FROM audit_log WHERE target = $1', [`incident:${incident.id}`]);
    expect(audit.rows).toEqual([{ action: 'incident.open' }]);
  });

  it('returns the incident already open under the same key, untouched', async () => {
    const first = await service.open({
      dedupKey: `again-${kind}`,
      title: 'Checkout errors',
      severity: 3,
      openedBy: 'vigil',
    });
    const again = await service.open({
      dedupKey: `again-${kind}`,
      title: 'Checkout errors',
      severity: 3,
      openedBy: 'vigil',
    });
    expect(again).toMatchObject({ created: false, incident: { id: first.incident.id } });
    const { rows } = await db.pool.query('SELECT setup_claimed_until FROM incidents WHERE id = $1', [
      first.incident.id,
    ]);
    expect(rows[0].setup_claimed_until).toBeNull();
  });

  it('updates evidence and says nothing, and has nothing to repair', async () => {
    const { incident } = await service.open({
      dedupKey: `evidence-${kind}`,
      title: 'Failures',
      severity: 3,
      openedBy: 'vigil',
    });
    const evidence = {
      metricId: 'failure_rate',
      metricTitle: 'Failure rate',
      bucket: NOW.toISOString(),
      observed: 0.4,
      expected: 0.04,
      bandLow: 0.02,
      bandHigh: 0.06,
      unit: 'ratio' as const,
      slice: {},
      contributors: [],
      reason: 'high',
    };
    const updated = await service.updateEvidence(incident.id, evidence, 'anomalous again');
    expect(updated.evidence).toMatchObject({ observed: 0.4 });
    expect(await service.repairDue(new Date(NOW.getTime() + 86_400_000))).toEqual([]);
  });

  it('silentNotifier calls nothing and calls every set-up whole', async () => {
    const incident = await service.get((await service.list('all', 'U0NOBODY'))[0]!.id);
    expect(silentNotifier.setsUpChannels).toBe(false);
    await expect(
      silentNotifier.setUp(incident, { cardPinned: false, noticeChannel: null, noticeTs: null, attempts: 0 }),
    ).resolves.toEqual({ incident, whole: true });
  });
});

describe('incidentServiceWithoutSlack: reopen_within', () => {
  it('reopens within 24 hours unless told otherwise', () => {
    const logger = pino({ level: 'silent' });
    const pool = {} as never;
    expect(incidentServiceWithoutSlack({ pool, logger, timezone: 'UTC' }).reopenWithinMs).toBe(24 * 3_600_000);
    expect(
      incidentServiceWithoutSlack({ pool, logger, timezone: 'UTC', reopenWithinMs: 7_200_000 }).reopenWithinMs,
    ).toBe(7_200_000);
  });
});
