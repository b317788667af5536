// Message timestamps like Slack's ("1700000000.000100"): seconds and microseconds, strictly increasing.

/** A generator of increasing Slack-style ts strings from a clock in milliseconds. */
export function localTsGenerator(nowMs: () => number = Date.now): (floor?: string) => string {
  let last = 0n;
  // `floor` is the newest ts already stored, so a restart (or a clock step back) never reuses one.
  return (floor) => {
    const fromFloor = floor ? micros(floor) : 0n;
    const candidate = BigInt(nowMs()) * 1000n;
    last = [candidate, last + 1n, fromFloor + 1n].reduce((a, b) => (a > b ? a : b));
    return format(last);
  };
}

/** Parses a ts string into microseconds since the epoch. */
export function micros(ts: string): bigint {
  const [s, f = ''] = ts.split('.');
  return BigInt(s ?? '0') * 1_000_000n + BigInt((f + '000000').slice(0, 6));
}

function format(us: bigint): string {
  return `${us / 1_000_000n}.${String(us % 1_000_000n).padStart(6, '0')}`;
}
