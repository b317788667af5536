// An incident summary as a Block Kit message: what happened, impact, timeline, root cause and actions, as written and checked. Pure.
import type { KnownBlock } from '@slack/types';
import type { IncidentSummaryFacts } from '../summaries/digest-facts-schema.ts';
import type { WrittenSummary } from '../drafting/draft-schema.ts';
import {
  context,
  escapeMrkdwn,
  fallbackText,
  header,
  limitBlocks,
  section,
  type SlackMessage,
} from './block-limits.ts';
import { formatDuration, formatInZone } from './format-values.ts';
import { writtenByLine } from './render-digest.ts';

/** The incident summary message; `text` (the fallback) is exactly the written summary's text. */
export function renderIncidentSummary(facts: IncidentSummaryFacts, written: WrittenSummary): SlackMessage {
  const i = facts.incident;
  const tz = facts.timezone;
  const facts1 = [
    `*SEV${i.severity}* · ${i.status}`,
    `opened ${formatInZone(new Date(i.openedAt), tz)}`,
    ...(i.minutesToAcknowledge !== null ? [`acknowledged in ${formatDuration(i.minutesToAcknowledge * 60)}`] : []),
    ...(i.resolvedAt ? [`resolved ${formatInZone(new Date(i.resolvedAt), tz)}`] : []),
    ...(i.minutesToResolve !== null ? [`resolved in ${formatDuration(i.minutesToResolve * 60)}`] : []),
    ...(i.channelId ? [`<#${i.channelId}>`] : []),
    ...(i.owner ? [`owner <@${i.owner}>`] : []),
  ];
  const blocks: KnownBlock[] = [
    header(`Incident #${i.id} summary: ${i.title}`),
    context([facts1.join(' · ')]),
    section(written.draft.headline || escapeMrkdwn(i.title)),
  ];
  for (const s of written.draft.sections) {
    const sentences = s.sentences.map((x) => x.text.trim()).filter(Boolean);
    if (sentences.length > 0)
      blocks.push(section(`*${escapeMrkdwn(s.title)}*\n${sentences.join(s.key === 'timeline' ? '\n' : ' ')}`));
  }
  blocks.push(context([writtenByLine(written)]));
  return { text: fallbackText(written.text), blocks: limitBlocks(blocks) };
}
