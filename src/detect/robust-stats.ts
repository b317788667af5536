// Order statistics that a past incident in the baseline cannot drag: median and MAD.

/** Median of the finite values (NaN when there are none). Does not modify `values`. */
export function median(values: readonly number[]): number {
  const v = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (v.length === 0) return NaN;
  const mid = v.length >> 1;
  return v.length % 2 === 1 ? v[mid]! : (v[mid - 1]! + v[mid]!) / 2;
}

/** Median absolute deviation from the median, scaled by 1.4826 so it estimates a normal standard deviation. */
export function scaledMad(values: readonly number[], centre = median(values)): number {
  return 1.4826 * median(values.map((x) => Math.abs(x - centre)));
}
