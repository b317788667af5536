// A summary draft as the Slack mrkdwn text that is posted, with a footer saying who wrote it. Pure.
import type { SummaryDraft, SummarySource } from '../drafting/draft-schema.ts';
import type { Locale } from '../i18n/locales.ts';
import { translator } from '../i18n/translate.ts';

/** Who wrote the draft, for the footer. */
export interface Authorship {
  source: SummarySource;
  /** The model that drafted it (llm and mixed). */
  model?: string;
  /** Sentences the number check replaced or dropped. */
  replaced?: number;
  /** The summary's language (default en): the footer is said in it too. */
  language?: Locale;
}

/** The footer line: which wrote the summary, and that its figures were checked. */
export function authorshipLine(a: Authorship): string {
  if (a.language && a.language !== 'en') {
    const t = translator(a.language);
    const n = a.replaced ?? 0;
    const replaced = n > 0 ? ` · ${t('written.replaced', { count: n })}` : '';
    return `_${t(`written.${a.source}`)}${replaced} · ${t('written.checked')}_`;
  }
  const model = a.model ?? 'the LLM';
  if (a.source === 'llm') return `_Drafted by ${model}, every figure checked against the data._`;
  if (a.source === 'mixed') {
    const n = a.replaced ?? 0;
    return `_Drafted by ${model}, every figure checked against the data; ${n} sentence${n === 1 ? '' : 's'} with a figure not in the data ${n === 1 ? 'was' : 'were'} rewritten by vigil's template._`;
  }
  return "_Written from the data by vigil's template._";
}

// Slack mrkdwn: &, < and > must be escaped; only user mentions and channel links are kept, so a draft
// cannot ping @channel or slip in a link (https://api.slack.com/reference/surfaces/formatting#escaping).
const KEPT = /<@[UW][A-Z0-9]+>|<#C[A-Z0-9]+(?:\|[^<>]*)?>/g;

/** `text` escaped for Slack mrkdwn, user mentions and channel links kept. */
export function escapeMrkdwn(text: string): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  let out = '';
  let last = 0;
  for (const m of text.matchAll(KEPT)) {
    out += esc(text.slice(last, m.index)) + m[0];
    last = m.index + m[0].length;
  }
  return out + esc(text.slice(last));
}

/** The text posted to Slack: headline, sections as bullets (the header section as plain lines), footer. */
export function renderSummaryText(draft: SummaryDraft, authorship: Authorship): string {
  const lines: string[] = [`*${escapeMrkdwn(draft.headline)}*`];
  for (const section of draft.sections) {
    if (section.key === 'header') {
      lines.push(...section.sentences.map((s) => escapeMrkdwn(s.text)));
      continue;
    }
    lines.push('', `*${escapeMrkdwn(section.title)}*`, ...section.sentences.map((s) => `• ${escapeMrkdwn(s.text)}`));
  }
  lines.push('', authorshipLine(authorship));
  return lines.join('\n');
}
