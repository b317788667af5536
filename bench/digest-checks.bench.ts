// The digest's two checks in each language: every sentence of the template's draft gets one planted
// mistake (a figure changed in its last printed digit, written as that language writes it) and every
// fact the digest must say is left out once; the number check must catch each mistake, the coverage
// check must put back each omission, and neither may replace a true sentence (the template's own
// draft, checked as if a model wrote it, is the baseline: zero replaced). Facts: the fixture digest
// with a weekly trend, vendors with targets, an overdue action and an open SEV1, so every rule is used.
import { LOCALES, type Locale } from '../src/i18n/locales.ts';
import { findFigures } from '../src/numbers/find-figures.ts';
import type { DigestFacts } from '../src/summaries/digest-facts-schema.ts';
import { digestCoverage } from '../src/summaries/digest-coverage.ts';
import { needsAttention } from '../src/summaries/needs-attention.ts';
import { checkDrafted, templateSummary } from '../src/summaries/write-summary.ts';
import type { SummaryDraft } from '../src/drafting/draft-schema.ts';
import { sampleDigest, TZ } from '../test/summaries/fixtures/sample-summaries.ts';
import { median, type BenchResult } from './bench-result.ts';

const base: DigestFacts = {
  ...sampleDigest,
  incidents: {
    ...sampleDigest.incidents,
    list: [{ ...sampleDigest.incidents.list[0]!, id: 21, severity: 1, metricId: null }, ...sampleDigest.incidents.list],
  },
  actions: sampleDigest.actions.map((a, k) => (k === 0 ? { ...a, due: '2025-06-02T10:00:00Z' } : a)),
  trend: {
    thisWeek: { opened: { 1: 1, 2: 2, 3: 1, 4: 0 }, medianMinutesToAcknowledge: 14, medianMinutesToResolve: 150 },
    weeksBefore: {
      openedPerWeek: { 1: 0, 2: 1.3, 3: 2, 4: 0.5 },
      medianMinutesToAcknowledge: 22,
      medianMinutesToResolve: 210,
    },
  },
  vendors: {
    columns: [{ key: 'frt_sla', label: 'first reply within SLA', unit: 'ratio', target: 0.8, bad: 'down' }],
    rows: [
      { vendor: 'vendor-a', values: { frt_sla: 0.957 } },
      { vendor: 'vendor-b', values: { frt_sla: 0.441 } },
    ],
  },
};
const FACTS: DigestFacts = { ...base, ...needsAttention(base) };

// One figure changed by three units of its last printed digit: beyond its rounding, whatever the language.
function plant(text: string, locale: Locale): string | null {
  const figure = findFigures(text, undefined, locale).find((f) => /\d/.test(f.text) && f.kind !== 'incident');
  if (!figure) return null;
  const digits = [...figure.text.matchAll(/\d/g)];
  const last = digits.at(-1)!;
  const at = figure.index + text.slice(figure.index).indexOf(figure.text) + last.index!;
  return text.slice(0, at) + String((Number(last[0]) + 3) % 10) + text.slice(at + 1);
}

const sentencesOf = (d: SummaryDraft) => d.sections.flatMap((s) => s.sentences);

function withText(d: SummaryDraft, about: string, text: string): SummaryDraft {
  return {
    ...d,
    sections: d.sections.map((s) => ({
      ...s,
      sentences: s.sentences.map((x) => (x.about === about ? { about, text } : x)),
    })),
  };
}

function without(d: SummaryDraft, abouts: ReadonlySet<string>): SummaryDraft {
  return {
    ...d,
    sections: d.sections.map((s) => ({ ...s, sentences: s.sentences.filter((x) => !abouts.has(x.about)) })),
  };
}

interface Tally {
  planted: number;
  caught: number;
  omitted: number;
  putBack: number;
  trueReplaced: number;
  ms: number[];
}

function measure(locale: Locale): Tally {
  const t: Tally = { planted: 0, caught: 0, omitted: 0, putBack: 0, trueReplaced: 0, ms: [] };
  const template = templateSummary(FACTS, TZ, locale);
  const began = performance.now();
  t.trueReplaced += checkDrafted(FACTS, template, template, TZ, locale).replaced.length;
  t.ms.push(performance.now() - began);
  for (const s of sentencesOf(template)) {
    const wrong = plant(s.text, locale);
    if (wrong === null) continue;
    t.planted++;
    const { replaced } = checkDrafted(FACTS, withText(template, s.about, wrong), template, TZ, locale);
    if (replaced.some((r) => r.sentence === wrong)) t.caught++;
    else if (process.env.BENCH_SHOW_MISSED) console.error(`  missed (${locale}): ${wrong}`);
    t.trueReplaced += replaced.filter((r) => r.sentence !== wrong).length;
  }
  for (const req of digestCoverage(FACTS, locale)) {
    t.omitted++;
    // Every sentence that says it goes: its own and the attention line about the same fact.
    const gone = new Set(
      sentencesOf(template)
        .filter((x) => req.covered(x))
        .map((x) => x.about),
    );
    const { replaced } = checkDrafted(FACTS, without(template, gone), template, TZ, locale);
    if (replaced.some((r) => r.reason === 'omitted' && r.about === req.about)) t.putBack++;
    t.trueReplaced += replaced.filter((r) => r.reason !== 'omitted' || r.sentence !== '').length;
  }
  return t;
}

/** Runs the benchmark; see bench/run.ts. */
export default async function run(): Promise<BenchResult[]> {
  const out: BenchResult[] = [];
  for (const locale of LOCALES) {
    const t = measure(locale);
    const all = t.caught === t.planted && t.putBack === t.omitted && t.trueReplaced === 0;
    out.push({
      name: `digest checks (${locale}): mistakes caught + omissions put back`,
      median: t.caught + t.putBack,
      unit: `of ${t.planted + t.omitted}`,
      runs: 1,
      baseline: { name: 'true sentences replaced (must be 0)', median: t.trueReplaced },
      target: { text: 'every mistake and omission caught, no true sentence replaced', met: all },
      notes: `${t.caught}/${t.planted} planted figures caught, ${t.putBack}/${t.omitted} omissions put back, ${t.trueReplaced} true sentences replaced; checking the true draft took ${median(t.ms).toFixed(1)} ms`,
    });
  }
  return out;
}
