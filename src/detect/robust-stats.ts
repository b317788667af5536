// Order statistics that a past incident in the baseline cannot drag: median and MAD. Baselines are a
// handful of values judged millions of times, so these work in place on a scratch buffer.

let scratch = new Float64Array(16);

/** Median of values[0..n) (NaN when n is 0); `values` is not modified. Accepts a plain array too. */
export function median(values: ArrayLike<number>, n = values.length): number {
  let m = 0;
  if (scratch.length < n) scratch = new Float64Array(n * 2);
  if (n > 32) return sortedMedian(values, n);
  // Insertion sort of the finite values: fastest for the 2-12 values a baseline has.
  for (let i = 0; i < n; i++) {
    const x = values[i]!;
    if (!Number.isFinite(x)) continue;
    let j = m++;
    while (j > 0 && scratch[j - 1]! > x) {
      scratch[j] = scratch[j - 1]!;
      j--;
    }
    scratch[j] = x;
  }
  if (m === 0) return NaN;
  const mid = m >> 1;
  return m % 2 === 1 ? scratch[mid]! : (scratch[mid - 1]! + scratch[mid]!) / 2;
}

// Long trailing baselines (hundreds of points): selection in linear time beats insertion sort's n^2.
function sortedMedian(values: ArrayLike<number>, n: number): number {
  let m = 0;
  for (let i = 0; i < n; i++) if (Number.isFinite(values[i]!)) scratch[m++] = values[i]!;
  if (m === 0) return NaN;
  const mid = m >> 1;
  const upper = select(scratch, m, mid);
  if (m % 2 === 1) return upper;
  // After selection everything before `mid` is at most the upper middle: the lower middle is their maximum.
  let lower = -Infinity;
  for (let i = 0; i < mid; i++) if (scratch[i]! > lower) lower = scratch[i]!;
  return (lower + upper) / 2;
}

// Hoare's selection: rearranges a[0..m) so that a[k] holds the k-th smallest, smaller ones before it.
function select(a: Float64Array, m: number, k: number): number {
  let lo = 0;
  let hi = m - 1;
  while (lo < hi) {
    const pivot = a[(lo + hi) >> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i++] = a[j]!;
        a[j--] = t;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else break;
  }
  return a[k]!;
}

let deviations = new Float64Array(64);

/** Median absolute deviation from the median, scaled by 1.4826 so it estimates a normal standard deviation. */
export function scaledMad(values: ArrayLike<number>, n = values.length, centre = median(values, n)): number {
  if (deviations.length < n) deviations = new Float64Array(n * 2);
  const dev = deviations;
  for (let i = 0; i < n; i++) dev[i] = Math.abs(values[i]! - centre);
  return 1.4826 * median(dev, n);
}
