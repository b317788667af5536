// Incidents in PostgreSQL: idempotent creation, transitions under a row lock, the lists and counts read elsewhere,
// the timeline (incident_events) and the audit log (audit_log). The other columns of `incidents` have their own
// stores beside this one: the Slack set-up, the escalation timer and the detector's.
import { sliceKey } from '../metrics/slice-key.ts';
import type pg from 'pg';
import { VigilError } from '../errors.ts';
import { applyAction } from './incident-state.ts';
import { rowToIncident, updateSet } from './incident-rows.ts';
import type { Incident, IncidentAction, IncidentEvent, IncidentEvidence, Severity } from './incident-types.ts';

/** What opening an incident needs. */
export interface NewIncident {
  /** Unique per source (a slash command's trigger, a detector's metric+slice+window): retries reuse it. */
  dedupKey: string;
  title: string;
  severity: Severity;
  metricId?: string;
  slice?: Record<string, string>;
  evidence?: IncidentEvidence;
  openedBy: string;
  teamId?: string;
  escalationDueAt?: Date;
  /** The opener holds the Slack set-up until then; once it lapses unfinished, the incident timer resumes it. */
  setupClaimedUntil?: Date;
}

/** Inserts the incident unless one with the same dedup key exists; says which happened. */
export async function insertIncident(
  pool: pg.Pool,
  input: NewIncident,
): Promise<{ incident: Incident; created: boolean }> {
  const inserted = await pool.query(
    `INSERT INTO incidents (dedup_key, title, severity, metric_id, slice, evidence, opened_by, team_id, escalation_due_at, slice_key,
       setup_next_at, setup_claimed_until)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11)
     ON CONFLICT (dedup_key) DO NOTHING RETURNING *`,
    [
      input.dedupKey,
      input.title,
      input.severity,
      input.metricId ?? null,
      JSON.stringify(input.slice ?? {}),
      input.evidence ? JSON.stringify(input.evidence) : null,
      input.openedBy,
      input.teamId ?? null,
      input.escalationDueAt ?? null,
      sliceKey(input.slice ?? {}),
      input.setupClaimedUntil ?? null,
    ],
  );
  if (inserted.rows[0]) {
    const incident = rowToIncident(inserted.rows[0]);
    await pool.query(
      `INSERT INTO incident_events (incident_id, actor, kind, to_status, detail) VALUES ($1, $2, 'opened', 'open', $3)`,
      [
        incident.id,
        input.openedBy,
        JSON.stringify({ severity: input.severity, title: input.title, metric: input.metricId ?? null }),
      ],
    );
    await audit(pool, input.openedBy, 'incident.open', `incident:${incident.id}`, { dedupKey: input.dedupKey });
    return { incident, created: true };
  }
  const existing = await pool.query('SELECT * FROM incidents WHERE dedup_key = $1', [input.dedupKey]);
  return { incident: rowToIncident(existing.rows[0]), created: false };
}

/** The incident with this id, or a VigilError saying how to find one. */
export async function getIncident(pool: pg.Pool, id: number): Promise<Incident> {
  const { rows } = await pool.query('SELECT * FROM incidents WHERE id = $1', [id]);
  if (!rows[0])
    throw new VigilError(
      'vigil_incident_not_found',
      `There is no incident #${id}.`,
      'List incidents with `/incident list all`.',
    );
  return rowToIncident(rows[0]);
}

/** The incident whose channel this is, if any. */
export async function findIncidentByChannel(pool: pg.Pool, channelId: string): Promise<Incident | undefined> {
  const { rows } = await pool.query('SELECT * FROM incidents WHERE channel_id = $1', [channelId]);
  return rows[0] ? rowToIncident(rows[0]) : undefined;
}

