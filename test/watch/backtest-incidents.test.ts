// The live path and `backtest --incidents` held to the same incidents on a seeded demo warehouse: the
// scheduler's tick (runDueBuckets, a stepped clock, direct warehouse reads) with a responder who resolves when
// vigil posts its recovery note, against backtestIncidents (its own ticks, prefetched rows) on another state database.
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../src/db/migrate.ts';
import { IncidentService } from '../../src/incidents/incident-service.ts';
import { silentNotifier } from '../../src/incidents/incident-notifier.ts';
import { listIncidents } from '../../src/incidents/incident-store.ts';
import { scheduleSchema } from '../../src/config/schedule-schema.ts';
import { demoCatalog } from '../../src/metrics/load-catalog.ts';
import { runDueBuckets, type TickDeps } from '../../src/scheduler/run-due-buckets.ts';
import { backtestIncidents, describeIncident } from '../../src/watch/backtest-incidents.ts';
import { createEvaluator } from '../../src/watch/create-evaluator.ts';
import { readLabels } from '../../src/watch/run-backtest.ts';
import type { LabelledIncident } from '../../src/watch/score-backtest.ts';
import { DEMO_TEMPLATE, openDemoDatabase } from '../helpers/demo-template.ts';
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from '../helpers/test-database.ts';

const TZ = 'Asia/Singapore';
const HOUR = 3_600_000;
const logger = pino({ level: 'silent' });
const catalog = demoCatalog();
const hourly = new Set(catalog.filter((m) => m.grain === 'hour').map((m) => m.id));

// The newest planted incident of an hourly metric with an hourly related metric (so "also moving" can happen),
// ending a day before the data does; else the newest of any hourly metric.
function plantedIncident(labels: readonly LabelledIncident[]): LabelledIncident {
  const end = DEMO_TEMPLATE.end.getTime();
  const fits = labels
    .filter((l) => hourly.has(l.metric) && Date.parse(l.end) <= end - 24 * HOUR)
    .sort((a, b) => Date.parse(b.start) - Date.parse(a.start));
  const related = (l: LabelledIncident) => catalog.find((m) => m.id === l.metric)!.related.some((r) => hourly.has(r));
  return fits.find(related) ?? fits[0]!;
}

const compared = (i: ReturnType<typeof describeIncident>) => ({
  metric: i.metric,
  slices: i.slices,
  opened_at: i.opened_at,
  resolved_at: i.resolved_at,
  severity: i.severity,
});

describe.each(testDatabaseKinds)('backtest --incidents against the live path on %s', (kind) => {
  let demo: TestDatabase;
  let live: TestDatabase;
  let replay: TestDatabase;
  beforeAll(async () => {
    [demo, live, replay] = await Promise.all([openDemoDatabase(kind), openTestDatabase(kind), openTestDatabase(kind)]);
    await Promise.all([migrate(live.pool), migrate(replay.pool)]);
  }, 300_000);
  afterAll(async () => {
    await Promise.all([demo?.close(), live?.close(), replay?.close()]);
  });

  it('opens, updates and resolves the same incidents over the days around a planted incident', async () => {
    const label = plantedIncident((await readLabels(demo.pool))!);
    expect(label, 'the demo plants an incident of an hourly metric').toBeDefined();
    // The label's metric and the hourly metrics related to it (an "also moving" candidate), from 6 h before to 30 h after.
    const own = catalog.find((m) => m.id === label.metric)!;
    const metrics = catalog.filter((m) => m.id === own.id || (own.related.includes(m.id) && hourly.has(m.id)));
    const first = Math.floor(Date.parse(label.start) / HOUR) * HOUR - 6 * HOUR;
    const last = Math.min(Math.ceil(Date.parse(label.end) / HOUR) * HOUR + 30 * HOUR, DEMO_TEMPLATE.end.getTime());

    // Live: the scheduler's tick at each hour, Slack off, and a responder who resolves on the recovery note.
    let now = new Date(first);
    const noted: number[] = [];
    const openedAt = new Map<number, Date>();
    const incidents = new IncidentService({
      pool: live.pool,
      logger,
      timezone: TZ,
      clock: () => now,
      notifier: {
        ...silentNotifier,
        say: async (incident, text) => {
          if (text.includes('back within its expected band')) noted.push(incident.id);
        },
      },
    });
    const evaluate = createEvaluator({
      pool: live.pool,
      warehouse: demo.pool,
      logger,
      timezone: TZ,
      catalog: metrics,
      incidents,
      notify: async () => {},
    });
    const tick: TickDeps = {
      pool: live.pool,
      logger,
      timezone: TZ,
      evaluate,
      clock: () => now,
      replica: 'test',
      settings: scheduleSchema.parse({ delay_seconds: 0 }),
    };
    for (let t = first; t <= last; t += HOUR) {
      now = new Date(t);
      const report = await runDueBuckets(tick, 'hour');
      expect(report.error).toBeUndefined();
      expect(report.runs.map((r) => [r.at.toISOString(), r.status, r.errors])).toEqual([
        [now.toISOString(), 'succeeded', []],
      ]);
      // The store stamps opened_at with the database's clock: the simulated one is the tick that opened it.
      for (const i of await listIncidents(live.pool, 'all', 'test', 1000))
        if (!openedAt.has(i.id)) openedAt.set(i.id, now);
      for (const id of noted.splice(0)) await incidents.act(id, { kind: 'resolve', note: 'recovered' }, 'responder');
    }
    const liveIncidents = (await listIncidents(live.pool, 'all', 'test', 1000))
      .map((i) => ({ ...i, openedAt: openedAt.get(i.id)! }))
      .sort((a, b) => a.openedAt.getTime() - b.openedAt.getTime() || a.id - b.id)
      .map(describeIncident);

    const result = await backtestIncidents(
      { pool: replay.pool, warehouse: demo.pool, logger, timezone: TZ, metrics },
      new Date(first - HOUR),
      new Date(last),
    );
    expect(result.ticks).toBe((last - first) / HOUR + 1);
    expect(result.errors).toEqual([]);
    expect(liveIncidents.length, 'the planted incident opens at least one incident').toBeGreaterThan(0);
    expect(liveIncidents.some((i) => i.metric === label.metric)).toBe(true);
    expect(result.incidents.map(compared)).toEqual(liveIncidents.map(compared));
    expect(result.incidents.map((i) => i.related_metrics)).toEqual(liveIncidents.map((i) => i.related_metrics));
  }, 600_000);
});
