// NAB's threshold sweep: the corpus score at every distinct anomaly score, highest threshold first.
import type { CostMatrix } from './nab-profiles.ts';
import type { SweptFile } from './sweep-file.ts';

/** The raw score of a corpus when rows with anomaly score >= threshold are detections. */
export interface ThresholdScore {
  threshold: number;
  score: number;
}

/** All files' scorable rows in one list, with window ids made unique and rows ordered by anomaly score, highest first. */
export interface MergedSweep {
  anomaly: Float64Array;
  reward: Float64Array;
  window: Int32Array;
  windowCount: number;
  order: Uint32Array;
}

/** Merges swept files once, so each profile's sweep reuses the sort. */
export function mergeSwept(files: readonly SweptFile[]): MergedSweep {
  const total = files.reduce((a, f) => a + f.anomaly.length, 0);
  const anomaly = new Float64Array(total);
  const reward = new Float64Array(total);
  const window = new Int32Array(total);
  let at = 0;
  let windowCount = 0;
  for (const f of files) {
    anomaly.set(f.anomaly, at);
    reward.set(f.reward, at);
    for (let i = 0; i < f.anomaly.length; i++) window[at + i] = f.window[i]! < 0 ? -1 : f.window[i]! + windowCount;
    at += f.anomaly.length;
    windowCount += f.windowCount;
  }
  const order = Uint32Array.from({ length: total }, (_, i) => i).sort((a, b) => anomaly[b]! - anomaly[a]!);
  return { anomaly, reward, window, windowCount, order };
}

/** Raw scores at every threshold (NAB's calcScoreByThreshold), starting at 1.1 where nothing is detected. */
export function scoreByThreshold(merged: MergedSweep, cost: CostMatrix): ThresholdScore[] {
  const { anomaly, reward, window, windowCount: windows, order } = merged;
  // Each window counts once, by its best (earliest) detection; until then it is a miss.
  const best = new Float64Array(windows).fill(-cost.fnWeight);
  let score = -cost.fnWeight * windows;
  let threshold = 1.1;
  const out: ThresholdScore[] = [];
  for (const i of order) {
    if (anomaly[i] !== threshold) {
      out.push({ threshold, score });
      threshold = anomaly[i]!;
    }
    const w = window[i]!;
    if (w < 0) score += reward[i]! * cost.fpWeight;
    else if (reward[i]! * cost.tpWeight > best[w]!) {
      score += reward[i]! * cost.tpWeight - best[w]!;
      best[w] = reward[i]! * cost.tpWeight;
    }
  }
  out.push({ threshold, score });
  return out;
}

/** The threshold with the highest corpus score (the highest such threshold on ties, as NAB's stable sort picks). */
export function optimiseThreshold(merged: MergedSweep, cost: CostMatrix): ThresholdScore {
  let best: ThresholdScore | undefined;
  for (const row of scoreByThreshold(merged, cost)) if (!best || row.score > best.score) best = row;
  return best!;
}

/** The raw score of one file when rows with anomaly score >= threshold are detections. */
export function scoreFileAt(file: SweptFile, cost: CostMatrix, threshold: number): number {
  const best = new Float64Array(file.windowCount).fill(-cost.fnWeight);
  let fp = 0;
  for (let i = 0; i < file.anomaly.length; i++) {
    if (!(file.anomaly[i]! >= threshold)) continue;
    const w = file.window[i]!;
    if (w < 0) fp += file.reward[i]! * cost.fpWeight;
    else best[w] = Math.max(best[w]!, file.reward[i]! * cost.tpWeight);
  }
  return best.reduce((a, b) => a + b, fp);
}
