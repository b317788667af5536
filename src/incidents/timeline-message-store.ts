// Messages people put on an incident's timeline (incident_timeline_messages): the only SQL on that table.
// An entry stays while any mark holds it (a pin, someone's timeline-emoji reaction, a shortcut) and goes with the last.
import type pg from 'pg';
import type { TimelineMessage } from './incident-types.ts';

/** A message to put on an incident's timeline (`postedAt`: its ts as a time, timeOfSlackTs), and what marked it. */
export type NewTimelineMessage = Omit<TimelineMessage, 'marks'> & {
  /** `pin`, `reaction:<user>` or `shortcut:<user>`. */
  mark: string;
};

/** A message's place on a timeline, and the mark to take off it. */
export interface TimelineMark {
  incidentId: number;
  channelId: string;
  messageTs: string;
  mark: string;
}

/**
 * Adds a message to an incident's timeline, or a mark to one already there (the text is refreshed, its first
 * adder kept). `added` is true when the message was not on the timeline before.
 */
export async function addMessageToIncidentTimeline(
  pool: pg.Pool,
  entry: NewTimelineMessage,
): Promise<{ added: boolean }> {
  const { rows } = await pool.query<{ inserted: boolean }>(
    `INSERT INTO incident_timeline_messages AS m (incident_id, channel_id, message_ts, author, text, posted_at, added_by, marks, permalink)
     VALUES ($1, $2, $3, $4, $5, $6, $7, ARRAY[$8::text], $9)
     ON CONFLICT (incident_id, channel_id, message_ts) DO UPDATE
       SET text = EXCLUDED.text,
           permalink = COALESCE(EXCLUDED.permalink, m.permalink),
           marks = CASE WHEN $8::text = ANY(m.marks) THEN m.marks ELSE array_append(m.marks, $8::text) END
     RETURNING (xmax = 0) AS inserted`,
    [
      entry.incidentId,
      entry.channelId,
      entry.messageTs,
      entry.author,
      entry.text,
      entry.postedAt,
      entry.addedBy,
      entry.mark,
      entry.permalink ?? null,
    ],
  );
  return { added: rows[0]?.inserted === true };
}

/** Takes a mark off a message on a timeline; `removed` is true when that was its last mark and the entry went. */
export async function removeTimelineMark(pool: pg.Pool, mark: TimelineMark): Promise<{ removed: boolean }> {
  const { rows } = await pool.query<{ marks: string[] }>(
    `UPDATE incident_timeline_messages SET marks = array_remove(marks, $4::text)
      WHERE incident_id = $1 AND channel_id = $2 AND message_ts = $3 RETURNING marks`,
    [mark.incidentId, mark.channelId, mark.messageTs, mark.mark],
  );
  if (!rows[0] || rows[0].marks.length > 0) return { removed: false };
  const gone = await pool.query(
    `DELETE FROM incident_timeline_messages
      WHERE incident_id = $1 AND channel_id = $2 AND message_ts = $3 AND cardinality(marks) = 0`,
    [mark.incidentId, mark.channelId, mark.messageTs],
  );
  return { removed: (gone.rowCount ?? 0) > 0 };
}

/** The messages on an incident's timeline, oldest first (by when they were posted). */
export async function incidentTimelineMessages(pool: pg.Pool, incidentId: number): Promise<TimelineMessage[]> {
  const { rows } = await pool.query(
    `SELECT incident_id, channel_id, message_ts, author, text, posted_at, added_by, marks, permalink
       FROM incident_timeline_messages WHERE incident_id = $1 ORDER BY posted_at, id`,
    [incidentId],
  );
  return rows.map((r) => ({
    incidentId: Number(r.incident_id),
    channelId: r.channel_id as string,
    messageTs: r.message_ts as string,
    author: r.author as string,
    text: r.text as string,
    postedAt: r.posted_at as Date,
    addedBy: r.added_by as string,
    marks: r.marks as string[],
    ...(r.permalink ? { permalink: r.permalink as string } : {}),
  }));
}

/** The time a Slack message ts ("1700000000.000100", seconds since the epoch) stands for. */
export function timeOfSlackTs(ts: string): Date {
  return new Date(Math.round(Number(ts) * 1000));
}
