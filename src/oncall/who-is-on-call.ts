// Who is on call now, who is next, and the coming shifts: the answers behind /oncall.
import type { Rotation } from '../config/oncall-schema.ts';
import { localDateTime } from '../time/zone-time.ts';
import {
  jointKey,
  segmentAround,
  slotAt,
  type OnCallPerson,
  type OncallOverride,
  type OncallRole,
  type Timeline,
} from './on-call-timeline.ts';
import { shiftStart } from './rotation-shifts.ts';

/** A person holding a role over [from, until): until is the next handover of that role. */
export interface Assignment extends OnCallPerson {
  from: Date;
  until: Date;
}

/** Why nobody is primary, and how to fix it. */
export interface OncallNotice {
  code: 'vigil_oncall_no_rota' | 'vigil_oncall_rota_not_started';
  message: string;
  hint: string;
}

/** The answer to "who is on call?"; `notice` is set exactly when nobody is primary. */
export interface OnCallNow {
  primary?: Assignment;
  secondary?: Assignment;
  notice?: OncallNotice;
}

/** A stretch of time over which neither role changes hands. */
export interface Shift {
  from: Date;
  until: Date;
  primary?: OnCallPerson;
  secondary?: OnCallPerson;
}

/** Who holds each role at `at`, with the stretch each has held it and will hold it (overrides included). */
export function whoIsOnCall(
  rota: Rotation | undefined,
  overrides: readonly OncallOverride[],
  at: Date,
  timezone: string,
): OnCallNow {
  const tl: Timeline = { rota, overrides, timezone };
  const primary = assignment(tl, 'primary', at.getTime());
  const secondary = assignment(tl, 'secondary', at.getTime());
  const notice = primary ? undefined : nobodyNotice(rota, at, timezone);
  return { ...(primary ? { primary } : {}), ...(secondary ? { secondary } : {}), ...(notice ? { notice } : {}) };
}

function assignment(tl: Timeline, role: OncallRole, t: number): Assignment | undefined {
  const slot = slotAt(tl, role, t);
  if (!slot) return undefined;
  const { from, until } = segmentAround(tl, t, (x) => slotAt(tl, role, x)?.key ?? '-');
  // A held slot always has both edges: a rota shift or an override bounds it.
  return { ...slot.person, from: new Date(from!), until: new Date(until!) };
}

function nobodyNotice(rota: Rotation | undefined, at: Date, timezone: string): OncallNotice {
  if (!rota || rota.primary.length === 0) {
    return {
      code: 'vigil_oncall_no_rota',
      message: 'Nobody is on call: vigil.yml has no on-call rota (oncall.rotation.primary is empty or missing).',
      hint: 'Add to vigil.yml:  oncall: { rotation: { start: "2026-01-05T09:00", primary: [U01AAA, U01BBB] } }  (Slack member ids), or cover now with `/oncall set @someone 8h`.',
    };
  }
  const starts = localDateTime(shiftStart(rota, 0, timezone), timezone);
  return {
    code: 'vigil_oncall_rota_not_started',
    message: `Nobody is on call: the rota starts ${starts} (${timezone}).`,
    hint: `Cover until then with \`/oncall set @someone until ${starts}\`, or move oncall.rotation.start in vigil.yml earlier than ${localDateTime(at, timezone)}.`,
  };
}

/** The shift containing `from` and the ones after it, `count` in all, skipping stretches with nobody on call. */
export function schedule(
  rota: Rotation | undefined,
  overrides: readonly OncallOverride[],
  from: Date,
  count: number,
  timezone: string,
): Shift[] {
  const tl: Timeline = { rota, overrides, timezone };
  const shifts: Shift[] = [];
  let t: number | undefined = from.getTime();
  while (t !== undefined && shifts.length < count) {
    const seg = segmentAround(tl, t, (x) => jointKey(tl, x));
    const primary = slotAt(tl, 'primary', t)?.person;
    const secondary = slotAt(tl, 'secondary', t)?.person;
    if ((primary || secondary) && seg.from !== undefined && seg.until !== undefined) {
      shifts.push({
        from: new Date(seg.from),
        until: new Date(seg.until),
        ...(primary ? { primary } : {}),
        ...(secondary ? { secondary } : {}),
      });
    }
    t = seg.until;
  }
  return shifts;
}

/** The next shift after the one containing `at`: its handover moment is `from`. Undefined when nothing is planned. */
export function nextShift(
  rota: Rotation | undefined,
  overrides: readonly OncallOverride[],
  at: Date,
  timezone: string,
): Shift | undefined {
  const tl: Timeline = { rota, overrides, timezone };
  const current = segmentAround(tl, at.getTime(), (x) => jointKey(tl, x));
  return current.until === undefined ? undefined : schedule(rota, overrides, new Date(current.until), 1, timezone)[0];
}
