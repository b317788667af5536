// The messages people put on an incident's timeline, on a real database: one entry per message however many marks
// hold it, gone with its last mark, ordered by when the message was posted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../src/db/migrate.ts';
import { insertIncident } from '../../src/incidents/incident-store.ts';
import {
  addMessageToIncidentTimeline,
  incidentTimelineMessages,
  removeTimelineMark,
  timeOfSlackTs,
} from '../../src/incidents/timeline-message-store.ts';
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from '../helpers/test-database.ts';

describe.each(testDatabaseKinds)('the timeline message store on %s', (kind) => {
  let db: TestDatabase;
  let incidentId: number;
  beforeAll(async () => {
    db = await openTestDatabase(kind);
    await migrate(db.pool);
    ({
      incident: { id: incidentId },
    } = await insertIncident(db.pool, { dedupKey: 'store', title: 'Refund spike', severity: 2, openedBy: 'U0OPENER' }));
  });
  afterAll(async () => db?.close());

  const entry = (ts: string, mark: string, text = 'refunds paused') => ({
    incidentId,
    channelId: 'C0INC',
    messageTs: ts,
    author: 'U0CAROL',
    text,
    postedAt: timeOfSlackTs(ts),
    addedBy: mark.split(':')[1] ?? 'U0PINNER',
    mark,
  });
  const where = (ts: string, mark: string) => ({ incidentId, channelId: 'C0INC', messageTs: ts, mark });

  it('adds a message once, keeps each mark, and removes the entry only with its last mark', async () => {
    expect(await addMessageToIncidentTimeline(db.pool, entry('1767225600.000200', 'reaction:U0BOB'))).toEqual({
      added: true,
    });
    expect(await addMessageToIncidentTimeline(db.pool, entry('1767225600.000200', 'pin', 'edited text'))).toEqual({
      added: false,
    });
    // The same mark twice (a retried event) is kept once.
    await addMessageToIncidentTimeline(db.pool, entry('1767225600.000200', 'pin'));
    const [one] = await incidentTimelineMessages(db.pool, incidentId);
    expect(one).toMatchObject({ text: 'refunds paused', addedBy: 'U0BOB', marks: ['reaction:U0BOB', 'pin'] });
    expect(one!.postedAt.toISOString()).toBe('2026-01-01T00:00:00.000Z');

    expect(await removeTimelineMark(db.pool, where('1767225600.000200', 'reaction:U0BOB'))).toEqual({ removed: false });
    expect(await removeTimelineMark(db.pool, where('1767225600.000200', 'reaction:U0OTHER'))).toEqual({
      removed: false,
    });
    expect(await incidentTimelineMessages(db.pool, incidentId)).toHaveLength(1);
    expect(await removeTimelineMark(db.pool, where('1767225600.000200', 'pin'))).toEqual({ removed: true });
    expect(await incidentTimelineMessages(db.pool, incidentId)).toEqual([]);
    expect(await removeTimelineMark(db.pool, where('1767225600.000200', 'pin'))).toEqual({ removed: false });
  });

  it('lists the messages by when they were posted, not when they were marked', async () => {
    await addMessageToIncidentTimeline(db.pool, entry('1767229200.000100', 'pin', 'later'));
    await addMessageToIncidentTimeline(db.pool, entry('1767225600.000100', 'shortcut:U0BOB', 'earlier'));
    expect((await incidentTimelineMessages(db.pool, incidentId)).map((m) => m.text)).toEqual(['earlier', 'later']);
  });
});
