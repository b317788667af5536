// The daily digest and weekly report as a Block Kit message, in the summary's language: title, freshness,
// what needs attention, the scorecard with its legend, incidents, the checked narrative, vendors, actions. Pure.
import type { KnownBlock } from '@slack/types';
import type { Locale } from '../i18n/locales.ts';
import type { DigestFacts } from '../summaries/digest-facts-schema.ts';
import type { WrittenSummary } from '../drafting/draft-schema.ts';
import {
  context,
  escapeMrkdwn,
  fallbackText,
  header,
  limitBlocks,
  section,
  SLACK_LIMITS,
  type SlackMessage,
} from './block-limits.ts';
import { phrasing, type Phrasing } from '../i18n/phrasing.ts';
import { localDateTime } from '../time/zone-time.ts';
import { actionLine, incidentLine, scorecardLine, vendorBlocks } from './render-digest-lines.ts';

export { STATUS_EMOJI } from './render-digest-lines.ts';

/** Incidents listed by name before "and N more" (the rest are counted). */
export const MAX_DIGEST_INCIDENTS = 8;
/** Open actions listed before "and N more". */
export const MAX_DIGEST_ACTIONS = 8;

/** Draft sections the blocks lay out from the facts (or place themselves) instead of as narrative. */
export const STRUCTURED_SECTIONS: ReadonlySet<string> = new Set([
  'attention',
  'header',
  'scorecard',
  'incidents',
  'vendors',
  'actions',
]);

/** How to render: the workspace's name for the header, the language, and any blocks to add at the end (the review buttons). */
export interface DigestRenderOptions {
  workspaceName: string;
  /** The language the summary is written in (default en). */
  language?: Locale;
  extraBlocks?: KnownBlock[];
}

const sentencesOf = (written: WrittenSummary, key: string) =>
  written.draft.sections
    .find((s) => s.key === key)
    ?.sentences.map((x) => x.text.trim())
    .filter(Boolean) ?? [];

/** The digest message; `text` (the fallback, and what the CLI prints) is exactly the written summary's text. */
export function renderDigest(facts: DigestFacts, written: WrittenSummary, opts: DigestRenderOptions): SlackMessage {
  const p = phrasing(opts.language ?? 'en', facts.timezone);
  const blocks: KnownBlock[] = [
    header(digestTitle(facts, opts.workspaceName, opts.language)),
    context([freshnessLine(facts, p), writtenByLine(written, p)]),
  ];
  // What needs attention opens the message, as the draft (checked) says it.
  const attention = sentencesOf(written, 'attention');
  if (attention.length)
    blocks.push(section(`*${p.t('section.attention')}*\n${attention.map((s) => `• ${s}`).join('\n')}`));
  const why = written.draft.sections.find((s) => s.key === 'header')?.sentences.find((s) => s.about === 'overall');
  if (why) blocks.push(section(why.text));
  blocks.push(
    ...chunkedSections(
      `*${p.t(facts.kind === 'weekly' ? 'section.scorecard.weekly' : 'section.scorecard.daily')}*`,
      facts.metrics.map((m) => scorecardLine(m, facts.kind, p)),
    ),
    context([p.t('legend')]),
  );
  if (facts.incidents.list.length > 0) {
    const shown = facts.incidents.list.slice(0, MAX_DIGEST_INCIDENTS).map((i) => incidentLine(i, p, facts.generatedAt));
    const more = facts.incidents.list.length - shown.length;
    blocks.push(
      ...chunkedSections(
        p.t('incidents.header', {
          opened: p.fmt.count(facts.incidents.opened),
          resolved: p.fmt.count(facts.incidents.resolved),
        }),
        more > 0 ? [...shown, p.t('list.more', { count: p.fmt.count(more) })] : shown,
      ),
    );
  }
  // The draft's other sections are its narrative (trend, integrity); the text fallback carries every section as written.
  for (const s of written.draft.sections) {
    if (STRUCTURED_SECTIONS.has(s.key)) continue;
    const sentences = s.sentences.map((x) => x.text.trim()).filter(Boolean);
    if (sentences.length > 0) blocks.push(section(`*${escapeMrkdwn(s.title)}*\n${sentences.join(' ')}`));
  }
  if (facts.vendors && facts.vendors.rows.length > 0) blocks.push(...vendorBlocks(facts.vendors, p));
  const open = facts.actions.filter((a) => !a.done);
  if (open.length > 0) {
    const shown = open.slice(0, MAX_DIGEST_ACTIONS).map((a) => actionLine(a, p));
    const more = open.length - shown.length;
    blocks.push(
      ...chunkedSections(
        `*${p.t('section.actions')}*`,
        more > 0 ? [...shown, p.t('list.more', { count: p.fmt.count(more) })] : shown,
      ),
    );
  }
  const extra = opts.extraBlocks ?? [];
  return {
    text: fallbackText(written.text),
    blocks: [...limitBlocks(blocks, SLACK_LIMITS.blocksPerMessage - extra.length), ...extra],
  };
}

