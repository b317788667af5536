// Summaries: tokens per digest request, and the number check over recorded drafts. There is no
// network here, so the recorded drafts in bench/fixtures/recorded-drafts/ are hand-written imitations
// of LLM output for the fixture facts (with the mistakes models make, each one listed as `planted`),
// not real model output. Baseline in the same run: the template's own drafts, which must pass 100%.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { zodResponseFormat } from 'openai/helpers/zod';
import { checkDraftNumbers } from '../src/drafting/check-draft-numbers.ts';
import type { SummaryFacts } from '../src/summaries/digest-facts-schema.ts';
import { summaryDraftSchema, type SummaryDraft } from '../src/drafting/draft-schema.ts';
import { figuresBySubject } from '../src/summaries/figures-of-summary.ts';
import { buildSummaryMessages } from '../src/drafting/prompt-summary.ts';
import { pseudonymise } from '../src/drafting/pseudonymise.ts';
import { templateSummary } from '../src/summaries/write-summary.ts';
import { sampleDigest, sampleIncident, TZ } from '../test/summaries/fixtures/sample-summaries.ts';
import { median, type BenchResult } from './bench-result.ts';

const here = dirname(fileURLToPath(import.meta.url));
const DIR = join(here, 'fixtures', 'recorded-drafts');
const FACTS: Record<string, SummaryFacts> = { sampleDigest, sampleIncident };
const RUNS = 20;

interface Recorded {
  facts: string;
  notes: string;
  /** about key -> the mistake written into that sentence. */
  planted: Record<string, string>;
  draft: SummaryDraft;
}

// OpenAI's rule of thumb for English: about 4 characters per token.
const tokens = (chars: number) => Math.round(chars / 4);

function restore(d: SummaryDraft, back: (s: string) => string): SummaryDraft {
  return {
    ...d,
    headline: back(d.headline),
    sections: d.sections.map((s) => ({ ...s, sentences: s.sentences.map((x) => ({ ...x, text: back(x.text) })) })),
  };
}

/** Runs the benchmark; see bench/run.ts. */
export default async function run(): Promise<BenchResult[]> {
  const files = readdirSync(DIR)
    .filter((f) => f.endsWith('.json'))
    .sort();
  let sentences = 0;
  let passed = 0;
  let caught = 0;
  let planted = 0;
  let falseAlarms = 0;
  const times: number[] = [];
  for (const file of files) {
    const rec = JSON.parse(readFileSync(join(DIR, file), 'utf8')) as Recorded;
    const facts = FACTS[rec.facts]!;
    const template = templateSummary(facts, TZ);
    const draft = restore(summaryDraftSchema.parse(rec.draft), pseudonymise(facts).restore);
    const began = performance.now();
    const check = checkDraftNumbers(draft, template, figuresBySubject(facts, TZ));
    times.push(performance.now() - began);
    sentences += check.sentences;
    passed += check.passed;
    const flagged = new Set(
      check.replaced.map(
        (r) => draft.sections.flatMap((s) => s.sentences).find((x) => x.text === r.sentence)?.about ?? 'headline',
      ),
    );
    planted += Object.keys(rec.planted).length;
    caught += Object.keys(rec.planted).filter((about) => flagged.has(about)).length;
    falseAlarms += [...flagged].filter((about) => !(about in rec.planted)).length;
  }

  let tSentences = 0;
  let tPassed = 0;
  for (const facts of Object.values(FACTS)) {
    const t = templateSummary(facts, TZ);
    const check = checkDraftNumbers(t, t, figuresBySubject(facts, TZ));
    tSentences += check.sentences;
    tPassed += check.passed;
  }

  const template = templateSummary(sampleDigest, TZ);
  const messages = buildSummaryMessages(pseudonymise(sampleDigest).facts, template, TZ);
  const schemaChars = JSON.stringify(zodResponseFormat(summaryDraftSchema, 'summary_draft').json_schema).length;
  const promptChars = JSON.stringify(messages).length + schemaChars;
  const completionChars = JSON.stringify(
    (JSON.parse(readFileSync(join(DIR, 'digest-01-careful.json'), 'utf8')) as Recorded).draft,
  ).length;
  const buildTimes: number[] = [];
  for (let k = 0; k < RUNS; k++) {
    const began = performance.now();
    buildSummaryMessages(pseudonymise(sampleDigest).facts, templateSummary(sampleDigest, TZ), TZ);
    buildTimes.push(performance.now() - began);
  }

  const share = (100 * passed) / sentences;
  return [
    {
      name: 'summaries: tokens per daily digest (estimate)',
      median: tokens(promptChars) + tokens(completionChars),
      unit: 'tokens',
      runs: 1,
      notes:
        `prompt ~${tokens(promptChars)} (messages ${JSON.stringify(messages).length} chars + response schema ${schemaChars} chars, at 4 chars/token) + completion ~${tokens(completionChars)} (the careful recorded draft); ` +
        `7 metrics, 3 incidents; chars/4 estimate, not SDK-reported usage (no network here); building the request takes ${median(buildTimes).toFixed(2)} ms`,
    },
    {
      name: 'summaries: share of drafted sentences passing the number check',
      median: share,
      unit: '%',
      runs: 1,
      baseline: { name: "the template's own drafts", median: (100 * tPassed) / tSentences },
      ratio: share / ((100 * tPassed) / tSentences),
      target: {
        text: "the template's drafts pass 100%, and every planted mistake is caught",
        met: tPassed === tSentences && caught === planted,
      },
      notes:
        `${passed}/${sentences} sentences over ${files.length} recorded drafts (hand-written imitations of LLM output, not real model output); ` +
        `planted mistakes caught ${caught}/${planted}, sentences flagged without a planted mistake ${falseAlarms}; template ${tPassed}/${tSentences}; check ${median(times).toFixed(2)} ms per draft`,
    },
  ];
}
