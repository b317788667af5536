// A playbook run for an incident: the card offers only playbooks that can run for its slice, the run uses the
// card's window and says so, and its conclusion becomes the card's likely cause through onConclusion.
import pino from 'pino';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.ts';
import { migrate } from '../../src/db/migrate.ts';
import { insertIncident } from '../../src/incidents/incident-store.ts';
import type { LikelyCause } from '../../src/incidents/incident-types.ts';
import { createPlaybookService } from '../../src/playbooks/create-playbook-service.ts';
import { loadPlaybooks } from '../../src/playbooks/load-playbooks.ts';
import type { IncidentContext } from '../../src/playbooks/playbook-service-types.ts';
import { cannotRunReason } from '../../src/playbooks/runnable-for-incident.ts';
import { openDemoDatabase, type DemoTestDatabase } from '../helpers/demo-template.ts';
import { testDatabaseKinds } from '../helpers/test-database.ts';

const config = loadConfig({ VIGIL_CONFIG: fileURLToPath(new URL('../../vigil.yml', import.meta.url)) });
const context = (slice: Record<string, string>, metricId = 'cs_first_response_sla'): IncidentContext => {
  const windowStart = new Date('2026-11-19T00:00:00Z');
  const windowEnd = new Date('2026-11-19T01:00:00Z');
  return { incidentId: 7, metricId, slice, windowStart, windowEnd, card: { windowStart, windowEnd, grain: 'hour' } };
};

describe('which playbooks the card offers', () => {
  it('leaves out metric-drilldown when the slice fixes every dimension of the metric', () => {
    const drill = loadPlaybooks().playbooks.find((p) => p.id === 'metric-drilldown')!;
    const metrics = new Map([['cs_first_response_sla', ['vendor', 'language']]]);
    const values = (slice: Record<string, string>) => ({ metric: 'cs_first_response_sla', slice });
    expect(cannotRunReason(drill, values({ vendor: 'vendor-b', language: 'id' }), metrics)).toMatch(
      /no dimension left to drill into inside vendor x language/,
    );
    expect(cannotRunReason(drill, values({ vendor: 'vendor-b' }), metrics)).toBeNull();
    expect(cannotRunReason(drill, { metric: null, slice: null }, metrics)).toMatch(/needs a metric/);
  });
});

describe.each(testDatabaseKinds)('a playbook run for an incident on %s', (kind) => {
  let db: DemoTestDatabase;
  const causes: [number, LikelyCause][] = [];
  let service: ReturnType<typeof createPlaybookService>;

  beforeAll(async () => {
    db = await openDemoDatabase(kind);
    await migrate(db.pool);
    service = createPlaybookService({
      pool: db.pool,
      warehouse: db.pool,
      config,
      logger: pino({ level: 'silent' }),
      clock: () => new Date('2026-11-26T00:00:00Z'),
      onConclusion: async (id, cause) => {
        causes.push([id, cause]);
      },
    });
  }, 300_000);
  afterAll(async () => {
    await db?.close();
  });

  it('offers only the playbooks that can run for the slice', () => {
    expect(service.suggestFor('cs_first_response_sla')).toContain('metric-drilldown');
    const both = service.runnableFor(context({ vendor: 'vendor-b', language: 'id' }));
    expect(both).toContain('cs-sla-breach');
    expect(both).not.toContain('metric-drilldown');
    expect(service.runnableFor(context({ vendor: 'vendor-b' }))).toContain('metric-drilldown');
  });

  it("runs on the card's window, says so, and hands its conclusion to the incident", async () => {
    const breach = db.seeded.incidents.find((i) => i.kind === 'cs_sla_breach')!;
    const windowStart = new Date(breach.start);
    const windowEnd = new Date(breach.end);
    const { incident: row } = await insertIncident(db.pool, {
      dedupKey: 'pb-conclusion',
      title: 'SLA breach',
      severity: 2,
      openedBy: 'U0OPENER',
    });
    const incident: IncidentContext = {
      incidentId: row.id,
      metricId: breach.metric,
      slice: breach.slice,
      // The Slack side may stretch the run's window to the last anomalous bucket; the card's window wins.
      windowStart,
      windowEnd: new Date(windowEnd.getTime() + 6 * 3_600_000),
      card: { windowStart, windowEnd, grain: 'hour' },
    };
    const outcome = await service.run('cs-sla-breach', {}, { requestedBy: 'U1', incident, charts: false });
    if (!outcome.ok) throw new Error(outcome.message);
    expect(outcome.result.params.from).toBe(windowStart.toISOString());
    expect(outcome.result.params.to).toBe(windowEnd.toISOString());
    expect(outcome.result.windowSource).toEqual({
      incidentId: row.id,
      windowStart: windowStart.toISOString(),
      windowEnd: windowEnd.toISOString(),
    });
    expect(causes).toHaveLength(1);
    const [id, cause] = causes[0]!;
    expect(id).toBe(row.id);
    expect(cause).toMatchObject({
      source: 'playbook',
      playbook: 'cs-sla-breach',
      elements: { vendor: breach.slice.vendor },
    });
    expect(cause.text).toBe(outcome.result.conclusion!.text);
    // A stored run keeps its conclusion, and the card it took its window from (a repost still says so).
    const stored = await service.readRun(outcome.runId!);
    expect(stored?.result.conclusion?.text).toBe(cause.text);
    expect(stored?.result.windowSource).toEqual(outcome.result.windowSource);
    // A dry run or a run without an incident changes no card.
    await service.run('cs-sla-breach', {}, { requestedBy: 'U1', incident, dryRun: true });
    await service.run('cs-sla-breach', { from: breach.start, to: breach.end }, { requestedBy: 'U1', charts: false });
    expect(causes).toHaveLength(1);
  }, 120_000);
});
