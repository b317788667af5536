// Wall-clock offsets of an IANA time zone, because Vega formats times only in local time or UTC. Pure.

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The formatter for `timezone`, or undefined when the name is not a time zone Intl knows. */
function formatterFor(timezone: string): Intl.DateTimeFormat | undefined {
  let f = formatters.get(timezone);
  if (f) return f;
  try {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone, hourCycle: 'h23',
      year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
  } catch {
    return undefined;
  }
  formatters.set(timezone, f);
  return f;
}

/** Whether `timezone` names a zone this runtime knows (e.g. "Asia/Jakarta"). */
export function isKnownTimezone(timezone: string): boolean {
  return formatterFor(timezone) !== undefined;
}

/** Milliseconds to add to an instant so that, read as UTC, it shows the wall-clock time in `timezone` (0 for an unknown zone). */
export function zoneOffsetMs(t: number, timezone: string): number {
  const f = formatterFor(timezone);
  if (!f || !Number.isFinite(t)) return 0;
  const part: Record<string, number> = {};
  for (const p of f.formatToParts(new Date(t))) if (p.type !== 'literal') part[p.type] = Number(p.value);
  const wall = Date.UTC(part.year!, part.month! - 1, part.day!, part.hour!, part.minute!, part.second!);
  return wall - Math.floor(t / 1000) * 1000;
}
