// The daily digest and weekly report as a Block Kit message: header, freshness, scorecard, incidents, the checked narrative, actions. Pure.
import type { KnownBlock } from '@slack/types';
import type { Locale } from '../i18n/locales.ts';
import type { ActionFact, DigestFacts, IncidentFact, MetricFact } from '../summaries/digest-facts-schema.ts';
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
import { formatChange, formatInZone, formatMetricValue, formatSlice, mentionUser } from './format-values.ts';
import { localDateTime } from '../time/zone-time.ts';

/** Status as an emoji, the way the scorecard and the header show it. */
export const STATUS_EMOJI: Record<MetricFact['status'], string> = {
  green: ':large_green_circle:',
  amber: ':large_orange_circle:',
  red: ':red_circle:',
  grey: ':white_circle:',
};

/** Incidents listed by name before "and N more" (the rest are counted). */
export const MAX_DIGEST_INCIDENTS = 8;
/** Open actions listed before "and N more". */
export const MAX_DIGEST_ACTIONS = 8;

/** Draft sections the blocks lay out from the facts instead of the sentences. */
export const STRUCTURED_SECTIONS: ReadonlySet<string> = new Set(['header', 'scorecard', 'incidents', 'actions']);

/** How to render: the workspace's name for the header, and any blocks to add at the end (the review buttons). */
export interface DigestRenderOptions {
  workspaceName: string;
  /** The language the summary is written in (default en). */
  language?: Locale;
  extraBlocks?: KnownBlock[];
}

/** The digest message; `text` (the fallback, and what the CLI prints) is exactly the written summary's text. */
export function renderDigest(facts: DigestFacts, written: WrittenSummary, opts: DigestRenderOptions): SlackMessage {
  const tz = facts.timezone;
  const blocks: KnownBlock[] = [
    header(digestTitle(facts, opts.workspaceName)),
    context([freshnessLine(facts), writtenByLine(written)]),
    section(written.draft.headline || '-'),
    ...chunkedSections(
      facts.kind === 'weekly' ? '*Scorecard* (week over week)' : '*Scorecard* (vs the 4-week median)',
      facts.metrics.map((m) => scorecardLine(m, facts.kind)),
    ),
  ];
  if (facts.incidents.list.length > 0) {
    const shown = facts.incidents.list
      .slice(0, MAX_DIGEST_INCIDENTS)
      .map((i) => incidentLine(i, tz, facts.generatedAt));
    const more = facts.incidents.list.length - shown.length;
    blocks.push(
      ...chunkedSections(
        `*Incidents* · opened ${facts.incidents.opened} · resolved ${facts.incidents.resolved}`,
        more > 0 ? [...shown, `…and ${more} more`] : shown,
      ),
    );
  }
  // Scorecard, incidents and actions are laid out from the facts above and below (the same layout every day);
  // the draft's other sections are its narrative. The text fallback carries every section as written.
  for (const s of written.draft.sections) {
    if (STRUCTURED_SECTIONS.has(s.key)) continue;
    const sentences = s.sentences.map((x) => x.text.trim()).filter(Boolean);
    if (sentences.length > 0) blocks.push(section(`*${escapeMrkdwn(s.title)}*\n${sentences.join(' ')}`));
  }
  const open = facts.actions.filter((a) => !a.done);
  if (open.length > 0) {
    const shown = open.slice(0, MAX_DIGEST_ACTIONS).map((a) => actionLine(a, tz));
    blocks.push(
      ...chunkedSections(
        '*Actions*',
        open.length > shown.length ? [...shown, `…and ${open.length - shown.length} more`] : shown,
      ),
    );
  }
  const extra = opts.extraBlocks ?? [];
  return {
    text: fallbackText(written.text),
    blocks: [...limitBlocks(blocks, SLACK_LIMITS.blocksPerMessage - extra.length), ...extra],
  };
}

/** "GNE Daily 2026-06-03 · AMBER" or "GNE Weekly 2026-06-01 to 2026-06-07 · GREEN". */
export function digestTitle(facts: DigestFacts, workspaceName: string): string {
  const last = new Date(Date.parse(facts.periodEnd) - 1);
  const period = facts.kind === 'daily' ? facts.label : `${facts.label} to ${formatDate(last, facts.timezone)}`;
  return `${workspaceName} ${facts.kind === 'daily' ? 'Daily' : 'Weekly'} ${period} · ${facts.overall.toUpperCase()}`;
}

