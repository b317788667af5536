// The last N values of a stream kept sorted, so quantiles cost O(1) and each update O(N) memmove at worst.

/** A fixed-size sliding window over a stream that answers quantiles. */
export class RollingQuantiles {
  private readonly fifo: number[] = [];
  private readonly sorted: number[] = [];
  private head = 0;

  constructor(readonly capacity: number) {}

  /** How many values the window holds now. */
  get size(): number {
    return this.sorted.length;
  }

  /** Adds a value, evicting the oldest once the window is full. */
  push(value: number): void {
    if (this.sorted.length === this.capacity) {
      const old = this.fifo[this.head]!;
      this.fifo[this.head] = value;
      this.head = (this.head + 1) % this.capacity;
      this.sorted.splice(this.lowerBound(old), 1);
    } else {
      this.fifo.push(value);
    }
    this.sorted.splice(this.lowerBound(value), 0, value);
  }

  /** The q-quantile (0..1) by linear interpolation; NaN when empty. */
  quantile(q: number): number {
    const n = this.sorted.length;
    if (n === 0) return NaN;
    const at = q * (n - 1);
    const lo = Math.floor(at);
    const hi = Math.min(lo + 1, n - 1);
    return this.sorted[lo]! + (this.sorted[hi]! - this.sorted[lo]!) * (at - lo);
  }

  private lowerBound(value: number): number {
    let lo = 0;
    let hi = this.sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.sorted[mid]! < value) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
