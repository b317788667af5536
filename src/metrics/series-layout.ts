// A metric's series on a shared grid of buckets: which grid indexes were fetched, and each slice's
// numerator and denominator there. Pure data; see build-series.ts for how rows become this.

/** A point: numerator, denominator and events summed over the judged window (amounts: value in num). */
export interface WindowPoint {
  num: number;
  den: number;
  /** How many events make up the numerator (refunds behind a refunded amount); 0 when the query gives none. */
  events: number;
}

/** Grid positions fetched for a metric (a compact subset of the bucket grid, shared by its slices). */
export interface SeriesLayout {
  /** Grid index of posOf[0]. */
  first: number;
  /** Position of each grid index from `first` in the value arrays, -1 where the bucket was not fetched. */
  posOf: Int32Array;
  /** Buckets per seasonal period (a week of hours: 168). */
  period: number;
}

/** One slice's numerators and denominators by position (a fetched bucket without rows holds 0). */
export interface SeriesValues {
  num: Float64Array;
  den: Float64Array;
  /** Events behind the numerator, when the query returns an `events` column. */
  events: Float64Array | null;
}

/** Position of grid index g, or -1 when it was not fetched. */
export function positionOf(layout: SeriesLayout, g: number): number {
  const i = g - layout.first;
  return i < 0 || i >= layout.posOf.length ? -1 : layout.posOf[i]!;
}

/** The point over the `window` buckets ending at grid index g; null when one of them was not fetched. */
export function windowPoint(layout: SeriesLayout, values: SeriesValues, g: number, window: number): WindowPoint | null {
  const out = { num: 0, den: 0, events: 0 };
  return windowPointInto(layout, values, g, window, out) ? out : null;
}

/** windowPoint into `out` (no allocation, for hot loops); false when a bucket of the window was not fetched. */
export function windowPointInto(
  layout: SeriesLayout,
  values: SeriesValues,
  g: number,
  window: number,
  out: WindowPoint,
): boolean {
  let num = 0;
  let den = 0;
  let events = 0;
  for (let w = 0; w < window; w++) {
    const p = positionOf(layout, g - w);
    if (p < 0) return false;
    num += values.num[p]!;
    den += values.den[p]!;
    if (values.events) events += values.events[p]!;
  }
  out.num = num;
  out.den = den;
  out.events = events;
  return true;
}

/** A layout holding every grid index from `first` to `last`. */
export function denseLayout(first: number, last: number, period: number): SeriesLayout {
  const posOf = new Int32Array(last - first + 1);
  for (let i = 0; i < posOf.length; i++) posOf[i] = i;
  return { first, posOf, period };
}
