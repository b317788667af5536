// findLikelyCause on a seeded demo warehouse: at a planted incident's bucket, from the whole market, it names the
// injected slice (the vendor, the POS) with the metric's own SQL summed per cell.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InjectedIncident } from '../../src/demo/incident-types.ts';
import { demoCatalog } from '../../src/metrics/load-catalog.ts';
import { bucketStart } from '../../src/metrics/grain.ts';
import { findLikelyCause } from '../../src/watch/find-likely-cause.ts';
import { openDemoDatabase, type DemoTestDatabase } from '../helpers/demo-template.ts';
import { testDatabaseKinds } from '../helpers/test-database.ts';

const TIMEZONE = 'Asia/Singapore';
const catalog = demoCatalog();

describe.each(testDatabaseKinds)('findLikelyCause on a seeded demo warehouse on %s', (kind) => {
  let db: DemoTestDatabase;
  let incidents: InjectedIncident[];

  beforeAll(async () => {
    db = await openDemoDatabase(kind);
    incidents = db.seeded.incidents;
  }, 120_000);
  afterAll(async () => {
    await db?.close();
  });

  it.each(['cs_sla_breach', 'redemption_failure'])('names the injected slice of a %s', async (incidentKind) => {
    const label = incidents.find((i) => i.kind === incidentKind && catalog.some((m) => m.id === i.metric));
    expect(label, `the demo plants a ${incidentKind}`).toBeDefined();
    const metric = catalog.find((m) => m.id === label!.metric)!;
    const middle = (Date.parse(label!.start) + Date.parse(label!.end)) / 2;
    const cause = await findLikelyCause(db.pool, metric, {}, bucketStart(middle, metric.grain, TIMEZONE), TIMEZONE);
    expect(cause?.source).toBe('drill-down');
    for (const [k, v] of Object.entries(label!.slice).filter(([k]) => k === 'vendor' || k === 'pos_integration'))
      expect(cause?.elements[k], cause?.text).toBe(v);
    expect(cause?.text).toMatch(/^Likely cause: .* — .* vs .* expected, \d+% of the (shortfall|rise)\./);
  });

  it('names the slice itself, with its reading, when the slice leaves no dimension to drill', async () => {
    const metric = catalog.find((m) => m.id === 'cs_first_response_sla')!;
    const label = incidents.find((i) => i.metric === metric.id) ?? incidents[0]!;
    const everything = { vendor: 'vendor-a', language: 'en' };
    const at = bucketStart(Date.parse(label.start), metric.grain, TIMEZONE);
    const cause = await findLikelyCause(db.pool, metric, everything, at, TIMEZONE);
    expect(cause).toMatchObject({ elements: everything, source: 'drill-down' });
    expect(cause!.text).toMatch(
      /^Confined to vendor-a · language en — [\d.]+% vs [\d.]+% expected; the metric breaks down no further\.$/,
    );
  });
});
