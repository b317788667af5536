// On-call overrides in PostgreSQL, and "who is on call" with them applied.
import type pg from 'pg';
import type { Rotation } from '../config/oncall-schema.ts';
import type { OncallOverride } from './on-call-timeline.ts';
import type { RotaInForce } from './calendar-rota.ts';
import { whoIsOnCall, type OnCallNow } from './who-is-on-call.ts';

/** Overrides that have not ended by `now`, oldest first (later ones win where they overlap). */
export async function activeOverrides(pool: pg.Pool, now: Date): Promise<OncallOverride[]> {
  const { rows } = await pool.query(
    'SELECT user_id, role, starts_at, ends_at, set_by FROM oncall_overrides WHERE ends_at > $1 ORDER BY set_at, id',
    [now],
  );
  return rows.map((r) => ({ userId: r.user_id, role: r.role, from: r.starts_at, until: r.ends_at, setBy: r.set_by }));
}

/** Stores an override set by `/oncall set`. */
export async function addOverride(pool: pg.Pool, o: OncallOverride): Promise<void> {
  await pool.query(
    'INSERT INTO oncall_overrides (user_id, role, starts_at, ends_at, set_by) VALUES ($1, $2, $3, $4, $5)',
    [o.userId, o.role, o.from, o.until, o.setBy],
  );
}

/** Who is on call at `now`, rota and stored overrides together. */
export async function onCallNow(
  pool: pg.Pool,
  rota: Rotation | undefined,
  now: Date,
  timezone: string,
): Promise<OnCallNow> {
  return whoIsOnCall(rota, await activeOverrides(pool, now), now, timezone);
}

/** Who is on call at `now` by the rota in force (vigil.yml's, or the calendar's shifts) and the stored overrides. */
export async function onCallBy(pool: pg.Pool, inForce: RotaInForce, now: Date, timezone: string): Promise<OnCallNow> {
  return whoIsOnCall(inForce.rota, [...inForce.shifts, ...(await activeOverrides(pool, now))], now, timezone);
}
