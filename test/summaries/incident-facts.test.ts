// Incident summary facts on a real database: an incident opened, acknowledged, assigned and resolved
// through the store, with its playbook runs, anomalies and actions.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../src/db/migrate.ts';
import { applyIncidentAction, insertIncident } from '../../src/incidents/incident-store.ts';
import { addAction } from '../../src/summaries/actions-store.ts';
import { buildIncidentFacts, describeEvent } from '../../src/summaries/build-incident-facts.ts';
import { incidentSummaryFactsSchema } from '../../src/summaries/digest-facts-schema.ts';
import { demoCatalog } from '../../src/metrics/load-catalog.ts';
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from '../helpers/test-database.ts';

const T = (iso: string) => new Date(iso);
const NOW = T('2026-11-25T12:00:00Z');

describe.each(testDatabaseKinds)('buildIncidentFacts on %s', (kind) => {
  let db: TestDatabase;
  let id: number;
  const deps = () => ({ pool: db.pool, catalog: demoCatalog(), timezone: 'Asia/Jakarta', now: NOW });

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    await migrate(db.pool);
    const { incident } = await insertIncident(db.pool, {
      dedupKey: 'refund_rate:city=jakarta',
      title: 'Refund rate, city=jakarta',
      severity: 2,
      metricId: 'refund_rate',
      slice: { city: 'jakarta' },
      openedBy: 'vigil',
      evidence: {
        metricId: 'refund_rate',
        bucket: '2026-11-25T01:00:00Z',
        observed: 0.09,
        expected: 0.03,
        unit: 'ratio',
        slice: { city: 'jakarta' },
        impact: '~310 refunds, USD 41k',
      },
    });
    id = incident.id;
    await db.pool.query("UPDATE incidents SET opened_at = '2026-11-25T01:00:00Z' WHERE id = $1", [id]);
    await db.pool.query("UPDATE incident_events SET at = '2026-11-25T01:00:00Z' WHERE incident_id = $1", [id]);
    await applyIncidentAction(db.pool, id, { kind: 'acknowledge' }, 'UACK', T('2026-11-25T01:12:00Z'));
    await applyIncidentAction(db.pool, id, { kind: 'assign', userId: 'UOWNER' }, 'UACK', T('2026-11-25T01:20:00Z'));
    await db.pool.query(
      "INSERT INTO playbook_runs (playbook_id, requested_by, incident_id, status, findings, started_at) VALUES ('refund-spike', 'UACK', $1, 'succeeded', $2, '2026-11-25T01:30:00Z'), ('refund-spike', 'UACK', $1, 'running', '[]', '2026-11-25T02:00:00Z')",
      [id, JSON.stringify(['41 merchants of one agency drive 80% of the excess'])],
    );
    await db.pool.query(
      "INSERT INTO anomalies (metric_id, slice_key, bucket, observed, expected, impact, incident_id) VALUES ('refund_rate', 'city=jakarta', '2026-11-25T01:00:00Z', 0.09, 0.03, 41000, $1)",
      [id],
    );
    await addAction(
      db.pool,
      {
        text: 'Suspend the agency cluster',
        createdBy: 'UACK',
        owner: 'URISK',
        dueAt: T('2026-11-26T00:00:00Z'),
        incidentId: id,
      },
      T('2026-11-25T02:00:00Z'),
    );
    await addAction(db.pool, { text: 'Unrelated', createdBy: 'UACK' }, T('2026-11-25T02:00:00Z'));
  }, 60_000);
  afterAll(async () => {
    await db?.close();
  });

  it('while open: the metric from the evidence, the timeline, the playbook finding as a hypothesis and the actions', async () => {
    const f = await buildIncidentFacts(deps(), id);
    expect(incidentSummaryFactsSchema.parse(f)).toEqual(f);
    expect(f).toMatchObject({
      kind: 'incident',
      generatedAt: NOW.toISOString(),
      timezone: 'Asia/Jakarta',
      resolutionNote: null,
    });
    expect(f.metric).toEqual({
      id: 'refund_rate',
      title: 'Refund rate',
      unit: 'ratio',
      observed: 0.09,
      expected: 0.03,
    });
    expect(f.incident).toMatchObject({
      id,
      severity: 2,
      status: 'acknowledged',
      owner: 'UOWNER',
      minutesToAcknowledge: 12,
      minutesToResolve: null,
      ageHours: 11,
      impact: '~310 refunds, USD 41k',
      impactValue: 41000,
      cause: { text: '41 merchants of one agency drive 80% of the excess', confirmed: false },
    });
    expect(f.timeline.map((e) => [e.kind, e.actor, e.detail])).toEqual([
      ['opened', 'vigil', 'severity: 2; metric: refund_rate'],
      ['acknowledged', 'UACK', 'open -> acknowledged'],
      ['assigned', 'UACK', 'owner: UOWNER'],
    ]);
    expect(f.timeline[1]!.at).toBe('2026-11-25T01:12:00.000Z');
    expect(f.playbookFindings).toEqual([
      {
        runId: expect.any(Number),
        playbookId: 'refund-spike',
        findings: ['41 merchants of one agency drive 80% of the excess'],
      },
    ]);
    expect(f.actions).toEqual([
      {
        id: expect.any(Number),
        incidentId: id,
        text: 'Suspend the agency cluster',
        owner: 'URISK',
        due: '2026-11-26T00:00:00.000Z',
        done: false,
      },
    ]);
  });

  it('a status update: the latest one and the next one due, and its text on the timeline; the cadence when none was promised', async () => {
    // SEV2's default cadence is 60 minutes: due an hour after the acknowledgement, long past at NOW.
    expect((await buildIncidentFacts(deps(), id)).incident).toMatchObject({
      nextUpdateAt: '2026-11-25T02:12:00.000Z',
      latestUpdate: null,
    });
    await applyIncidentAction(
      db.pool,
      id,
      { kind: 'post_update', text: '41 merchants suspended', nextUpdateAt: T('2026-11-25T13:00:00Z') },
      'UOWNER',
      T('2026-11-25T03:00:00Z'),
    );
    const f = await buildIncidentFacts({ ...deps(), updateCadence: { 2: 30 } }, id);
    expect(f.incident).toMatchObject({
      nextUpdateAt: '2026-11-25T13:00:00.000Z',
      latestUpdate: { at: '2026-11-25T03:00:00.000Z', text: '41 merchants suspended' },
    });
    expect(f.timeline.at(-1)).toMatchObject({
      kind: 'update',
      actor: 'UOWNER',
      detail: 'text: 41 merchants suspended',
    });
    await applyIncidentAction(
      db.pool,
      id,
      { kind: 'post_update', text: 'refunds going out', nextUpdateAt: null },
      'UOWNER',
      T('2026-11-25T03:30:00Z'),
    );
    const cadence = await buildIncidentFacts({ ...deps(), updateCadence: { 2: 30 } }, id);
    expect(cadence.incident).toMatchObject({
      nextUpdateAt: '2026-11-25T04:00:00.000Z',
      latestUpdate: { text: 'refunds going out' },
    });
  });

  it('once resolved: the note is the confirmed cause and the age stops at resolution', async () => {
    await applyIncidentAction(
      db.pool,
      id,
      { kind: 'resolve', note: 'Suspended the agency cluster' },
      'UOWNER',
      T('2026-11-25T04:00:00Z'),
    );
    const f = await buildIncidentFacts(deps(), id);
    expect(f.resolutionNote).toBe('Suspended the agency cluster');
    expect(f.incident).toMatchObject({
      status: 'resolved',
      minutesToResolve: 180,
      ageHours: 3,
      cause: { text: 'Suspended the agency cluster', confirmed: true },
      nextUpdateAt: null,
    });
    expect(f.timeline.at(-1)).toMatchObject({
      kind: 'resolved',
      actor: 'UOWNER',
      detail: 'acknowledged -> resolved; note: Suspended the agency cluster',
    });
  });

  it('an unknown incident is vigil_incident_not_found', async () => {
    await expect(buildIncidentFacts(deps(), 999_999)).rejects.toMatchObject({ code: 'vigil_incident_not_found' });
    await expect(buildIncidentFacts(deps(), 0)).rejects.toMatchObject({ code: 'vigil_incident_not_found' });
  });

  it('describes an event in a few words, cut at 200 characters', () => {
    const e = {
      at: NOW,
      actor: 'U',
      kind: 'resolved',
      fromStatus: 'open',
      toStatus: 'resolved',
      detail: { note: 'x'.repeat(300), time_to_resolve_s: 5 },
    };
    expect(describeEvent(e)).toHaveLength(200);
    expect(describeEvent({ ...e, fromStatus: null, toStatus: null, detail: {} })).toBe('');
  });
});
