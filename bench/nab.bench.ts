// NAB: our scorer reproduces the published numenta and windowedGaussian scores, then scores the default
// univariate detector on all 58 files with one configuration. NAB_DIR overrides data/nab (a copy of github.com/numenta/NAB).
import { scoreSeries } from '../src/detect/univariate/score-series.ts';
import type { ProfileName } from './nab/nab-profiles.ts';
import { nabDir, hasNabData, readFinalResults, readNabCorpus, readPublishedScores } from './nab/read-nab-corpus.ts';
import { scoreCorpus, type ProfileScore } from './nab/score-corpus.ts';
import { median, type BenchResult } from './bench-result.ts';

const RUNS = 3;
const PROFILES: ProfileName[] = ['standard', 'reward_low_FP_rate', 'reward_low_FN_rate'];
const TARGET_STANDARD = 60;
const TARGET_DETECT_MS = 5000;
// NAB scoreboard, standard profile (NAB README).
const SCOREBOARD =
  'ARTime 74.9, Numenta HTM 70.5, CAD OSE 69.9, Skyline 58.2, KNN CAD 58.0, Random Cut Forest 51.7, windowedGaussian 39.6';

function fmt(r: Partial<Record<ProfileName, ProfileScore>>): string {
  return PROFILES.map((p) => `${p} ${r[p]!.normalised.toFixed(2)} (threshold ${r[p]!.threshold.toPrecision(4)})`).join(
    ', ',
  );
}

/** Runs the benchmark; see bench/run.ts. */
export default async function run(): Promise<BenchResult[]> {
  const dir = nabDir();
  if (!hasNabData(dir)) {
    console.error(
      `nab: skipped, no NAB data at ${dir} (set NAB_DIR to a directory with data/, labels/ and published-results/)`,
    );
    return [];
  }
  const corpus = readNabCorpus(dir);
  const published = readFinalResults(dir);
  const results: BenchResult[] = [];
  const reproduced: Record<string, Partial<Record<ProfileName, ProfileScore>>> = {};
  for (const detector of ['numenta', 'windowedGaussian']) {
    const files = corpus.map((f) => ({ ...f, scores: readPublishedScores(dir, detector, f.name) }));
    const times: number[] = [];
    let r: Partial<Record<ProfileName, ProfileScore>> = {};
    for (let i = 0; i < RUNS; i++) {
      const began = performance.now();
      r = scoreCorpus(files);
      times.push(performance.now() - began);
    }
    reproduced[detector] = r;
    for (const profile of PROFILES) {
      const ours = r[profile]!.normalised;
      const theirs = published[detector]![profile];
      results.push({
        name: `NAB scorer: ${detector} ${profile} reproduced`,
        median: ours,
        unit: 'points',
        runs: 1,
        baseline: { name: 'published final_results.json', median: theirs },
        ratio: ours / theirs,
        target: { text: 'within 0.5 points of the published score', met: Math.abs(ours - theirs) <= 0.5 },
        notes:
          profile === 'standard'
            ? `scoring 58 files x 3 profiles (threshold sweep over the corpus): median ${median(times).toFixed(0)} ms`
            : undefined,
      });
    }
  }

  const detectMs: number[] = [];
  let scores: number[][] = [];
  for (let i = 0; i < RUNS; i++) {
    const began = performance.now();
    scores = corpus.map((f) => scoreSeries(f.timestamps, f.values));
    detectMs.push(performance.now() - began);
  }
  const scoreMs: number[] = [];
  let ours: Partial<Record<ProfileName, ProfileScore>> = {};
  for (let i = 0; i < RUNS; i++) {
    const began = performance.now();
    ours = scoreCorpus(corpus.map((f, k) => ({ ...f, scores: scores[k]! })));
    scoreMs.push(performance.now() - began);
  }
  const rows = corpus.reduce((a, f) => a + f.values.length, 0);
  for (const profile of PROFILES) {
    const score = ours[profile]!.normalised;
    const htm = reproduced.numenta![profile]!.normalised;
    results.push({
      name: `NAB default univariate detector: ${profile}`,
      median: score,
      unit: 'points',
      runs: 1,
      baseline: { name: 'Numenta HTM (its published results, scored here)', median: htm },
      ratio: score / htm,
      target:
        profile === 'standard'
          ? {
              text: `>= ${TARGET_STANDARD} (beats Random Cut Forest 51.7 and Skyline 58.2; next bar ARTime 74.9)`,
              met: score >= TARGET_STANDARD,
            }
          : undefined,
      notes:
        profile === 'standard'
          ? `threshold ${ours[profile]!.threshold.toPrecision(4)}; scoreboard: ${SCOREBOARD}`
          : undefined,
    });
  }
  results.push({
    name: 'NAB default univariate detector: time to score all 58 files',
    median: median(detectMs),
    unit: 'ms',
    runs: RUNS,
    baseline: { name: 'NAB scoring of its output (3 profiles)', median: median(scoreMs) },
    ratio: median(detectMs) / median(scoreMs),
    target: { text: `< ${TARGET_DETECT_MS} ms`, met: median(detectMs) < TARGET_DETECT_MS },
    notes: `${rows} rows, ${((rows / median(detectMs)) * 1000).toFixed(0)} rows/s; all scores: ${fmt(ours)}`,
  });
  return results;
}
