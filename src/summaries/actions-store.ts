// Follow-up actions in the bot database (`actions`): added and completed from Slack, listed by the
// digest and incident summary facts.
import type pg from 'pg';
import { VigilError } from '../errors.ts';
import type { ActionFact } from './digest-facts-schema.ts';

/** An action row. */
export interface Action {
  id: number;
  incidentId: number | null;
  text: string;
  owner: string | null;
  dueAt: Date | null;
  doneAt: Date | null;
  createdBy: string;
  createdAt: Date;
}

/** What a new action needs. */
export interface NewAction {
  text: string;
  createdBy: string;
  incidentId?: number | null;
  owner?: string | null;
  dueAt?: Date | null;
}

/** Which actions to list: of one incident, and/or those that matter to a period. */
export interface ActionFilter {
  incidentId?: number;
  /** Created before `end` and not done before `start`: open at some point of the period, or done in it (or since). */
  period?: { start: Date; end: Date };
}

/** An Action from an `actions` row. */
export function rowToAction(r: Record<string, unknown>): Action {
  return {
    id: Number(r.id),
    incidentId: r.incident_id === null || r.incident_id === undefined ? null : Number(r.incident_id),
    text: r.text as string,
    owner: (r.owner as string | null) ?? null,
    dueAt: (r.due_at as Date | null) ?? null,
    doneAt: (r.done_at as Date | null) ?? null,
    createdBy: r.created_by as string,
    createdAt: r.created_at as Date,
  };
}

/** The summary facts' view of an action. */
export function actionFact(a: Action): ActionFact {
  return {
    id: a.id,
    incidentId: a.incidentId,
    text: a.text,
    owner: a.owner,
    due: a.dueAt ? a.dueAt.toISOString() : null,
    done: a.doneAt !== null,
  };
}

/** Adds an action; a blank text or an unknown incident is a VigilError. */
export async function addAction(pool: pg.Pool, input: NewAction, now = new Date()): Promise<Action> {
  const text = input.text.trim();
  if (text === '')
    throw new VigilError(
      'vigil_action_text_required',
      'An action needs a text saying what is to be done.',
      'Write the action, e.g. "suspend the merchant cluster".',
    );
  try {
    const { rows } = await pool.query(
      `INSERT INTO actions (incident_id, text, owner, due_at, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING *`,
      [input.incidentId ?? null, text, input.owner ?? null, input.dueAt ?? null, input.createdBy, now],
    );
    return rowToAction(rows[0]);
  } catch (err) {
    if ((err as { code?: string }).code === '23503') {
      throw new VigilError(
        'vigil_incident_not_found',
        `There is no incident #${input.incidentId}.`,
        'List incidents with `/incident list all`.',
        { cause: err },
      );
    }
    throw err;
  }
}

/** Marks an action done at `now`; an unknown or already done action is a VigilError. */
export async function completeAction(pool: pg.Pool, id: number, now = new Date()): Promise<Action> {
  const { rows } = await pool.query('UPDATE actions SET done_at = $2 WHERE id = $1 AND done_at IS NULL RETURNING *', [
    id,
    now,
  ]);
  if (rows[0]) return rowToAction(rows[0]);
  const existing = await pool.query('SELECT done_at FROM actions WHERE id = $1', [id]);
  if (!existing.rows[0])
    throw new VigilError(
      'vigil_action_not_found',
      `There is no action #${id}.`,
      'Check the number in the digest or the incident summary.',
    );
  throw new VigilError(
    'vigil_action_already_done',
    `Action #${id} was already done at ${(existing.rows[0].done_at as Date).toISOString()}.`,
    'Nothing to do.',
  );
}

/** Actions matching the filter: open ones first, then by due date (none last) and id. */
export async function listActions(pool: pg.Pool, filter: ActionFilter = {}): Promise<Action[]> {
  const where: string[] = [];
  const values: unknown[] = [];
  if (filter.incidentId !== undefined) {
    values.push(filter.incidentId);
    where.push(`incident_id = $${values.length}`);
  }
  if (filter.period) {
    values.push(filter.period.start, filter.period.end);
    where.push(`created_at < $${values.length} AND (done_at IS NULL OR done_at >= $${values.length - 1})`);
  }
  const { rows } = await pool.query(
    `SELECT * FROM actions ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY done_at IS NOT NULL, due_at NULLS LAST, id`,
    values,
  );
  return rows.map(rowToAction);
}

/** The open actions `owner` holds, by due date (none last) and id (the Home tab lists them). */
export async function openActionsOwnedBy(pool: pg.Pool, owner: string): Promise<Action[]> {
  const { rows } = await pool.query(
    'SELECT * FROM actions WHERE owner = $1 AND done_at IS NULL ORDER BY due_at NULLS LAST, id',
    [owner],
  );
  return rows.map(rowToAction);
}
