// The maximum of the last N values of a stream in amortised O(1), with a monotonic deque.

/** A sliding-window maximum over a stream. */
export class RollingMax {
  private readonly at: number[] = [];
  private readonly values: number[] = [];
  private start = 0;
  private count = 0;

  constructor(readonly capacity: number) {}

  /** Adds a value; values older than `capacity` pushes drop out. */
  push(value: number): void {
    while (this.values.length > this.start && this.values[this.values.length - 1]! <= value) {
      this.values.pop();
      this.at.pop();
    }
    this.values.push(value);
    this.at.push(this.count++);
    while (this.at[this.start]! <= this.count - 1 - this.capacity) this.start++;
    // Compact now and then so the arrays do not grow without bound.
    if (this.start > 1024 && this.start * 2 > this.values.length) {
      this.values.splice(0, this.start);
      this.at.splice(0, this.start);
      this.start = 0;
    }
  }

  /** The maximum of the window, or `fallback` when nothing was pushed yet. */
  max(fallback = -Infinity): number {
    return this.values.length > this.start ? this.values[this.start]! : fallback;
  }
}
