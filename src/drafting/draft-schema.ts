// A summary draft as the LLM returns it (structured output) and the template writes it: sections of
// sentences, each sentence tied to the fact it is about, so a sentence that fails the number check can be
// replaced by the template's sentence about the same fact.
import { z } from 'zod';

/** One sentence and the fact it is about: "metric:refund_rate", "incident:12", "header", "actions", "integrity". */
export const draftSentenceSchema = z.object({
  about: z.string(),
  text: z.string(),
});

/** The structured draft. */
export const summaryDraftSchema = z.object({
  headline: z.string(),
  overall: z.enum(['green', 'amber', 'red']),
  sections: z.array(
    z.object({
      /** header | scorecard | incidents | integrity | actions (digest); what_happened | impact | timeline | root_cause | actions (incident). */
      key: z.string(),
      title: z.string(),
      sentences: z.array(draftSentenceSchema),
    }),
  ),
  actions: z.array(z.object({ text: z.string(), owner: z.string().nullable(), due: z.string().nullable() })),
});

/** A draft. */
export type SummaryDraft = z.infer<typeof summaryDraftSchema>;

/** Who wrote what was posted. */
export type SummarySource = 'llm' | 'template' | 'mixed';

/** A sentence the number check replaced, and the figures that did not match a fact. */
export interface ReplacedSentence {
  sentence: string;
  numbers: string[];
  /** What was posted instead (the template's sentence about the same fact), or null when dropped. */
  replacement: string | null;
  /** Why: a figure not in the facts (`numbers`, the default), or something that must be said left out (`omitted`). */
  reason?: 'numbers' | 'omitted';
  /** The fact the sentence is about (an omitted one names what was missing). */
  about?: string;
}

/** A finished summary: the draft as posted, its text exactly as posted, and how it was written. */
export interface WrittenSummary {
  kind: 'daily' | 'weekly' | 'incident';
  source: SummarySource;
  draft: SummaryDraft;
  /** Exactly what would be posted, as Slack mrkdwn. */
  text: string;
  replaced: ReplacedSentence[];
  /** Why the LLM was not used, when it was not (no key, timeout, refusal, ...). */
  fallbackReason?: string;
  usage?: { promptTokens: number; completionTokens: number };
}
