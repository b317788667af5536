// The people's timeline of an incident with its audit trail: a message put on (a pin, the timeline emoji, the
// "Add to incident timeline" shortcut) or taken off, each recorded in the audit log when it changes the timeline.
import type pg from 'pg';
import { audit } from './incident-store.ts';
import {
  addMessageToIncidentTimeline,
  removeTimelineMark,
  type NewTimelineMessage,
  type TimelineMark,
} from './timeline-message-store.ts';

/** Puts a message on an incident's timeline, or adds `entry.mark` to it when it is there already; audited when new. */
export async function addAuditedTimelineMessage(pool: pg.Pool, entry: NewTimelineMessage): Promise<{ added: boolean }> {
  const result = await addMessageToIncidentTimeline(pool, entry);
  if (result.added)
    await audit(pool, entry.addedBy, 'incident.timeline_add', `incident:${entry.incidentId}`, {
      channel: entry.channelId,
      ts: entry.messageTs,
      mark: entry.mark,
    });
  return result;
}

/** Takes a mark off a message on the timeline (the entry goes with its last mark); audited when it changed anything. */
export async function removeAuditedTimelineMark(
  pool: pg.Pool,
  mark: TimelineMark,
  actor: string,
): Promise<{ removed: boolean }> {
  const result = await removeTimelineMark(pool, mark);
  if (result.removed)
    await audit(pool, actor, 'incident.timeline_remove', `incident:${mark.incidentId}`, {
      channel: mark.channelId,
      ts: mark.messageTs,
      mark: mark.mark,
    });
  return result;
}
