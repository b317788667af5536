// Instants as a reader in the summary's time zone sees them, so a printed date or time can be checked. Pure.

const cache = new Map<string, Intl.DateTimeFormat>();

function parts(at: Date, timeZone: string): Record<string, string> {
  let f = cache.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    cache.set(timeZone, f);
  }
  return Object.fromEntries(f.formatToParts(at).map((p) => [p.type, p.value]));
}

/** "YYYY-MM-DD HH:mm" of an ISO instant in `timeZone` (seconds dropped). */
export function localDateTime(iso: string | Date, timeZone: string): string {
  const p = parts(typeof iso === 'string' ? new Date(iso) : iso, timeZone);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

/** Local "YYYY-MM-DD HH:mm" forms an instant may be printed as: seconds dropped, or rounded to the minute. */
export function localInstants(iso: string, timeZone: string): string[] {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return [];
  const rounded = new Date(Math.round(at.getTime() / 60_000) * 60_000);
  return [...new Set([localDateTime(at, timeZone), localDateTime(rounded, timeZone)])];
}
