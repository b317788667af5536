// The coverage check of a drafted summary, beside the number check: what must be said (a red metric with
// its value, an open SEV1 by its number, an overdue action) is looked for in the draft, and anything
// left out gets the template's sentence about it back (in place of the drafted sentence about it, if
// there is one), recorded as `omitted`. Pure.
import type { ReplacedSentence, SummaryDraft } from './draft-schema.ts';

type Sentence = SummaryDraft['sections'][number]['sentences'][number];

/** Something the draft must say: the template sentence's `about` key and a test of the draft's sentences. */
export interface CoverageRequirement {
  about: string;
  /** Why it must be said, for the log and `replaced` ("red metric refund_rate"). */
  what: string;
  covered: (sentence: Sentence) => boolean;
}

/** The draft with every requirement said, and what was put back. */
export interface CoverageCheck {
  draft: SummaryDraft;
  replaced: ReplacedSentence[];
}

// Puts `sentence` into the draft's section of the same key as the template's, creating it in template order.
function putBack(draft: SummaryDraft, template: SummaryDraft, sentence: Sentence): SummaryDraft {
  const home = template.sections.find((s) => s.sentences.some((x) => x.about === sentence.about))!;
  const at = draft.sections.findIndex((s) => s.key === home.key);
  if (at >= 0) {
    const sections = draft.sections.slice();
    sections[at] = { ...sections[at]!, sentences: [...sections[at]!.sentences, sentence] };
    return { ...draft, sections };
  }
  const order = template.sections.map((s) => s.key);
  const rank = (key: string) => (order.includes(key) ? order.indexOf(key) : order.length);
  const sections = [...draft.sections, { key: home.key, title: home.title, sentences: [sentence] }].sort(
    (a, b) => rank(a.key) - rank(b.key),
  );
  return { ...draft, sections };
}

function replaceSentence(draft: SummaryDraft, old: Sentence, by: Sentence): SummaryDraft {
  return {
    ...draft,
    sections: draft.sections.map((s) => ({ ...s, sentences: s.sentences.map((x) => (x === old ? by : x)) })),
  };
}

/** Checks that `draft` says every requirement; what it leaves out is put back from `template`. */
export function checkDraftCoverage(
  draft: SummaryDraft,
  template: SummaryDraft,
  requirements: readonly CoverageRequirement[],
): CoverageCheck {
  const templateSentences = template.sections.flatMap((s) => s.sentences);
  const replaced: ReplacedSentence[] = [];
  let out = draft;
  for (const req of requirements) {
    if (out.sections.some((s) => s.sentences.some(req.covered))) continue;
    const sentence = templateSentences.find((s) => s.about === req.about);
    if (!sentence) continue;
    // A drafted sentence about the fact that leaves out what must be said is replaced; with none, it is added.
    const drafted = out.sections.flatMap((s) => s.sentences).find((s) => s.about === req.about);
    out = drafted ? replaceSentence(out, drafted, sentence) : putBack(out, template, sentence);
    replaced.push({
      sentence: drafted?.text ?? '',
      numbers: [],
      replacement: sentence.text,
      reason: 'omitted',
      about: req.about,
    });
  }
  return { draft: out, replaced };
}
