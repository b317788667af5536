// One file's rows as NAB's sweeper sees them: each scorable row's anomaly score, its unweighted reward, and its window.
import { probationLength } from './nab-profiles.ts';
import { scaledSigmoid } from './scaled-sigmoid.ts';

/** An anomaly window: first and last timestamp (epoch ms), both inclusive. */
export interface NabWindow {
  start: number;
  end: number;
}

/** The scorable (post-probation) rows of one file, ready for threshold sweeps under any profile. */
export interface SweptFile {
  /** The detector's anomaly score of each scorable row. */
  anomaly: Float64Array;
  /** In a window: scaledSigmoid(position) / scaledSigmoid(-1), 1 at the left edge. Outside: scaledSigmoid(distance past the previous window), -1 far away. */
  reward: Float64Array;
  /** Index (0..windowCount-1) of the window a row is in, -1 outside every window. */
  window: Int32Array;
  /** Windows holding at least one scorable row: each is a true positive or a miss. */
  windowCount: number;
}

const MAX_TP = scaledSigmoid(-1);

/** Row index ranges of the windows, sorted; windows without rows are dropped. */
function windowRanges(timestamps: readonly number[], windows: readonly NabWindow[]): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  for (const w of [...windows].sort((a, b) => a.start - b.start)) {
    let left = timestamps.findIndex((t) => t >= w.start);
    if (left < 0) continue;
    let right = left;
    while (right + 1 < timestamps.length && timestamps[right + 1]! <= w.end) right++;
    if (timestamps[left]! > w.end) continue;
    if (ranges.length > 0 && left <= ranges[ranges.length - 1]![1]) left = ranges[ranges.length - 1]![1] + 1;
    if (left <= right) ranges.push([left, right]);
  }
  return ranges;
}

/** Sweeps one file (NAB's calcSweepScore): rows before the probation end are left out, windows count from their left edge. */
export function sweepFile(
  timestamps: readonly number[],
  anomalyScores: readonly number[],
  windows: readonly NabWindow[],
): SweptFile {
  if (timestamps.length !== anomalyScores.length)
    throw new Error(`sweepFile: ${timestamps.length} timestamps but ${anomalyScores.length} scores`);
  const n = timestamps.length;
  const probation = probationLength(n);
  const ranges = windowRanges(timestamps, windows);
  const size = Math.max(0, n - probation);
  const anomaly = new Float64Array(size);
  const reward = new Float64Array(size);
  const window = new Int32Array(size).fill(-1);
  const ids = new Map<number, number>();
  let next = 0;
  let prevRight = -1;
  let prevWidth = 0;
  for (let i = 0; i < n; i++) {
    while (next < ranges.length && ranges[next]![1] < i) {
      prevRight = ranges[next]![1];
      prevWidth = ranges[next]![1] - ranges[next]![0] + 1;
      next++;
    }
    const current = next < ranges.length && ranges[next]![0] <= i ? next : -1;
    let r: number;
    if (current >= 0) {
      const [left, right] = ranges[current]!;
      r = scaledSigmoid(-(right - i + 1) / (right - left + 1)) / MAX_TP;
    } else if (prevRight < 0 || prevWidth <= 1) {
      r = -1;
    } else {
      r = scaledSigmoid(Math.abs(prevRight - i) / (prevWidth - 1));
    }
    if (i < probation) continue;
    const k = i - probation;
    anomaly[k] = anomalyScores[i]!;
    reward[k] = r;
    if (current >= 0) {
      if (!ids.has(current)) ids.set(current, ids.size);
      window[k] = ids.get(current)!;
    }
  }
  return { anomaly, reward, window, windowCount: ids.size };
}
