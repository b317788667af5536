// The actions store on a real database: add, complete, list by incident and by period.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../src/db/migrate.ts';
import { actionFact, addAction, completeAction, listActions } from '../../src/summaries/actions-store.ts';
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from '../helpers/test-database.ts';

const T = (iso: string) => new Date(iso);

describe.each(testDatabaseKinds)('actions store on %s', (kind) => {
  let db: TestDatabase;
  let incidentId: number;

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    await migrate(db.pool);
    const { rows } = await db.pool.query(
      "INSERT INTO incidents (title, severity, opened_by) VALUES ('Refund spike', 2, 'vigil') RETURNING id",
    );
    incidentId = Number(rows[0].id);
  }, 60_000);
  afterAll(async () => {
    await db?.close();
  });

  it('adds an action with an owner and a due date, trimmed', async () => {
    const a = await addAction(
      db.pool,
      { text: '  Suspend the cluster ', createdBy: 'U1', incidentId, owner: 'U2', dueAt: T('2026-11-27T10:00:00Z') },
      T('2026-11-25T08:00:00Z'),
    );
    expect(a).toMatchObject({ incidentId, text: 'Suspend the cluster', owner: 'U2', doneAt: null, createdBy: 'U1' });
    expect(actionFact(a)).toEqual({
      id: a.id,
      incidentId,
      text: 'Suspend the cluster',
      owner: 'U2',
      due: '2026-11-27T10:00:00.000Z',
      done: false,
    });
  });

  it('refuses a blank text and an unknown incident', async () => {
    await expect(addAction(db.pool, { text: '  ', createdBy: 'U1' })).rejects.toMatchObject({
      code: 'vigil_action_text_required',
    });
    await expect(addAction(db.pool, { text: 'x', createdBy: 'U1', incidentId: 999_999 })).rejects.toMatchObject({
      code: 'vigil_incident_not_found',
    });
  });

  it('completes an action once; unknown and already done are errors', async () => {
    const a = await addAction(db.pool, { text: 'Add agents', createdBy: 'U1' }, T('2026-11-25T09:00:00Z'));
    const done = await completeAction(db.pool, a.id, T('2026-11-25T12:00:00Z'));
    expect(done.doneAt?.toISOString()).toBe('2026-11-25T12:00:00.000Z');
    expect(actionFact(done).done).toBe(true);
    await expect(completeAction(db.pool, a.id)).rejects.toMatchObject({ code: 'vigil_action_already_done' });
    await expect(completeAction(db.pool, 999_999)).rejects.toMatchObject({ code: 'vigil_action_not_found' });
  });

  it('lists by incident, and by period: open ones and those done in it, open first by due date', async () => {
    await db.pool.query('DELETE FROM actions');
    const early = await addAction(
      db.pool,
      { text: 'done before the period', createdBy: 'U1' },
      T('2026-11-20T00:00:00Z'),
    );
    await completeAction(db.pool, early.id, T('2026-11-21T00:00:00Z'));
    const inPeriod = await addAction(
      db.pool,
      { text: 'done in the period', createdBy: 'U1', incidentId },
      T('2026-11-20T00:00:00Z'),
    );
    await completeAction(db.pool, inPeriod.id, T('2026-11-25T05:00:00Z'));
    const late = await addAction(
      db.pool,
      { text: 'open, due late', createdBy: 'U1', dueAt: T('2026-12-01T00:00:00Z') },
      T('2026-11-24T00:00:00Z'),
    );
    const soon = await addAction(
      db.pool,
      { text: 'open, due soon', createdBy: 'U1', dueAt: T('2026-11-26T00:00:00Z') },
      T('2026-11-24T00:00:00Z'),
    );
    await addAction(db.pool, { text: 'created after the period', createdBy: 'U1' }, T('2026-11-27T00:00:00Z'));
    const period = { start: T('2026-11-25T00:00:00Z'), end: T('2026-11-26T00:00:00Z') };
    expect((await listActions(db.pool, { period })).map((a) => a.id)).toEqual([soon.id, late.id, inPeriod.id]);
    expect((await listActions(db.pool, { incidentId })).map((a) => a.text)).toEqual(['done in the period']);
    expect(await listActions(db.pool)).toHaveLength(5);
  });

  it('keeps an action when its incident is deleted', async () => {
    const { rows } = await db.pool.query(
      "INSERT INTO incidents (title, severity, opened_by) VALUES ('Gone', 4, 'vigil') RETURNING id",
    );
    const a = await addAction(db.pool, { text: 'follow up', createdBy: 'U1', incidentId: Number(rows[0].id) });
    await db.pool.query('DELETE FROM incidents WHERE id = $1', [rows[0].id]);
    const after = (await listActions(db.pool)).find((x) => x.id === a.id);
    expect(after?.incidentId).toBeNull();
  });
});
