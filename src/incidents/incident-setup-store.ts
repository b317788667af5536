// The Slack set-up state of incidents (pin, alerts notice, retry schedule) and the claims that keep replicas apart.
import type pg from 'pg';
import { rowToIncident } from './incident-rows.ts';
import type { Incident } from './incident-types.ts';

/** How far an incident's Slack set-up got, beside what Incident already says (channelId, cardTs). */
export interface IncidentSetup {
  cardPinned: boolean;
  noticeChannel: string | null;
  noticeTs: string | null;
  /** Set-up runs that ended unfinished so far. */
  attempts: number;
}

/** An incident row with its set-up state. */
export interface ClaimedSetup {
  incident: Incident;
  setup: IncidentSetup;
}

function claimedOf(row: Record<string, unknown>): ClaimedSetup {
  return {
    incident: rowToIncident(row),
    setup: {
      cardPinned: row.card_pinned === true,
      noticeChannel: (row.notice_channel as string | null) ?? null,
      noticeTs: (row.notice_ts as string | null) ?? null,
      attempts: Number(row.setup_attempts ?? 0),
    },
  };
}

// Unfinished (or never started: an incident inserted without Slack) and not held by anyone now.
const claimable = (now: string) => `status <> 'resolved' AND (setup_next_at IS NOT NULL OR channel_id IS NULL)
  AND (setup_claimed_until IS NULL OR setup_claimed_until <= ${now})`;

/** Claims one incident's unfinished set-up until `until` (a retried open); undefined when it is whole or someone holds it. */
export async function claimSetup(pool: pg.Pool, id: number, now: Date, until: Date): Promise<ClaimedSetup | undefined> {
  const { rows } = await pool.query(
    `UPDATE incidents SET setup_claimed_until = $3 WHERE id = $1 AND ${claimable('$2')} RETURNING *`,
    [id, now, until],
  );
  return rows[0] ? claimedOf(rows[0]) : undefined;
}

/** Claims up to `limit` set-ups due by `now` until `until`; SKIP LOCKED and the claim keep replicas apart. */
export async function claimDueSetups(pool: pg.Pool, now: Date, until: Date, limit: number): Promise<ClaimedSetup[]> {
  const { rows } = await pool.query(
    `UPDATE incidents SET setup_claimed_until = $2 WHERE id IN (
       SELECT id FROM incidents WHERE setup_next_at <= $1 AND ${claimable('$1')}
       ORDER BY setup_next_at LIMIT ${Math.floor(limit)} FOR UPDATE SKIP LOCKED)
     RETURNING *`,
    [now, until],
  );
  return rows.map(claimedOf);
}

/** Records set-up steps done (the pin, the alerts notice). */
export async function saveSetupSteps(
  pool: pg.Pool,
  id: number,
  steps: Partial<Pick<IncidentSetup, 'cardPinned' | 'noticeChannel' | 'noticeTs'>>,
): Promise<void> {
  if (steps.cardPinned !== undefined)
    await pool.query('UPDATE incidents SET card_pinned = $2 WHERE id = $1', [id, steps.cardPinned]);
  if (steps.noticeTs !== undefined)
    await pool.query('UPDATE incidents SET notice_channel = $2, notice_ts = $3 WHERE id = $1', [
      id,
      steps.noticeChannel,
      steps.noticeTs,
    ]);
}

/** Ends a claim: whole (nothing more to do), or the next try at `next` after one more unfinished run. */
export async function releaseSetup(pool: pg.Pool, id: number, next: Date | null): Promise<void> {
  if (next === null)
    await pool.query('UPDATE incidents SET setup_next_at = NULL, setup_claimed_until = NULL WHERE id = $1', [id]);
  else
    await pool.query(
      'UPDATE incidents SET setup_next_at = $2, setup_claimed_until = NULL, setup_attempts = setup_attempts + 1 WHERE id = $1',
      [id, next],
    );
}

/** Whether the incident's set-up is still to finish, and where its alerts notice is (undefined: no such incident). */
export async function readSetupNotice(
  pool: pg.Pool,
  id: number,
): Promise<{ unfinished: boolean; noticeChannel: string | null; noticeTs: string | null } | undefined> {
  const { rows } = await pool.query('SELECT setup_next_at, notice_channel, notice_ts FROM incidents WHERE id = $1', [
    id,
  ]);
  const row = rows[0];
  return row
    ? { unfinished: row.setup_next_at !== null, noticeChannel: row.notice_channel, noticeTs: row.notice_ts }
    : undefined;
}

/** The set-up state of an incident just inserted (nothing done yet). */
export const FRESH_SETUP: IncidentSetup = { cardPinned: false, noticeChannel: null, noticeTs: null, attempts: 0 };
