// A run's window and parameters as users read them: instants in the team's local time, durations as `12h`,
// and where the window came from (the incident card's judged bucket). Pure.
import type { ParamValue, PlaybookRunResult } from '../playbooks/run-types.ts';
import { localDateTime } from '../time/zone-time.ts';
import { formatDuration } from './format-values.ts';

/** One parameter's value for people: dates in local time, durations as `12h`, slices as `city:jakarta`. */
export function describeParamValue(value: ParamValue, type: string | undefined, timezone: string): string {
  if (value === null) return '';
  if (typeof value === 'object')
    return Object.entries(value)
      .map(([a, b]) => `${a}:${b}`)
      .join(',');
  if (type === 'duration' && typeof value === 'number') return formatDuration(value);
  if (type === 'date' || (type === undefined && typeof value === 'string' && ISO.test(value)))
    return localDateTime(String(value), timezone);
  return String(value);
}

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/** "Thu 19 Nov 08:00–15:00 (Asia/Singapore)": the run's from/to in local time, or null when it has none. */
export function describeWindow(result: PlaybookRunResult, timezone: string): string | null {
  const from = result.params.from;
  const to = result.params.to;
  if (typeof from !== 'string' || typeof to !== 'string') return null;
  const a = localDateTime(from, timezone);
  const b = localDateTime(to, timezone);
  const span = formatDuration((Date.parse(to) - Date.parse(from)) / 1000);
  const end = a.slice(0, 10) === b.slice(0, 10) ? b.slice(11) : b;
  return `${a}–${end} ${timezone} (${span})`;
}

/** The window line of a run: its local window, and when it ran for an incident, that it is the card's window. */
export function describeRunWindow(result: PlaybookRunResult, timezone: string): string | null {
  const window = describeWindow(result, timezone);
  if (!window) return null;
  const source = result.windowSource;
  if (!source) return `Window: ${window}.`;
  const same = source.windowStart === result.params.from && source.windowEnd === result.params.to;
  return same
    ? `Window: ${window}, the window of incident #${source.incidentId}'s card (its anomalous bucket).`
    : `Window: ${window}, given on the command; incident #${source.incidentId}'s card judged ${describeWindow(
        { ...result, params: { from: source.windowStart, to: source.windowEnd } },
        timezone,
      )}.`;
}

/** The parameters other than the window (shown with `window=12h` only when there is no from/to), as `vendor=vendor-b`. */
export function describeRunParams(result: PlaybookRunResult, timezone: string): string {
  const hasWindow = describeWindow(result, timezone) !== null;
  return (
    Object.entries(result.params)
      // The window line gives from, to and their span; `window` only defaulted `from`.
      .filter(([k, v]) => v !== null && !(hasWindow && (k === 'from' || k === 'to' || k === 'window')))
      .map(([k, v]) => `${k}=${describeParamValue(v, result.paramTypes?.[k], timezone)}`)
      .join(' ')
  );
}
