// Timestamps as NAB writes them ("2014-07-01 00:30:00", optional fraction, optional zone) to epoch milliseconds.

const PATTERN = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/;

const FAST = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2}):(\d{2})$/;
// Midnight of each date seen: a NAB corpus has a few thousand dates and 365,000 rows.
const midnights = new Map<string, number | undefined>();

/** Epoch milliseconds of an ISO-like timestamp (no zone means UTC), or undefined when it does not parse. */
export function parseTimestamp(text: string): number | undefined {
  const f = FAST.exec(text);
  if (f) {
    const [, date, h, mi, s] = f as unknown as [string, string, string, string, string];
    let midnight = midnights.get(date);
    if (!midnights.has(date)) {
      midnight = parseFull(date);
      if (midnights.size > 100_000) midnights.clear();
      midnights.set(date, midnight);
    }
    if (midnight === undefined || Number(h) > 23 || Number(mi) > 59 || Number(s) > 60) return undefined;
    return midnight + ((Number(h) * 60 + Number(mi)) * 60 + Number(s)) * 1000;
  }
  return parseFull(text);
}

function parseFull(text: string): number | undefined {
  const m = PATTERN.exec(text.trim());
  if (!m) return undefined;
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac, zone] = m;
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > 31 || Number(h) > 23 || Number(mi) > 59 || Number(s) > 60)
    return undefined;
  let ms = Date.UTC(Number(y), month - 1, day, Number(h), Number(mi), Number(s));
  // Date.UTC rolls 31 February over into March: refuse it instead.
  if (new Date(ms).getUTCDate() !== day) return undefined;
  if (frac) ms += Math.round(Number(frac) * 1000);
  if (zone && zone !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    ms -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
  }
  return ms;
}
