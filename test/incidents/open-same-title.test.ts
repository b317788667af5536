// 100 opens of one title get 100 channels, one conversations.create each (the incident number makes every name unique).
import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../src/db/migrate.ts';
import { IncidentService } from '../../src/incidents/incident-service.ts';
import { createLogger } from '../../src/logging/create-logger.ts';
import { slackClientOptions } from '../../src/slack/slack-client-options.ts';
import { startFakeSlack, type FakeSlack } from '../helpers/fake-slack-server.ts';
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from '../helpers/test-database.ts';

const logger = createLogger({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

describe.each(testDatabaseKinds)('opening one title 100 times on %s', (kind) => {
  let db: TestDatabase;
  let fake: FakeSlack;
  beforeAll(async () => {
    db = await openTestDatabase(kind);
    await migrate(db.pool);
    fake = await startFakeSlack();
  }, 60_000);
  afterAll(async () => {
    await fake?.close();
    await db?.close();
  });

  it('gives every incident its own channel with one conversations.create each', async () => {
    const incidents = new IncidentService({
      pool: db.pool,
      client: new WebClient('xoxb-test', slackClientOptions(fake.apiUrl, logger)),
      logger,
      clock: () => new Date(),
      timezone: 'UTC',
      alertsChannel: 'gne-alerts',
      privateChannels: false,
      responders: async () => [],
    });
    const opened: number[] = [];
    // Twenty at a time, as a burst of commands would arrive.
    for (let batch = 0; batch < 5; batch++) {
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          incidents.open({
            dedupKey: `burst:${batch * 20 + i}`,
            title: 'Refund spike in Jakarta',
            severity: 2,
            openedBy: 'U0OPENER',
          }),
        ),
      );
      opened.push(...results.map((r) => r.incident.id));
    }
    const { rows } = await db.pool.query(
      'SELECT id, channel_id, channel_name, opened_at FROM incidents WHERE id = ANY($1) AND channel_id IS NOT NULL AND setup_next_at IS NULL',
      [opened],
    );
    expect(rows).toHaveLength(100);
    expect(new Set(rows.map((r) => r.channel_id)).size).toBe(100);
    expect(
      rows.every(
        (r) =>
          r.channel_name ===
          `inc-${(r.opened_at as Date).toISOString().slice(0, 10).replaceAll('-', '')}-${r.id}-refund-spike-in-jakarta`,
      ),
    ).toBe(true);
    expect(fake.calls.filter((c) => c.method === 'conversations.create')).toHaveLength(100);
    expect(fake.calls.filter((c) => c.method === 'conversations.list')).toHaveLength(0);
  }, 120_000);
});
