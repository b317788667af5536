// A reopened incident starts the escalation policy over: counters reset in the database, and the
// planner pages again even though the incident was acknowledged before it was resolved.
import { LogLevel, WebClient } from '@slack/web-api';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escalationSchema } from '../../src/config/escalation-schema.ts';
import { migrate } from '../../src/db/migrate.ts';
import { nextEscalationStep } from '../../src/escalation/next-escalation-step.ts';
import { IncidentService } from '../../src/incidents/incident-service.ts';
import { allowNetwork, blockNetwork, nockSlack, type SlackCall } from '../helpers/nock-slack.ts';
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from '../helpers/test-database.ts';

const MINUTE = 60_000;
const policy = escalationSchema.parse({
  ack_timeout_minutes: 10,
  repeat_every_minutes: 10,
  max_pages: 2,
  by_severity: {},
});

describe.each(testDatabaseKinds)('reopening an incident on %s', (kind) => {
  let db: TestDatabase;
  let now = new Date('2026-02-01T09:00:00Z');
  let service: IncidentService;

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    await migrate(db.pool);
    blockNetwork();
    nockSlack([] as SlackCall[]);
    service = new IncidentService({
      pool: db.pool,
      client: new WebClient('xoxb-test', { retryConfig: { retries: 0 }, logLevel: LogLevel.ERROR }),
      logger: pino({ level: 'silent' }),
      clock: () => now,
      timezone: 'UTC',
      alertsChannel: 'gne-alerts',
      privateChannels: false,
      responders: async () => [],
      firstEscalationDue: ({ openedAt }) => new Date(openedAt.getTime() + 10 * MINUTE),
    });
  }, 60_000);
  afterAll(async () => {
    allowNetwork();
    await db?.close();
  });

  it('resets the pages, times the policy from the reopen, and pages although it was acknowledged before', async () => {
    const { incident } = await service.open({
      dedupKey: `reopen-${kind}`,
      title: 'Refund spike in Jakarta',
      severity: 2,
      openedBy: 'U0OPENER',
    });
    now = new Date('2026-02-01T09:05:00Z');
    expect((await service.act(incident.id, { kind: 'acknowledge' }, 'U0RESP')).ok).toBe(true);
    // As if the policy had run its course before the acknowledgement.
    await db.pool.query(
      'UPDATE incidents SET escalation_level = 2, pages_sent = 2, last_paged_at = $2, escalation_posted_at = $2 WHERE id = $1',
      [incident.id, now],
    );
    now = new Date('2026-02-01T10:00:00Z');
    expect((await service.act(incident.id, { kind: 'resolve', note: 'rolled back' }, 'U0RESP')).ok).toBe(true);
    now = new Date('2026-02-01T12:00:00Z');
    expect((await service.act(incident.id, { kind: 'reopen' }, 'U0RESP')).ok).toBe(true);

    const { rows } = await db.pool.query(
      'SELECT status, reopened_at, escalation_level, pages_sent, last_paged_at, escalation_posted_at, escalation_due_at, acknowledged_at FROM incidents WHERE id = $1',
      [incident.id],
    );
    expect(rows[0]).toMatchObject({
      status: 'reopened',
      reopened_at: now,
      escalation_level: 0,
      pages_sent: 0,
      last_paged_at: null,
      escalation_posted_at: null,
      escalation_due_at: new Date(now.getTime() + 10 * MINUTE),
    });
    // The first acknowledgement is kept for time-to-acknowledge, but no longer stops the pages.
    expect(rows[0].acknowledged_at).toEqual(new Date('2026-02-01T09:05:00Z'));
    const state = await service.get(incident.id);
    expect(nextEscalationStep(policy, state, new Date(now.getTime() + 5 * MINUTE))).toEqual({
      kind: 'wait',
      dueAt: new Date(now.getTime() + 10 * MINUTE),
    });
    expect(nextEscalationStep(policy, state, new Date(now.getTime() + 10 * MINUTE))).toMatchObject({
      kind: 'page_secondary',
      page: 1,
    });
  }, 60_000);
});