/** An unresolved incident with this title (case and spacing aside) opened in the last `minutes`: a retyped `/incident new`. */
export async function findRecentTwin(pool: pg.Pool, title: string, minutes: number): Promise<Incident | undefined> {
  const { rows } = await pool.query(
    `SELECT * FROM incidents
      WHERE status <> 'resolved'
        AND lower(regexp_replace(btrim(title), '\\s+', ' ', 'g')) = lower(regexp_replace(btrim($1), '\\s+', ' ', 'g'))
        AND opened_at > now() - make_interval(mins => $2)
      ORDER BY id DESC LIMIT 1`,
    [title, minutes],
  );
  return rows[0] ? rowToIncident(rows[0]) : undefined;
}

/** Whether a person (not vigil) has changed the incident's severity: vigil then leaves it as they set it. */
export async function severitySetByPerson(pool: pg.Pool, incidentId: number): Promise<boolean> {
  const { rowCount } = await pool.query(
    "SELECT 1 FROM incident_events WHERE incident_id = $1 AND kind = 'severity_changed' AND actor <> 'vigil' LIMIT 1",
    [incidentId],
  );
  return (rowCount ?? 0) > 0;
}

/** Incidents for `/incident list`: open ones, the user's own open ones, or the latest of all. */
export async function listIncidents(
  pool: pg.Pool,
  filter: 'open' | 'mine' | 'all',
  userId: string,
  limit = 100,
): Promise<Incident[]> {
  const where =
    filter === 'all'
      ? 'TRUE'
      : filter === 'mine'
        ? "status <> 'resolved' AND (owner_user_id = $2 OR opened_by = $2 OR acknowledged_by = $2)"
        : "status <> 'resolved'";
  const values: unknown[] = [limit];
  if (filter === 'mine') values.push(userId);
  const { rows } = await pool.query(
    `SELECT * FROM incidents WHERE ${where} ORDER BY opened_at DESC, id DESC LIMIT $1`,
    values,
  );
  return rows.map(rowToIncident);
}

/** Incidents opened before `end` that were opened, acknowledged or resolved in [start, end) or still open at its start. */
export async function listPeriodIncidents(pool: pg.Pool, start: Date, end: Date): Promise<Incident[]> {
  const { rows } = await pool.query(
    `SELECT * FROM incidents
      WHERE opened_at < $2 AND (opened_at >= $1 OR resolved_at IS NULL OR resolved_at >= $1 OR acknowledged_at >= $1)
      ORDER BY severity, opened_at, id`,
    [start, end],
  );
  return rows.map(rowToIncident);
}