/** "GNE Daily 2026-06-03 · AMBER" or "GNE Weekly 2026-06-01 to 2026-06-07 · GREEN", in the summary's language. */
export function digestTitle(facts: DigestFacts, workspaceName: string, language: Locale = 'en'): string {
  const p = phrasing(language, facts.timezone);
  const status = p.t(`status.${facts.overall}`);
  if (facts.kind === 'daily') return p.t('title.daily', { workspace: workspaceName, date: facts.label, status });
  const last = localDateTime(new Date(Date.parse(facts.periodEnd) - 1), facts.timezone).slice(0, 10);
  return p.t('title.weekly', { workspace: workspaceName, from: facts.label, to: last, status });
}

/** "Data complete through 2026-06-02 · stale: a, b · broken: c" (to the end of the newest bucket). */
export function freshnessLine(facts: DigestFacts, p: Phrasing = phrasing('en', facts.timezone)): string {
  const f = facts.freshness;
  const parts = [f.completeTo ? `${completeTo(f.completeTo, p)} (${facts.timezone})` : p.t('freshness.none')];
  if (f.stale.length) parts.push(`:warning: ${escapeMrkdwn(p.t('freshness.stale', { metrics: f.stale.join(', ') }))}`);
  if (f.broken.length)
    parts.push(`:warning: ${escapeMrkdwn(p.t('freshness.broken', { metrics: f.broken.join(', ') }))}`);
  return parts.join(' · ');
}

// Data ending at local midnight covers all of the day before: "through 2026-06-02".
function completeTo(iso: string, p: Phrasing): string {
  if (!localDateTime(new Date(iso), p.timeZone).endsWith(' 00:00')) return p.t('freshness.to', { at: p.at(iso) });
  return p.t('freshness.through', { date: p.fmt.date(new Date(Date.parse(iso) - 60_000).toISOString(), p.timeZone) });
}

/** Which wrote the summary, why not the model when it did not, and how many sentences the checks replaced. */
export function writtenByLine(written: WrittenSummary, p: Phrasing = phrasing('en', 'UTC')): string {
  const who = p.t(`written.${written.source}`);
  const n = written.replaced.length;
  const replaced = n > 0 ? ` · ${p.t('written.replaced', { count: p.fmt.count(n) })}` : '';
  const why =
    written.source === 'template' && written.fallbackReason ? ` (${escapeMrkdwn(written.fallbackReason)})` : '';
  return `${who}${why}${replaced} · ${p.t('written.checked')}`;
}

// Several sections when the lines pass one section's 3000 characters; a line is never split.
function chunkedSections(title: string, lines: string[]): KnownBlock[] {
  const out: KnownBlock[] = [];
  let current = title;
  for (const line of lines) {
    if (current.length + 1 + line.length > SLACK_LIMITS.sectionText && current.length > 0) {
      out.push(section(current));
      current = '';
    }
    current = current ? `${current}\n${line}` : line;
  }
  if (current) out.push(section(current));
  return out;
}
