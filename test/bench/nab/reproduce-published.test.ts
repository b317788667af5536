// The scorer reproduces NAB's published final scores of numenta (HTM) and windowedGaussian from their per-row results.
import { describe, expect, it } from 'vitest';
import {
  nabDir,
  hasNabData,
  readFinalResults,
  readNabCorpus,
  readPublishedScores,
} from '../../../bench/nab/read-nab-corpus.ts';
import { scoreCorpus } from '../../../bench/nab/score-corpus.ts';
import type { ProfileName } from '../../../bench/nab/nab-profiles.ts';

const dir = nabDir();
const present = hasNabData(dir);
if (!present)
  console.warn(
    `skipping NAB reproduction: no NAB data at ${dir} (set NAB_DIR to a copy of NAB's data/, labels/ and published-results/)`,
  );

describe.skipIf(!present)('NAB published scores', () => {
  const corpus = present ? readNabCorpus(dir) : [];
  const published = present ? readFinalResults(dir) : {};

  it('reads all 58 files and 116 windows', () => {
    expect(corpus).toHaveLength(58);
    expect(corpus.reduce((a, f) => a + f.windows.length, 0)).toBe(116);
  });

  for (const detector of ['numenta', 'windowedGaussian']) {
    it(`reproduces ${detector} on all three profiles within 0.5 points`, () => {
      const files = corpus.map((f) => ({ ...f, scores: readPublishedScores(dir, detector, f.name) }));
      const result = scoreCorpus(files);
      for (const profile of ['standard', 'reward_low_FP_rate', 'reward_low_FN_rate'] as ProfileName[]) {
        expect(Math.abs(result[profile]!.normalised - published[detector]![profile])).toBeLessThan(0.5);
      }
    });
  }
});
