// The number check of a drafted summary: every sentence whose figures do not all match the facts is
// replaced by the template's sentence about the same fact (or dropped when there is none), and recorded.
// Action items, owners, due dates and the overall status are taken from the facts, not the draft. Pure.
import { checkFigures, type FigureFacts } from '../numbers/match-figures.ts';
import type { Locale } from '../i18n/locales.ts';
import type { ReplacedSentence, SummaryDraft } from './draft-schema.ts';

/** The draft as it may be posted, what was replaced, and how many sentences passed. */
export interface DraftCheck {
  draft: SummaryDraft;
  replaced: ReplacedSentence[];
  /** Sentences (the headline counts as one) and how many passed as written. */
  sentences: number;
  passed: number;
  /** Figures read and checked in all sentences. */
  figures: number;
}

/** Checks `draft`, written in `locale`, against `facts` (see figuresOfSummary), falling back to `template` sentence by sentence. */
export function checkDraftNumbers(
  draft: SummaryDraft,
  template: SummaryDraft,
  facts: FigureFacts | ((about: string) => FigureFacts),
  locale: Locale = 'en',
): DraftCheck {
  // Facts may be scoped by subject: a sentence about one metric is checked against that metric's figures.
  const factsAbout = typeof facts === 'function' ? facts : () => facts;
  const fallback = new Map<string, string>();
  for (const s of template.sections.flatMap((x) => x.sentences))
    if (!fallback.has(s.about)) fallback.set(s.about, s.text);
  const replaced: ReplacedSentence[] = [];
  let sentences = 0;
  let passed = 0;
  let figures = 0;

  const check = (text: string, replacement: string | null, about: string): string | null => {
    sentences++;
    const result = checkFigures(text, factsAbout(about), locale);
    figures += result.checked;
    if (result.unmatched.length === 0) {
      passed++;
      return text;
    }
    replaced.push({ sentence: text, numbers: result.unmatched.map((u) => u.figure.text), replacement, about });
    return replacement;
  };

  const headline = check(draft.headline, template.headline, 'headline') ?? template.headline;
  const sections = draft.sections
    .map((section) => ({
      ...section,
      sentences: section.sentences.flatMap((s) => {
        const text = check(s.text, fallback.get(s.about) ?? null, s.about);
        return text === null ? [] : [{ about: s.about, text }];
      }),
    }))
    .filter((section) => section.sentences.length > 0);
  return {
    draft: { headline, overall: template.overall, sections, actions: template.actions },
    replaced,
    sentences,
    passed,
    figures,
  };
}
