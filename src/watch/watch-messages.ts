// The texts the watcher posts: anomaly notices, broken and stale metrics, recovery. Pure.
import type { CatalogMetric } from '../metrics/metric-catalog-schema.ts';
import { formatMetricValue } from '../blocks/format-values.ts';
import { describeSlice } from '../metrics/slice-key.ts';
import type { FiringSlice } from './judge-metric.ts';
import type { Grain } from '../metrics/grain.ts';
import { localParts } from '../time/zone-time.ts';

/** "<@U1>" / "<!subteam^S1>" for a catalog owner, or "" without one. */
export function mentionOwner(owner: string | undefined): string {
  if (!owner) return '';
  const id = /[A-Z0-9]{3,}/.exec(owner.replace(/^<[@!](subteam\^)?/, ''))?.[0];
  if (!id) return '';
  return id.startsWith('S') ? `<!subteam^${id}>` : `<@${id}>`;
}

/** One line in the alerts channel for an anomaly below the incident threshold. */
export function anomalyNotice(
  metric: CatalogMetric,
  slice: Record<string, string>,
  top: FiringSlice,
  count: number,
): string {
  const unit = metric.unit;
  const j = top.judgement;
  const more = count > 1 ? ` (${count} slices)` : '';
  return `:small_orange_diamond: *${metric.title}* ${describeSlice(slice)}${more}: ${formatMetricValue(j.observed, unit)} vs ${formatMetricValue(j.expected, unit)} expected, SEV${top.severity}, below the incident threshold. ${j.reason}.`;
}

/** The alert to a metric's owner when its query fails. */
export function brokenNotice(metric: CatalogMetric, message: string, hint: string): string {
  const who = mentionOwner(metric.owner);
  return `:warning: ${who ? `${who} ` : ''}metric *${metric.title}* (\`${metric.id}\`) is broken and is not being watched: ${message} ${hint} (Said once; vigil retries every run.)`;
}

/** The alert when a metric's newest data is older than it should be; `newest` null: no data at all, undefined: not known. */
export function staleNotice(metric: CatalogMetric, newest: Date | null | undefined, timezone: string): string {
  const who = mentionOwner(metric.owner);
  const when =
    newest === undefined
      ? `there is no data in the span vigil reads to judge it`
      : newest === null
        ? 'there is no data at all'
        : `the newest bucket is from ${bucketDate(newest, metric.grain, timezone)}`;
  return `:hourglass: ${who ? `${who} ` : ''}data for *${metric.title}* (\`${metric.id}\`) is stale: ${when} (more than ${metric.stale_after} old). It is not judged until fresh data arrives, so no false anomaly is raised. Check the pipeline that loads it.`;
}

const BUCKET_WORDS: Readonly<Record<Grain, string>> = {
  '1m': 'minutes',
  '5m': '5-minute buckets',
  '15m': 'quarter-hours',
  hour: 'hours',
  day: 'days',
};
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

// "3 Mar 2023" for a daily bucket, "3 Mar 2023, 09:00" for a shorter one, on the team's wall clock.
function bucketDate(at: Date, grain: Grain, timezone: string): string {
  const l = localParts(at, timezone);
  const date = `${l.day} ${MONTHS[l.month - 1]} ${l.year}`;
  const p = (n: number) => String(n).padStart(2, '0');
  return grain === 'day' ? date : `${date}, ${p(l.hour)}:${p(l.minute)}`;
}

/** The note posted in an incident channel when its metric has been healthy for a while. */
export function recoveredNote(metric: CatalogMetric, buckets: number): string {
  return `:large_green_circle: *${metric.title}* has been back within its expected band for ${buckets} ${BUCKET_WORDS[metric.grain]}. If the cause is understood, resolve with \`/incident resolve <note>\`.`;
}
