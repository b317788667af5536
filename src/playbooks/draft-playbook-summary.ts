// The summarize step's paragraph: with an OpenAI key, drafted by the model from the (pseudonymised)
// findings and held to the management summaries' number check sentence by sentence; otherwise, and on
// any failure, the findings themselves.
import type OpenAI from 'openai';
import { addTextFigures, emptyFigureFacts } from '../numbers/match-figures.ts';
import { checkDraftNumbers } from '../drafting/check-draft-numbers.ts';
import type { ReplacedSentence, SummaryDraft, SummarySource } from '../drafting/draft-schema.ts';
import { createOpenAIClient, draftWithOpenAI } from '../drafting/draft-with-openai.ts';
import { draftSkeleton, type PromptMessage } from '../drafting/prompt-summary.ts';
import { pseudonymise } from '../drafting/pseudonymise.ts';

/** How to reach the model: config.openai, or a ready client. */
export interface PlaybookDrafting {
  apiKey?: string;
  baseUrl?: string;
  model: string;
  timeoutMs?: number;
  client?: OpenAI;
}

/** The paragraph, who wrote it, and the drafted sentences the number check replaced. */
export interface PlaybookSummary {
  text: string;
  source: SummarySource;
  replaced: ReplacedSentence[];
  fallbackReason?: string;
}

const SYSTEM = [
  'You summarise the findings of an investigation playbook for the on-call responder of a marketplace trust and safety team.',
  'Write one short sentence per item of the skeleton, in its order, keeping each "about" key as given: what moved, where, and the likely cause.',
  'Use only figures that appear in the findings, printed the same way; never compute new totals, ratios or differences.',
  'Keep pseudonyms such as M1 or U1 exactly as written. Plain text, no headings, no lists.',
].join(' ');

/** The summary of `findings` (from the step results) for the playbook titled `title`. */
export async function draftPlaybookSummary(
  title: string,
  findings: string[],
  drafting: PlaybookDrafting | undefined,
): Promise<PlaybookSummary> {
  const template: SummaryDraft = {
    headline: title,
    overall: 'amber',
    actions: [],
    sections: [
      { key: 'findings', title: 'Findings', sentences: findings.map((text, i) => ({ about: `finding:${i}`, text })) },
    ],
  };
  const plain = findings.join(' ');
  if (!drafting || (!drafting.apiKey && !drafting.client) || findings.length === 0)
    return { text: plain, source: 'template', replaced: [] };
  const client =
    drafting.client ??
    createOpenAIClient({ apiKey: drafting.apiKey!, baseUrl: drafting.baseUrl, timeoutMs: drafting.timeoutMs });
  const hidden = pseudonymise({ title, findings });
  const messages: PromptMessage[] = [
    { role: 'system', content: SYSTEM },
    {
      role: 'user',
      content: JSON.stringify({
        skeleton: draftSkeleton(template),
        findings: hidden.facts.findings,
        playbook: hidden.facts.title,
      }),
    },
  ];
  const result = await draftWithOpenAI(client, drafting.model, messages, drafting.timeoutMs);
  if (!result.ok) return { text: plain, source: 'template', replaced: [], fallbackReason: result.reason };
  // Checked while pseudonymised (M1 reads as a name, not a figure), restored after.
  const facts = emptyFigureFacts();
  for (const f of hidden.facts.findings) addTextFigures(facts, f);
  const sentences = result.draft.sections.flatMap((s) => s.sentences);
  const hiddenTemplate: SummaryDraft = {
    ...template,
    sections: [
      {
        key: 'findings',
        title: 'Findings',
        sentences: hidden.facts.findings.map((text, i) => ({ about: `finding:${i}`, text })),
      },
    ],
  };
  const check = checkDraftNumbers(
    { ...template, sections: [{ key: 'findings', title: 'Findings', sentences }] },
    hiddenTemplate,
    facts,
  );
  // The headline is the title itself and always passes; the sentences are what count.
  const replaced = check.replaced.map((r) => ({
    sentence: hidden.restore(r.sentence),
    numbers: r.numbers,
    replacement: r.replacement && hidden.restore(r.replacement),
  }));
  if (check.passed <= 1)
    return { text: plain, source: 'template', replaced, fallbackReason: 'no drafted sentence passed the number check' };
  const text = hidden.restore(
    check.draft.sections
      .flatMap((s) => s.sentences)
      .map((s) => s.text)
      .join(' '),
  );
  return { text, source: replaced.length === 0 ? 'llm' : 'mixed', replaced };
}
