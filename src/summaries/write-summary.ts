// The summary pipeline: the template always, a drafted version when an OpenAI key is set (facts
// pseudonymised on the way out, identifiers restored on the way back), the number check between the
// draft and the facts, and the text exactly as it would be posted.
import type OpenAI from 'openai';
import type { Locale } from '../i18n/locales.ts';
import type { SummaryFacts } from './digest-facts-schema.ts';
import type { ReplacedSentence, SummaryDraft, WrittenSummary } from '../drafting/draft-schema.ts';
import { checkDraftCoverage, type CoverageCheck } from '../drafting/check-draft-coverage.ts';
import { digestCoverage } from './digest-coverage.ts';
import { checkDraftNumbers, type DraftCheck } from '../drafting/check-draft-numbers.ts';
import { createOpenAIClient, draftWithOpenAI } from '../drafting/draft-with-openai.ts';
import { figuresBySubject } from './figures-of-summary.ts';
import { buildSummaryMessages } from '../drafting/prompt-summary.ts';
import { pseudonymise } from '../drafting/pseudonymise.ts';
import { renderSummaryText } from './render-summary-text.ts';
import { templateDigest } from './template-digest.ts';
import { templateIncident } from './template-incident.ts';

/** The pino-compatible part of a logger the pipeline uses. */
export interface SummaryLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

/** How to write a summary: config.openai (drafting needs apiKey), VIGIL_TIMEZONE, and test seams. */
export interface WriteSummaryOptions {
  openai?: { apiKey?: string; baseUrl?: string; model: string; timeoutMs?: number; maxRetries?: number };
  timezone: string;
  /** The language to write in (default en): the template's catalog, the prompt and the number check's reading. */
  language?: Locale;
  logger?: SummaryLogger;
  /** A ready client (tests, or a shared one); otherwise one is made from `openai`. */
  client?: OpenAI;
}

/** The template's draft of `facts` (a digest in `language`; incident summaries are English). */
export function templateSummary(facts: SummaryFacts, timeZone: string, language: Locale = 'en'): SummaryDraft {
  return facts.kind === 'incident' ? templateIncident(facts, timeZone) : templateDigest(facts, timeZone, language);
}

function restoreDraft(d: SummaryDraft, restore: (s: string) => string): SummaryDraft {
  return {
    headline: restore(d.headline),
    overall: d.overall,
    sections: d.sections.map((s) => ({
      key: s.key,
      title: restore(s.title),
      sentences: s.sentences.map((x) => ({ about: x.about, text: restore(x.text) })),
    })),
    actions: d.actions.map((a) => ({ text: restore(a.text), owner: a.owner && restore(a.owner), due: a.due })),
  };
}

function byTemplate(
  facts: SummaryFacts,
  template: SummaryDraft,
  fallbackReason: string,
  usage?: WrittenSummary['usage'],
  rejected: ReplacedSentence[] = [],
  language: Locale = 'en',
): WrittenSummary {
  return {
    kind: facts.kind,
    source: 'template',
    draft: template,
    text: renderSummaryText(template, { source: 'template', language }),
    // A draft thrown away whole keeps its sentences here, so a reviewer can see what the model wrote.
    replaced: rejected,
    fallbackReason,
    usage,
  };
}

// Why a mixed summary is not the model's alone, in one line.
function mixedReason(replaced: readonly ReplacedSentence[]): string {
  const omitted = replaced.filter((r) => r.reason === 'omitted').length;
  const wrong = replaced.length - omitted;
  return [
    wrong ? `${wrong} drafted sentence(s) had a figure not in the data` : '',
    omitted ? `${omitted} required fact(s) left out of the draft were put back` : '',
  ]
    .filter(Boolean)
    .join('; ');
}

/** Both checks of a drafted summary: the number check sentence by sentence, then (digests) the coverage check. */
export function checkDrafted(
  facts: SummaryFacts,
  draft: SummaryDraft,
  template: SummaryDraft,
  timeZone: string,
  language: Locale,
): { check: DraftCheck; covered: CoverageCheck; replaced: ReplacedSentence[] } {
  const check = checkDraftNumbers(draft, template, figuresBySubject(facts, timeZone), language);
  const numbers = check.replaced.map((r) => ({ ...r, reason: r.reason ?? ('numbers' as const) }));
  // A draft with no sentence left is dropped whole, so nothing is put back into it.
  const covered =
    facts.kind === 'incident' || check.passed === 0
      ? { draft: check.draft, replaced: [] }
      : checkDraftCoverage(check.draft, template, digestCoverage(facts, language));
  return { check, covered, replaced: [...numbers, ...covered.replaced] };
}

/** Writes the summary of `facts`: drafted and checked when it can be, from the template when not. */
export async function writeSummary(facts: SummaryFacts, opts: WriteSummaryOptions): Promise<WrittenSummary> {
  const tz = opts.timezone;
  const language = facts.kind === 'incident' ? 'en' : (opts.language ?? 'en');
  const template = templateSummary(facts, tz, language);
  const ai = opts.openai;
  if (!ai || (!ai.apiKey && !opts.client))
    return byTemplate(facts, template, 'no OPENAI_API_KEY set', undefined, [], language);

  const client =
    opts.client ??
    createOpenAIClient({ apiKey: ai.apiKey!, baseUrl: ai.baseUrl, timeoutMs: ai.timeoutMs, maxRetries: ai.maxRetries });
  const hidden = pseudonymise(facts);
  const result = await draftWithOpenAI(
    client,
    ai.model,
    buildSummaryMessages(hidden.facts, template, tz, language),
    ai.timeoutMs,
  );
  if (!result.ok) {
    opts.logger?.warn(
      { reason: result.reason, kind: facts.kind },
      'summary drafted by the template: the model was not usable',
    );
    return byTemplate(facts, template, result.reason, result.usage, [], language);
  }

  const { check, covered, replaced } = checkDrafted(
    facts,
    restoreDraft(result.draft, hidden.restore),
    template,
    tz,
    language,
  );
  if (check.passed === 0)
    return byTemplate(facts, template, 'no drafted sentence passed the number check', result.usage, replaced, language);
  const source = replaced.length === 0 ? 'llm' : 'mixed';
  opts.logger?.info(
    { kind: facts.kind, source, sentences: check.sentences, replaced: replaced.length, usage: result.usage },
    'summary drafted and checked',
  );
  return {
    kind: facts.kind,
    source,
    draft: covered.draft,
    replaced,
    ...(source === 'mixed' ? { fallbackReason: mixedReason(replaced) } : {}),
    usage: result.usage,
    text: renderSummaryText(covered.draft, { source, model: result.model, replaced: replaced.length, language }),
  };
}
