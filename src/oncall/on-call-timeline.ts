// The on-call timeline: the rota overlaid with run-time overrides, queried one instant at a time.
import type { Rotation } from '../config/oncall-schema.ts';
import { rotaShift, shiftIndexAt, shiftStart } from './rotation-shifts.ts';

/** The two on-call roles. */
export type OncallRole = 'primary' | 'secondary';

/** A run-time override from `/oncall set`, as stored by the caller. */
export interface OncallOverride {
  userId: string;
  role: OncallRole;
  from: Date;
  until: Date;
  setBy: string;
  /** When it was set; without it, a later position in the array counts as set later. */
  setAt?: Date;
  /** Where it comes from: `/oncall set` (the default), or a shift of the iCalendar rota (oncall.ical_url). */
  source?: 'override' | 'calendar';
}

/** Who holds a role, and why. */
export interface OnCallPerson {
  userId: string;
  source: 'rota' | 'override' | 'calendar';
  /** Who set the override (overrides only). */
  setBy?: string;
}

/** The instant-by-instant inputs of the timeline, bundled. */
export interface Timeline {
  rota: Rotation | undefined;
  overrides: readonly OncallOverride[];
  timezone: string;
}

/** Who holds a role at an instant; equal keys on both sides of a boundary mean no real handover there. */
export interface Slot {
  person: OnCallPerson;
  key: string;
}

const MAX_STEPS = 10_000; // a bound on boundary walks, far above any real rota plus overrides

// An override whose until is not after its from covers nothing; ignoring it beats failing `who`.
function usable(o: OncallOverride): boolean {
  return o.until.getTime() > o.from.getTime();
}

/** Who holds `role` at `t`: the latest-set override active then, else the rota, else nobody. */
export function slotAt(tl: Timeline, role: OncallRole, t: number): Slot | undefined {
  let best: { o: OncallOverride; i: number } | undefined;
  tl.overrides.forEach((o, i) => {
    if (o.role !== role || !usable(o) || o.from.getTime() > t || o.until.getTime() <= t) return;
    if (!best || setLater(o, i, best.o, best.i)) best = { o, i };
  });
  if (best?.o.source === 'calendar')
    return { person: { userId: best.o.userId, source: 'calendar' }, key: `override:${best.i}` };
  if (best)
    return { person: { userId: best.o.userId, source: 'override', setBy: best.o.setBy }, key: `override:${best.i}` };
  const index = shiftIndexAt(tl.rota, new Date(t), tl.timezone);
  const shift = index === undefined ? undefined : rotaShift(tl.rota, index, tl.timezone);
  const userId = role === 'primary' ? shift?.primary : shift?.secondary;
  return userId && shift ? { person: { userId, source: 'rota' }, key: `rota:${shift.index}` } : undefined;
}

function setLater(a: OncallOverride, ai: number, b: OncallOverride, bi: number): boolean {
  const at = a.setAt?.getTime() ?? -Infinity;
  const bt = b.setAt?.getTime() ?? -Infinity;
  return at !== bt ? at > bt : ai > bi;
}

/** The key of both roles at `t`, so segments split exactly where either role changes hands. */
export function jointKey(tl: Timeline, t: number): string {
  return `${slotAt(tl, 'primary', t)?.key ?? '-'}|${slotAt(tl, 'secondary', t)?.key ?? '-'}`;
}

// The nearest instants at or before / after `t` where anything could change: handovers, override edges.
function boundaries(tl: Timeline, t: number): { prev?: number; next?: number } {
  let prev: number | undefined;
  let next: number | undefined;
  const consider = (b: number) => {
    if (b <= t) prev = prev === undefined ? b : Math.max(prev, b);
    else next = next === undefined ? b : Math.min(next, b);
  };
  const index = shiftIndexAt(tl.rota, new Date(t), tl.timezone);
  if (index !== undefined && tl.rota) {
    if (index >= 0) consider(shiftStart(tl.rota, index, tl.timezone).getTime());
    consider(shiftStart(tl.rota, Math.max(index + 1, 0), tl.timezone).getTime());
  }
  for (const o of tl.overrides) {
    if (!usable(o)) continue;
    consider(o.from.getTime());
    consider(o.until.getTime());
  }
  return { prev, next };
}

/** The widest [from, until) around `t` over which `key` does not change; an open end is undefined. */
export function segmentAround(tl: Timeline, t: number, key: (t: number) => string): { from?: number; until?: number } {
  const k = key(t);
  let { prev: from } = boundaries(tl, t);
  for (let n = 0; from !== undefined && n < MAX_STEPS && key(from - 1) === k; n++) from = boundaries(tl, from - 1).prev;
  let { next: until } = boundaries(tl, t);
  for (let n = 0; until !== undefined && n < MAX_STEPS && key(until) === k; n++) until = boundaries(tl, until).next;
  return { from, until };
}
