// A summary draft as the Slack mrkdwn text that is posted, with a footer saying who wrote it. Pure.
import type { SummaryDraft, SummarySource } from './draft-schema.ts';

/** Who wrote the draft, for the footer. */
export interface Authorship {
  source: SummarySource;
  /** The model that drafted it (llm and mixed). */
  model?: string;
  /** Sentences the number check replaced or dropped. */
  replaced?: number;
}

/** The footer line: which wrote the summary, and that its figures were checked. */
export function authorshipLine(a: Authorship): string {
  const model = a.model ?? 'the LLM';
  if (a.source === 'llm') return `_Drafted by ${model}, every figure checked against the data._`;
  if (a.source === 'mixed') {
    const n = a.replaced ?? 0;
    return `_Drafted by ${model}, every figure checked against the data; ${n} sentence${n === 1 ? '' : 's'} with a figure not in the data ${n === 1 ? 'was' : 'were'} rewritten by vigil's template._`;
  }
  return "_Written from the data by vigil's template._";
}

/** The text posted to Slack: headline, sections as bullets (the header section as plain lines), footer. */
export function renderSummaryText(draft: SummaryDraft, authorship: Authorship): string {
  const lines: string[] = [`*${draft.headline}*`];
  for (const section of draft.sections) {
    if (section.key === 'header') {
      lines.push(...section.sentences.map((s) => s.text));
      continue;
    }
    lines.push('', `*${section.title}*`, ...section.sentences.map((s) => `• ${s.text}`));
  }
  lines.push('', authorshipLine(authorship));
  return lines.join('\n');
}
