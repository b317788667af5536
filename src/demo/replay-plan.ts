// What a demo replay runs, in which order: the simulated hours from `from` to `to`, the bucket
// boundaries of each grain crossed in each hour, and the daily digests due on the way. Pure.
import { VigilError } from '../errors.ts';
import { localDate, nextDigestFire } from '../summaries/digest-schedule.ts';
import { addDays } from '../time/zone-time.ts';
import { bucketStart, GRAINS, type Grain } from '../metrics/grain.ts';

const HOUR = 3_600_000;

/** Simulated hours per real second; evaluations slower than 1/speed s per hour make the replay slower, never skip. */
export const REPLAY_SPEED = { min: 1, max: 3600, default: 60 } as const;
/** Days replayed when no `from` is given: the demo's latest injected incidents (one still live) fall in them. */
export const REPLAY_DEFAULT_DAYS = 3;
/** The longest replay accepted, so a typo in `from` cannot queue a year of evaluations. */
export const REPLAY_MAX_DAYS = 31;

/** What a replay is asked for; dates as Date or ISO strings (the HTTP route passes strings). */
export interface ReplayRequest {
  speed?: number;
  from?: Date | string;
  to?: Date | string;
}

/** A checked request: the simulated period (from, to] and the speed. */
export interface ReplayRange {
  from: Date;
  to: Date;
  speed: number;
}

/** One evaluation the replay makes: the grain, judged as of the bucket boundary `at`. */
export interface ReplayRun {
  grain: Grain;
  at: Date;
}

/** One simulated hour: the evaluations and the daily digests (local dates they cover) due in (previous step, at]. */
export interface ReplayStep {
  at: Date;
  runs: ReplayRun[];
  digests: string[];
}

function instant(value: Date | string | undefined, name: string): Date | undefined {
  if (value === undefined) return undefined;
  const d = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(d.getTime()) || (typeof value === 'string' && !/^\d{4}-\d{2}-\d{2}/.test(value))) {
    throw new VigilError(
      'vigil_replay_range_invalid',
      `${name} "${String(value)}" is not a date.`,
      'Give an ISO date such as 2026-11-26 or 2026-11-26T09:00:00Z.',
    );
  }
  return d;
}

/** Checks a request against the clock: default `to` now, `from` REPLAY_DEFAULT_DAYS before `to`, speed REPLAY_SPEED.default. */
export function resolveReplayRange(request: ReplayRequest, now: Date): ReplayRange {
  const speed = request.speed ?? REPLAY_SPEED.default;
  if (typeof speed !== 'number' || !Number.isFinite(speed) || speed < REPLAY_SPEED.min || speed > REPLAY_SPEED.max) {
    throw new VigilError(
      'vigil_replay_speed_invalid',
      `Speed ${String(speed)} is out of range.`,
      `Give a speed from ${REPLAY_SPEED.min} to ${REPLAY_SPEED.max} simulated hours per second.`,
    );
  }
  const to = instant(request.to, 'to') ?? now;
  const from = instant(request.from, 'from') ?? new Date(to.getTime() - REPLAY_DEFAULT_DAYS * 24 * HOUR);
  if (from.getTime() >= to.getTime()) {
    throw new VigilError(
      'vigil_replay_range_invalid',
      `from (${from.toISOString()}) is not before to (${to.toISOString()}).`,
      'Give a from earlier than to.',
    );
  }
  if (to.getTime() - from.getTime() > REPLAY_MAX_DAYS * 24 * HOUR) {
    throw new VigilError(
      'vigil_replay_range_invalid',
      `The period from ${from.toISOString()} to ${to.toISOString()} is longer than ${REPLAY_MAX_DAYS} days.`,
      `Replay at most ${REPLAY_MAX_DAYS} days; for longer periods use \`vigil backtest\`.`,
    );
  }
  return { from, to, speed };
}

/** Bucket boundaries of `grain` in (after, upTo], oldest first. */
export function boundariesBetween(grain: Grain, timezone: string, after: number, upTo: number): number[] {
  const out: number[] = [];
  for (let b = bucketStart(upTo, grain, timezone); b > after; b = bucketStart(b - 1, grain, timezone)) out.unshift(b);
  return out;
}

/**
 * The steps of a replay: one per simulated hour (on the hour, the last one at `to`), each with the
 * boundaries crossed since the step before, oldest first and finer grains first at one instant, as
 * the scheduler would have run them; with `digestAt` ("09:00" local) the daily digests due, by the
 * local date they cover (the day before the firing).
 */
export function planReplay(
  range: Pick<ReplayRange, 'from' | 'to'>,
  grains: readonly Grain[],
  timezone: string,
  digestAt?: string,
): ReplayStep[] {
  const order = GRAINS.filter((g) => grains.includes(g));
  const end = range.to.getTime();
  const steps: ReplayStep[] = [];
  let prev = range.from.getTime();
  let nextDigest = digestAt ? nextDigestFire(range.from, digestAt, timezone).getTime() : Infinity;
  while (prev < end) {
    const at = Math.min(end, Math.floor(prev / HOUR) * HOUR + HOUR);
    const runs: ReplayRun[] = order
      .flatMap((grain) => boundariesBetween(grain, timezone, prev, at).map((b) => ({ grain, b })))
      .sort((x, y) => x.b - y.b || order.indexOf(x.grain) - order.indexOf(y.grain))
      .map(({ grain, b }) => ({ grain, at: new Date(b) }));
    const digests: string[] = [];
    while (nextDigest <= at) {
      digests.push(addDays(localDate(new Date(nextDigest), timezone), -1));
      nextDigest = nextDigestFire(new Date(nextDigest), digestAt!, timezone).getTime();
    }
    steps.push({ at: new Date(at), runs, digests });
    prev = at;
  }
  return steps;
}
