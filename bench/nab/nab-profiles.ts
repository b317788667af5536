// NAB's application profiles (config/profiles.json) and its probation rule.

/** The weights of one profile: a true positive, a false positive, a missed window. */
export interface CostMatrix {
  tpWeight: number;
  fpWeight: number;
  fnWeight: number;
}

/** The names of NAB's three profiles. */
export type ProfileName = 'standard' | 'reward_low_FP_rate' | 'reward_low_FN_rate';

/** NAB's three profiles, as in its config/profiles.json. */
export const NAB_PROFILES: Record<ProfileName, CostMatrix> = {
  standard: { tpWeight: 1, fpWeight: 0.11, fnWeight: 1 },
  reward_low_FP_rate: { tpWeight: 1, fpWeight: 0.22, fnWeight: 1 },
  reward_low_FN_rate: { tpWeight: 1, fpWeight: 0.11, fnWeight: 2 },
};

/** Rows at the start of a file that are not scored: 15% of them, at most 750 (NAB's 0.15 * 5000). */
export function probationLength(rows: number): number {
  return Math.min(Math.floor(0.15 * rows), 750);
}