/** How many incidents there are, resolved or not. */
export async function countIncidents(pool: pg.Pool): Promise<number> {
  return (await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM incidents')).rows[0]!.n;
}

/** How many incidents are unresolved, and how many of those have an escalation timer running. */
export async function countOpenIncidents(pool: pg.Pool): Promise<{ open: number; paging: number }> {
  const { rows } = await pool.query<{ n: number; paging: number }>(
    "SELECT count(*)::int AS n, count(*) FILTER (WHERE escalation_due_at IS NOT NULL)::int AS paging FROM incidents WHERE status <> 'resolved'",
  );
  return { open: rows[0]!.n, paging: rows[0]!.paging };
}

/** Saves fields that are not a lifecycle transition (Slack channel and card references, evidence). */
export async function updateIncident(pool: pg.Pool, id: number, changes: Partial<Incident>): Promise<void> {
  const { sql, values } = updateSet(changes, 1);
  await pool.query(`UPDATE incidents SET ${sql} WHERE id = $1`, [id, ...values]);
}

/** The outcome of an action: the incident after it, or why it was refused. */
export type ActionOutcome =
  | { ok: true; incident: Incident; event: { kind: string; detail: Record<string, unknown> } }
  | { ok: false; incident: Incident; error: VigilError };

/** Applies an action under a row lock, writing the change, the timeline event and the audit row in one transaction. */
export async function applyIncidentAction(
  pool: pg.Pool,
  id: number,
  action: IncidentAction,
  actor: string,
  now: Date,
): Promise<ActionOutcome> {
  // One client for the whole transaction: on the embedded database another client would wait for it.
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const { rows } = await client.query('SELECT * FROM incidents WHERE id = $1 FOR UPDATE', [id]);
    if (!rows[0]) {
      await client.query('ROLLBACK');
      throw new VigilError(
        'vigil_incident_not_found',
        `There is no incident #${id}.`,
        'List incidents with `/incident list all`.',
      );
    }
    const before = rowToIncident(rows[0]);
    const result = applyAction(before, action, actor, now);
    if (!result.ok) {
      await client.query('ROLLBACK');
      return { ok: false, incident: before, error: new VigilError(result.code, result.message, result.hint) };
    }
    const { sql, values } = updateSet(result.changes, 1);
    const updated = await client.query(`UPDATE incidents SET ${sql} WHERE id = $1 RETURNING *`, [id, ...values]);
    await client.query(
      'INSERT INTO incident_events (incident_id, at, actor, kind, from_status, to_status, detail) VALUES ($1, $2, $3, $4, $5, $6, $7)',
      [
        id,
        now,
        actor,
        result.event.kind,
        result.event.fromStatus,
        result.event.toStatus,
        JSON.stringify(result.event.detail),
      ],
    );
    await client.query('INSERT INTO audit_log (at, actor, action, target, detail) VALUES ($1, $2, $3, $4, $5)', [
      now,
      actor,
      `incident.${action.kind}`,
      `incident:${id}`,
      JSON.stringify(result.event.detail),
    ]);
    await client.query('COMMIT');
    return {
      ok: true,
      incident: rowToIncident(updated.rows[0]),
      event: { kind: result.event.kind, detail: result.event.detail },
    };
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}

/** Adds a timeline entry that is not a transition (a page sent, a Slack call that failed). */
export async function recordIncidentEvent(
  pool: pg.Pool,
  id: number,
  actor: string,
  kind: string,
  detail: Record<string, unknown>,
): Promise<void> {
  await pool.query('INSERT INTO incident_events (incident_id, actor, kind, detail) VALUES ($1, $2, $3, $4)', [
    id,
    actor,
    kind,
    JSON.stringify(detail),
  ]);
}

/** The incident's timeline, oldest first. */
export async function incidentTimeline(pool: pg.Pool, id: number): Promise<IncidentEvent[]> {
  const { rows } = await pool.query(
    'SELECT at, actor, kind, from_status, to_status, detail FROM incident_events WHERE incident_id = $1 ORDER BY at, id',
    [id],
  );
  return rows.map((r) => ({
    at: r.at,
    actor: r.actor,
    kind: r.kind,
    fromStatus: r.from_status,
    toStatus: r.to_status,
    detail: r.detail,
  }));
}

/** The latest status update (`/incident update`) of each of the incidents that has one. */
export async function latestUpdates(
  pool: pg.Pool,
  ids: readonly number[],
): Promise<Array<{ incidentId: number; at: Date; text: string | null }>> {
  const { rows } = await pool.query(
    `SELECT DISTINCT ON (incident_id) incident_id, at, detail->>'text' AS text FROM incident_events
      WHERE incident_id = ANY($1::bigint[]) AND kind = 'update' ORDER BY incident_id, at DESC, id DESC`,
    [ids],
  );
  return rows.map((r) => ({ incidentId: Number(r.incident_id), at: r.at as Date, text: r.text as string | null }));
}

/** Appends to the audit log (who did what to what), including refusals. */
export async function audit(
  pool: pg.Pool,
  actor: string,
  action: string,
  target: string | null,
  detail: Record<string, unknown> = {},
): Promise<void> {
  await pool.query('INSERT INTO audit_log (actor, action, target, detail) VALUES ($1, $2, $3, $4)', [
    actor,
    action,
    target,
    JSON.stringify(detail),
  ]);
}
