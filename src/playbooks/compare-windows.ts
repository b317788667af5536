// The compare step's arithmetic: a window's value against the median of its baseline windows, with a
// robust z that also knows a rate's sampling noise. Pure.
import { median, scaledMad } from '../detect/robust-stats.ts';

/** One measured window: a plain value, or a rate's numerator and denominator. */
export interface WindowMeasure {
  value: number | null;
  num?: number;
  den?: number;
}

/** The comparison of one key's window with its baselines. */
export interface Comparison {
  current: number | null;
  baseline: number | null;
  change: number | null;
  /** current / baseline - 1. */
  changePct: number | null;
  /** (current - baseline) / spread, where the spread is the larger of the baselines' MAD and a rate's binomial noise. */
  z: number | null;
  baselines: (number | null)[];
}

/** The value a window measures: num/den for a rate, else the value. */
export function measureValue(num: unknown, den: unknown, value: unknown, isRate: boolean): WindowMeasure {
  if (isRate) {
    const n = toNumber(num);
    const d = toNumber(den);
    return { value: n !== null && d !== null && d > 0 ? n / d : null, num: n ?? 0, den: d ?? 0 };
  }
  return { value: toNumber(value) };
}

/** Compares `current` with `baselines` (most recent first); `counts` adds Poisson noise to the spread, so a flat baseline still gives a z. */
export function compareWindows(
  current: WindowMeasure,
  baselines: readonly WindowMeasure[],
  counts = false,
): Comparison {
  const known = baselines.map((b) => b.value).filter((v): v is number => v !== null && Number.isFinite(v));
  const base = known.length > 0 ? median([...known]) : null;
  const cur = current.value;
  if (cur === null || base === null)
    return {
      current: cur,
      baseline: base,
      change: null,
      changePct: null,
      z: null,
      baselines: baselines.map((b) => b.value),
    };
  let spread = known.length >= 3 ? scaledMad([...known]) : 0;
  if (current.den !== undefined && current.den > 0 && base >= 0 && base <= 1)
    spread = Math.max(spread, Math.sqrt((Math.max(base, 1 / current.den) * (1 - Math.min(base, 0.999))) / current.den));
  if (counts) spread = Math.max(spread, Math.sqrt(Math.max(base, 1)));
  const change = cur - base;
  return {
    current: cur,
    baseline: base,
    change,
    changePct: base !== 0 ? cur / base - 1 : null,
    z: spread > 0 ? change / spread : null,
    baselines: baselines.map((b) => b.value),
  };
}

/** A number from a driver value (pg returns numeric and bigint as text), or null. */
export function toNumber(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'string' && v.trim() !== '') {
    const n = Number(v);
    return Number.isFinite(n) ? n : null;
  }
  return null;
}
