// The incident timer's columns of `incidents`: when the escalation policy looks next, the pages sent, the
// escalation channel post, and the overdue-update reminder.
import type pg from 'pg';
import { rowToIncident } from './incident-rows.ts';
import type { Incident } from './incident-types.ts';

/** An incident claimed for its escalation step, with what the policy has done so far. */
export interface DueEscalation {
  incident: Incident;
  pagesSent: number;
  lastPagedAt: Date | null;
  escalationPostedAt: Date | null;
}

/**
 * Claims up to `limit` unresolved incidents whose escalation is due by `now`, moving their due time to
 * `leaseUntil`: SKIP LOCKED keeps replicas apart now, the lease keeps them apart afterwards.
 */
export async function claimDueEscalations(
  pool: pg.Pool,
  now: Date,
  leaseUntil: Date,
  limit: number,
): Promise<DueEscalation[]> {
  const { rows } = await pool.query(
    `UPDATE incidents SET escalation_due_at = $2 WHERE id IN (
       SELECT id FROM incidents WHERE escalation_due_at <= $1 AND status <> 'resolved'
       ORDER BY escalation_due_at LIMIT ${Math.floor(limit)} FOR UPDATE SKIP LOCKED)
     RETURNING *`,
    [now, leaseUntil],
  );
  return rows.map((row) => ({
    incident: rowToIncident(row),
    pagesSent: Number(row.pages_sent),
    lastPagedAt: row.last_paged_at,
    escalationPostedAt: row.escalation_posted_at,
  }));
}

/** Sets when the escalation policy next looks at the incident (null: never). */
export async function setEscalationDue(pool: pg.Pool, id: number, due: Date | null): Promise<void> {
  await pool.query('UPDATE incidents SET escalation_due_at = $2 WHERE id = $1', [id, due]);
}

/** Starts the escalation policy over (a reopen): due at `due`, no pages sent, nothing posted. */
export async function restartEscalation(pool: pg.Pool, id: number, due: Date | null): Promise<void> {
  await pool.query(
    'UPDATE incidents SET escalation_due_at = $2, escalation_level = 0, pages_sent = 0, last_paged_at = NULL, escalation_posted_at = NULL WHERE id = $1',
    [id, due],
  );
}

/** Records page number `page` sent at `at`, and when the policy looks next. */
export async function recordPage(
  pool: pg.Pool,
  id: number,
  page: number,
  at: Date,
  nextDue: Date | null,
): Promise<void> {
  await pool.query('UPDATE incidents SET pages_sent = $2, last_paged_at = $3, escalation_due_at = $4 WHERE id = $1', [
    id,
    page,
    at,
    nextDue,
  ]);
}

/** Records the post in the escalation channel at `at`; the policy has nothing left to do. */
export async function markEscalationPosted(pool: pg.Pool, id: number, at: Date): Promise<void> {
  await pool.query('UPDATE incidents SET escalation_posted_at = $2, escalation_due_at = NULL WHERE id = $1', [id, at]);
}

/** Unresolved incidents with a channel whose overdue-update reminder is armed, oldest first. */
export async function remindableIncidents(pool: pg.Pool): Promise<Incident[]> {
  const { rows } = await pool.query(
    "SELECT * FROM incidents WHERE status <> 'resolved' AND channel_id IS NOT NULL AND update_reminded_at IS NULL ORDER BY id",
  );
  return rows.map(rowToIncident);
}

/** Claims the incident's overdue-update reminder at `now`; true for the one replica that gets it. */
export async function claimUpdateReminder(pool: pg.Pool, id: number, now: Date): Promise<boolean> {
  const claim = await pool.query(
    'UPDATE incidents SET update_reminded_at = $2 WHERE id = $1 AND update_reminded_at IS NULL RETURNING id',
    [id, now],
  );
  return claim.rowCount !== 0;
}

/** Arms the overdue-update reminder again (a new update, a resolve, or a reminder that could not be posted). */
export async function rearmUpdateReminder(pool: pg.Pool, id: number): Promise<void> {
  await pool.query('UPDATE incidents SET update_reminded_at = NULL WHERE id = $1', [id]);
}