/** "Data complete through 3 Jun 2026 (GMT+7) · stale: a, b · broken: c" (to the end of the newest bucket). */
export function freshnessLine(facts: DigestFacts): string {
  const f = facts.freshness;
  const parts = [f.completeTo ? completeTo(f.completeTo, facts.timezone) : 'No data in the period'];
  if (f.stale.length) parts.push(`:warning: stale: ${escapeMrkdwn(f.stale.join(', '))}`);
  if (f.broken.length) parts.push(`:warning: broken: ${escapeMrkdwn(f.broken.join(', '))}`);
  return parts.join(' · ');
}

// Data ending at local midnight covers all of the day before: "through 2 Jun 2026 (GMT+7)".
function completeTo(iso: string, timezone: string): string {
  const at = new Date(iso);
  if (!localDateTime(at, timezone).endsWith(' 00:00')) return `Data complete to ${formatInZone(at, timezone)}`;
  const [day, time] = formatInZone(new Date(at.getTime() - 60_000), timezone).split(', ');
  return `Data complete through ${day} (${time!.replace(/^\S+\s*/, '')})`;
}

/** Which wrote the summary, and how many sentences the number check replaced. */
export function writtenByLine(written: WrittenSummary): string {
  const who =
    written.source === 'llm'
      ? 'Drafted by the LLM'
      : written.source === 'mixed'
        ? 'Drafted by the LLM, partly rewritten by the template'
        : 'Written by the template';
  const n = written.replaced.length;
  const replaced = n > 0 ? ` · ${n} sentence${n === 1 ? '' : 's'} replaced by the number check` : '';
  const why =
    written.source === 'template' && written.fallbackReason ? ` (${escapeMrkdwn(written.fallbackReason)})` : '';
  return `${who}${why}${replaced} · every figure checked against the data`;
}

function scorecardLine(m: MetricFact, kind: DigestFacts['kind']): string {
  const per = m.per !== null ? ` per ${m.per.toLocaleString('en-US')}` : '';
  const value = m.value === null ? 'no data' : `${formatMetricValue(m.value, m.unit)}${per}`;
  // The weekly report compares with the week before; the daily digest with what the detectors expect.
  const base = kind === 'weekly' ? m.previous : m.expected;
  const change = m.value !== null && base !== null ? formatChange(m.value, base, m.unit) : '';
  const target = m.target !== null ? ` · target ${formatMetricValue(m.target, m.unit)}` : '';
  return `${STATUS_EMOJI[m.status]} *${escapeMrkdwn(m.title)}* ${value}${change ? ` (${change})` : ''}${target}`;
}

function incidentLine(i: IncidentFact, tz: string, now: string): string {
  const slice = Object.keys(i.slice).length ? ` · ${formatSlice(i.slice)}` : '';
  const cause = i.cause
    ? ` · ${i.cause.confirmed ? '*Confirmed*' : '_Hypothesis_'}: ${escapeMrkdwn(i.cause.text)}`
    : ' · cause not known yet';
  const impact = i.impact ? ` · impact: ${escapeMrkdwn(i.impact)}` : '';
  const owner = i.owner ? ` · owner ${mentionUser(i.owner)}` : ' · no owner';
  const where = i.channelId ? ` <#${i.channelId}>` : '';
  const state =
    i.status === 'resolved' && i.resolvedAt ? `resolved ${formatInZone(new Date(i.resolvedAt), tz)}` : i.status;
  const next = !i.nextUpdateAt
    ? ''
    : i.nextUpdateAt <= now
      ? ` · :warning: update overdue since ${formatInZone(new Date(i.nextUpdateAt), tz)}`
      : ` · next update ${formatInZone(new Date(i.nextUpdateAt), tz)}`;
  return `*SEV${i.severity}* ${escapeMrkdwn(i.title)} (#${i.id}, ${state})${where}${slice}${impact}${cause}${owner}${next}`;
}

function actionLine(a: ActionFact, tz: string): string {
  const owner = a.owner ? ` · ${mentionUser(a.owner)}` : ' · no owner';
  const due = a.due ? ` · due ${formatDate(new Date(a.due), tz)}` : '';
  return `• ${escapeMrkdwn(a.text)}${owner}${due}${a.incidentId !== null ? ` (incident #${a.incidentId})` : ''} [#${a.id}]`;
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

function formatDate(d: Date, tz: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    d,
  );
}
