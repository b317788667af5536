// The digest's cron task fires at 09:00 Asia/Jakarta (02:00 UTC), not at 09:00 UTC: fake timers and Date drive node-cron, the database is real.
import { setTimeout as realSleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { wireDigest, type DigestSchedule } from '../../src/app/wire-digest.ts';
import { loadConfig, type Config } from '../../src/config/load-config.ts';
import { migrate } from '../../src/db/migrate.ts';
import { createLogger } from '../../src/logging/create-logger.ts';
import type { SummaryFacts } from '../../src/summaries/digest-facts-schema.ts';
import { openTestDatabase, type TestDatabase } from '../helpers/test-database.ts';
import { writtenSummary } from '../slack/digest-fixtures.ts';
import { failureRateWorkspace } from './fixtures/failure-rate-workspace.ts';

describe('digest cron in Asia/Jakarta (fake timers)', () => {
  let db: TestDatabase;
  let config: Config;
  let schedule: DigestSchedule | undefined;
  const fired: Array<{ at: string; label: string }> = [];

  beforeAll(async () => {
    const configPath = failureRateWorkspace('wh_cron', { digest: '  weekly: { enabled: false }' });
    config = loadConfig({ VIGIL_CONFIG: configPath, LOG_LEVEL: 'silent', VIGIL_TIMEZONE: 'Asia/Jakarta' });
    db = await openTestDatabase('pglite');
    await migrate(db.pool);
    await db.pool.query('CREATE SCHEMA wh_cron');
    await db.pool.query(
      "CREATE TABLE wh_cron.attempts AS SELECT b AS bucket, 5 AS failures, 100 AS attempts FROM generate_series('2025-12-01'::timestamptz, '2026-01-14', interval '1 hour') AS b",
    );
  }, 60_000);
  afterEach(async () => {
    await schedule?.stop();
    vi.useRealTimers();
  });
  afterAll(async () => {
    await db?.close();
  });

  async function advanceTo(iso: string) {
    await vi.advanceTimersByTimeAsync(new Date(iso).getTime() - Date.now());
    for (let i = 0; i < 20 && fired.length === 0 && Date.now() >= Date.parse('2026-01-14T02:00:00Z'); i++) {
      await realSleep(100);
      await vi.advanceTimersByTimeAsync(0);
    }
  }

  it('posts the digest of 13 January at 02:00 UTC on the 14th, once, and arms the next for the 15th', async () => {
    vi.useFakeTimers({
      now: new Date('2026-01-14T01:58:00Z'),
      toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'],
    });
    schedule = wireDigest({
      config,
      logger: createLogger({ level: 'silent' }),
      pool: db.pool,
      warehouse: db.pool,
      replica: 'cron',
      write: async (facts: SummaryFacts) => {
        if (facts.kind === 'incident') throw new Error('not a digest');
        fired.push({ at: new Date().toISOString(), label: facts.label });
        return writtenSummary(facts);
      },
    });
    schedule.start();
    expect(schedule.nextRuns()).toEqual({ daily: new Date('2026-01-14T02:00:00Z') });
    await advanceTo('2026-01-14T01:59:59Z');
    expect(fired).toEqual([]);
    await advanceTo('2026-01-14T02:00:00Z');
    expect(fired).toEqual([{ at: '2026-01-14T02:00:00.000Z', label: '2026-01-13' }]);
    expect(schedule.nextRuns()).toEqual({ daily: new Date('2026-01-15T02:00:00Z') });
    // The claim is marked done after the write returns and the digest is stored: wait for that, boundedly.
    const claims = () =>
      db.pool.query('SELECT kind, period_start, replica, digest_id IS NOT NULL AS done FROM digest_claims');
    let { rows } = await claims();
    for (let i = 0; i < 50 && !rows.every((r) => r.done); i++) {
      await realSleep(100);
      await vi.advanceTimersByTimeAsync(0);
      ({ rows } = await claims());
    }
    expect(rows).toEqual([
      { kind: 'daily', period_start: new Date('2026-01-12T17:00:00Z'), replica: 'cron', done: true },
    ]);
  }, 30_000);
});
