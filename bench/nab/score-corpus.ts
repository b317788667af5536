// The NAB score of a detector on a corpus: per profile, the corpus-optimal threshold and the score normalised
// so that the null detector (never fires) gets 0 and a perfect one (every window at its left edge, no false positive) 100.
import { NAB_PROFILES, type CostMatrix, type ProfileName } from './nab-profiles.ts';
import { sweepFile, type NabWindow } from './sweep-file.ts';
import { mergeSwept, optimiseThreshold } from './sweep-thresholds.ts';

/** One file of a detector's output: its timestamps, anomaly scores, and labelled windows. */
export interface ScoredFile {
  name: string;
  timestamps: readonly number[];
  scores: readonly number[];
  windows: readonly NabWindow[];
}

/** A detector's result under one profile. */
export interface ProfileScore {
  threshold: number;
  raw: number;
  nullRaw: number;
  perfectRaw: number;
  /** 100 * (raw - null) / (perfect - null). */
  normalised: number;
}

/** 100 * (raw - null) / (perfect - null): NAB's final score. */
export function normaliseScore(raw: number, nullRaw: number, perfectRaw: number): number {
  return (100 * (raw - nullRaw)) / (perfectRaw - nullRaw);
}

/** Scores a detector's output on a corpus under each profile, optimising one threshold per profile over all files. */
export function scoreCorpus(
  files: readonly ScoredFile[],
  profiles: Partial<Record<ProfileName, CostMatrix>> = NAB_PROFILES,
): Partial<Record<ProfileName, ProfileScore>> {
  const swept = files.map((f) => sweepFile(f.timestamps, f.scores, f.windows));
  const merged = mergeSwept(swept);
  const scorable = merged.windowCount;
  const labelled = files.reduce((a, f) => a + f.windows.length, 0);
  const out: Partial<Record<ProfileName, ProfileScore>> = {};
  for (const [name, cost] of Object.entries(profiles) as Array<[ProfileName, CostMatrix]>) {
    const best = optimiseThreshold(merged, cost);
    const nullRaw = -cost.fnWeight * scorable;
    const perfectRaw = cost.tpWeight * labelled;
    out[name] = {
      threshold: best.threshold,
      raw: best.score,
      nullRaw,
      perfectRaw,
      normalised: normaliseScore(best.score, nullRaw, perfectRaw),
    };
  }
  return out;
}
