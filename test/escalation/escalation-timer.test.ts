import nock from 'nock';
import pg from 'pg';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config/load-config.ts';
import { migrate } from '../../src/db/migrate.ts';
import { startEscalationTimer } from '../../src/escalation/escalation-timer.ts';
import type { EscalationDeps } from '../../src/escalation/run-escalations.ts';
import { insertIncident } from '../../src/incidents/incident-store.ts';
import { createLogger } from '../../src/logging/create-logger.ts';
import { createSlackClient } from '../../src/slack/build-slack-app.ts';
import { testConfig } from '../helpers/command-context.ts';
import { eventually } from '../helpers/slack-http.ts';
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from '../helpers/test-database.ts';

const T0 = new Date('2026-01-14T04:00:00Z');
const NOW = new Date(T0.getTime() + 10 * 60_000); // the first page of an incident opened at T0 is due
const YML = `oncall:
  rotation:
    start: "2026-01-05T09:00"
    primary: [U0ANNA, U0BUDI]
    secondary: [U0SARI]
escalation:
  ack_timeout_minutes: 10
  repeat_every_minutes: 10
  max_pages: 2
`;

describe.each(testDatabaseKinds)('startEscalationTimer on %s', (kind) => {
  let db: TestDatabase;
  let config: Config;
  let runs: number;
  let logs: Array<{ msg: string; steps?: unknown[]; step?: string; incidents?: number[] }>;
  const posts: string[] = [];

  /** Deps whose clock counts runs: runDueEscalations reads it exactly once, as it starts. */
  function deps(pool: pg.Pool = db.pool): EscalationDeps {
    const logger = createLogger({
      level: 'info',
      pretty: false,
      destination: { write: (line: string) => logs.push(JSON.parse(line)) },
    });
    return { pool, client: createSlackClient(config, logger), logger, config, clock: () => (runs++, NOW) };
  }

  /** chat.postMessage is recorded as it arrives and answered once `held` settles (at once without it), like a slow Slack. */
  function fakeSlack(held: Promise<void> = Promise.resolve()) {
    nock('https://slack.com')
      .persist()
      .post('/api/chat.postMessage')
      .reply((_uri, body, answer) => {
        posts.push(String(new URLSearchParams(body as string).get('channel')));
        void held.then(() => answer(null, [200, { ok: true, ts: '1768363200.000100' }]));
      });
  }

  /** A Slack answer held until the test releases it: a run stays in progress for as long as the test needs. */
  function heldAnswer(): { held: Promise<void>; release: () => void } {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    return { held, release };
  }

  async function dueIncident(): Promise<number> {
    const { incident } = await insertIncident(db.pool, {
      dedupKey: 'due',
      title: 'Refund spike',
      severity: 2,
      openedBy: 'U0OPENER',
    });
    await db.pool.query(
      "UPDATE incidents SET opened_at = $2, escalation_due_at = $3, channel_id = 'C0INC1' WHERE id = $1",
      [incident.id, T0, NOW],
    );
    return incident.id;
  }
  const pagesSent = async (id: number) =>
    (await db.pool.query('SELECT pages_sent FROM incidents WHERE id = $1', [id])).rows[0].pages_sent;

  beforeAll(async () => {
    nock.disableNetConnect();
    nock.enableNetConnect(/127\.0\.0\.1/);
    config = testConfig(YML);
    db = await openTestDatabase(kind);
    await migrate(db.pool);
  });
  beforeEach(async () => {
    runs = 0;
    logs = [];
    await db.pool.query('TRUNCATE incidents CASCADE');
  });
  afterEach(() => {
    nock.cleanAll();
    posts.length = 0;
  });
  afterAll(async () => {
    await db?.close();
    nock.enableNetConnect();
  });

  it('runs once immediately, without waiting for the first interval', async () => {
    fakeSlack();
    const id = await dueIncident();
    const stop = startEscalationTimer(deps(), 60_000);
    expect(runs).toBe(1);
    await stop();
    expect(runs).toBe(1);
    expect(posts).toEqual(['U0SARI', 'C0INC1']);
    expect(await pagesSent(id)).toBe(1);
    expect(logs.find((l) => l.msg === 'escalation steps taken')?.steps).toEqual([
      { incidentId: id, step: 'page_secondary' },
    ]);
  });

  it("repairs unfinished set-ups after the escalations, at the run's instant; a failed repair is logged and the next run goes on", async () => {
    fakeSlack();
    const id = await dueIncident();
    const seen: Date[] = [];
    let calls = 0;
    const repair = async (now: Date) => {
      seen.push(now);
      // The page went out before the repair began.
      expect(posts).toEqual(['U0SARI', 'C0INC1']);
      if (++calls === 1) throw new Error('database gone');
      return [id];
    };
    const stop = startEscalationTimer(deps(), 20, repair);
    try {
      await eventually(
        () => logs.some((l) => l.msg === 'incident set-ups repaired'),
        10_000,
        'a repair run after the failed one',
      );
    } finally {
      await stop();
    }
    expect(seen[0]).toEqual(NOW);
    expect(logs.find((l) => l.msg === 'escalation timer run failed')).toMatchObject({ step: 'incident set-up repair' });
    expect(logs.find((l) => l.msg === 'incident set-ups repaired')).toMatchObject({ incidents: [id] });
  });

  it('never overlaps runs: ticks during a slow run are skipped, and the timer goes on after it', async () => {
    const slack = heldAnswer();
    fakeSlack(slack.held);
    const id = await dueIncident();
    const stop = startEscalationTimer(deps(), 20);
    try {
      await eventually(() => posts.length === 1, 10_000, 'the DM to reach Slack');
      // However long the machine takes, Slack has not answered the DM: every tick meanwhile must be skipped.
      await sleep(200);
      expect(runs).toBe(1);
      expect(posts).toEqual(['U0SARI']);
      slack.release();
      await eventually(() => posts.length === 2, 10_000, 'the slow run to post');
      await eventually(() => runs >= 3, 5_000, 'later runs');
    } finally {
      await stop();
    }
    // The later runs found nothing due: one page, one DM.
    expect(posts.filter((c) => c === 'U0SARI')).toHaveLength(1);
    expect(await pagesSent(id)).toBe(1);
  });

  it('stop waits for the run in progress, and no run starts after it', async () => {
    const slack = heldAnswer();
    fakeSlack(slack.held);
    const id = await dueIncident();
    const stop = startEscalationTimer(deps(), 20);
    await eventually(() => posts.length === 1, 10_000, 'the DM to reach Slack');
    expect(posts).toEqual(['U0SARI']); // the DM is waiting for Slack's answer
    let stopped = false;
    const stopping = stop().then(() => (stopped = true));
    await sleep(50);
    expect(stopped).toBe(false);
    slack.release();
    await stopping;
    // The run that was waiting on Slack finished before stop resolved.
    expect(posts).toEqual(['U0SARI', 'C0INC1']);
    expect(await pagesSent(id)).toBe(1);
    expect(logs.map((l) => l.msg)).toContain('escalation steps taken');
    const after = runs;
    await sleep(100);
    expect(runs).toBe(after);
  });

  it('logs a failed run and keeps ticking', async () => {
    // A real pool to a port nobody listens on: every run's claim query fails.
    const dead = new pg.Pool({ connectionString: 'postgres://vigil@127.0.0.1:1/none', connectionTimeoutMillis: 1_000 });
    const stop = startEscalationTimer(deps(dead), 20);
    try {
      await eventually(() => runs >= 3, 5_000, 'three runs');
    } finally {
      await stop();
      await dead.end();
    }
    expect(logs.filter((l) => l.msg === 'escalation timer run failed').length).toBeGreaterThanOrEqual(2);
  });
});
