// The scheduler's lines of /vigil status: the last run per grain, overdue grains, metrics not ok. Pure.
import type { ScheduleSettings } from '../config/schedule-schema.ts';
import { escapeMrkdwn } from '../blocks/block-limits.ts';
import { formatDuration, formatInZone } from '../blocks/format-values.ts';
import type { Grain } from '../metrics/grain.ts';
import { completeBuckets } from './plan-runs.ts';
import type { GrainRunSummary } from './claim-run.ts';
import type { SchedulerHistory } from './run-history.ts';

// How often each grain's task ticks (create-scheduler's cron expressions); a bucket is overdue one tick late.
const TICK_MS: Readonly<Record<Grain, number>> = {
  '1m': 60_000,
  '5m': 5 * 60_000,
  '15m': 15 * 60_000,
  hour: 15 * 60_000,
  day: 60 * 60_000,
};
const MAX_ERROR_CHARS = 200;

/** The newest bucket that should have succeeded by `now` (later than one tick after its end plus the delay), if it has not. */
export function overdueBucket(
  grain: Grain,
  timezone: string,
  now: Date,
  newestSucceeded: Date | null,
  delaySeconds: number,
): Date | null {
  // The second tick after the end may still be retrying the bucket; only after it is the bucket overdue.
  const expected = completeBuckets(
    grain,
    timezone,
    new Date(now.getTime() - delaySeconds * 1000 - TICK_MS[grain] - 1),
    1,
  )[0]!;
  return newestSucceeded && newestSucceeded.getTime() >= expected ? null : new Date(expected);
}

/** Lines for /vigil status. */
export function renderSchedulerStatus(
  history: SchedulerHistory,
  o: { now: Date; timezone: string; settings: ScheduleSettings; scheduled?: readonly Grain[] },
): string[] {
  const off = o.settings.enabled ? '' : ' (scheduled runs are off: schedule.enabled is false in vigil.yml)';
  // A grain the catalog schedules but that never ran is worth a line of its own: it is the silent failure.
  const neverRan = (o.scheduled ?? [])
    .filter((grain) => !history.grains.some((g) => g.grain === grain))
    .map((grain) => `• ${grain} · no run yet`);
  const lines =
    history.grains.length === 0 && neverRan.length === 0
      ? [`Scheduler: no metric runs yet${off}`]
      : [`Scheduler, last run per grain${off}:`, ...history.grains.map((g) => `• ${grainLine(g, o)}`), ...neverRan];
  if (history.health.length === 0) return [...lines, 'Metric health: no broken or stale metrics'];
  return [
    ...lines,
    `Metric health: ${history.health.length} not ok`,
    ...history.health.map((h) => {
      const error = h.lastError ? `: ${escapeMrkdwn(oneLine(h.lastError))}` : '';
      return `• ${escapeMrkdwn(h.metricId)} ${h.status} since ${formatInZone(h.since, o.timezone)}${error}`;
    }),
  ];
}

function grainLine(g: GrainRunSummary, o: { now: Date; timezone: string; settings: ScheduleSettings }): string {
  const at = (d: Date) => formatInZone(d, o.timezone);
  const parts = [`${g.grain} · bucket ${at(g.bucket)}`];
  if (g.status === 'running') {
    const lapsed = g.leaseUntil.getTime() < o.now.getTime();
    parts.push(
      `running on ${escapeMrkdwn(g.replica)} since ${at(g.startedAt)}` +
        (lapsed
          ? ` (lease lapsed ${at(g.leaseUntil)}; the next tick takes it over)`
          : ` (lease until ${at(g.leaseUntil)})`),
    );
  } else {
    // The finish is the start plus the duration; a finish time of its own would repeat the start's minute.
    const took = g.finishedAt
      ? `, took ${formatDuration((g.finishedAt.getTime() - g.startedAt.getTime()) / 1000)}`
      : '';
    parts.push(`${g.status} (started ${at(g.startedAt)}${took})`);
    parts.push(
      `${count(g.metricsJudged, 'metric')} judged, ${count(g.anomalies, 'anomaly', 'anomalies')}, ${count(g.incidents, 'incident')}, ${count(g.errorCount, 'error')}`,
    );
  }
  parts.push(`attempt ${g.attempts} of ${o.settings.max_attempts}`);
  const overdue = o.settings.enabled
    ? overdueBucket(g.grain, o.timezone, o.now, g.newestSucceeded, o.settings.delay_seconds)
    : null;
  if (overdue) parts.push(`:warning: overdue: the ${at(overdue)} bucket is not judged yet`);
  return parts.join(' · ');
}

function count(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > MAX_ERROR_CHARS ? `${flat.slice(0, MAX_ERROR_CHARS - 1)}…` : flat;
}
