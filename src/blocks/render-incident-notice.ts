// One-line incident texts: the notice in the alerts channel and the lines of `/incident timeline`. Pure.
import type { KnownBlock } from '@slack/types';
import type { Incident, IncidentEvent, TimelineMessage } from '../incidents/incident-types.ts';
import { ROLE_TITLES } from '../incidents/assign-incident-role.ts';
import {
  context,
  escapeMrkdwn,
  fallbackText,
  header,
  limitBlocks,
  section,
  SLACK_LIMITS,
  truncate,
  type SlackMessage,
} from './block-limits.ts';
import { evidenceOneLine } from './render-evidence.ts';
import { clockTime, dayLabel, formatDuration, mentionUser, mentionChannel } from './format-values.ts';

/** One timeline entry as the store returns it. */
export type IncidentEventInput = IncidentEvent;

const NOTICE_EMOJI: Record<Incident['status'], string> = {
  open: ':rotating_light:',
  escalated: ':rotating_light:',
  reopened: ':rotating_light:',
  acknowledged: ':eyes:',
  resolved: ':white_check_mark:',
};

/** `:rotating_light: SEV2 <#C123> Refund spike in Jakarta — refund_rate city=jakarta: 4.1% vs 1.0%`, as text and one section. */
export function renderIncidentNotice(incident: Incident): SlackMessage {
  const where = incident.channelId ? mentionChannel(incident.channelId) : `#${incident.id}`;
  const status = incident.status === 'open' ? '' : ` (${incident.status})`;
  const evidence = incident.evidence ? ` — ${evidenceOneLine(incident.evidence)}` : '';
  const line = `${NOTICE_EMOJI[incident.status]} SEV${incident.severity} ${where} ${escapeMrkdwn(incident.title)}${status}${evidence}`;
  return { text: fallbackText(line), blocks: [section(line)] };
}

/** `09:14 <@U1> acknowledged (time to acknowledge 6m)`: one mrkdwn line of an incident's timeline. */
export function renderIncidentEventLine(event: IncidentEventInput, timezone: string): string {
  return `${clockTime(event.at, timezone)} ${mentionUser(event.actor)} ${describeEvent(event)}`;
}

/** `09:20 :speech_balloon: <@U1>: "refunds paused for the cluster"`: a message people put on the timeline. */
export function renderTimelineMessageLine(message: TimelineMessage, timezone: string): string {
  // Slack sends message text escaped already; quoted here, it must not notify the channel again.
  const text = message.text
    .replace(/<!(channel|here|everyone)[^>]*>/g, '@$1')
    .replace(/\s+/g, ' ')
    .trim();
  return `${clockTime(message.postedAt, timezone)} :speech_balloon: ${mentionUser(message.author)}: "${truncate(text, 300)}"`;
}

/**
 * The whole timeline as blocks: vigil's events and the messages people put on it (`messages`), merged by time
 * in `timezone`, under day headings, packed into sections and capped within Slack's limits.
 */
export function renderIncidentTimeline(
  incidentId: number,
  events: IncidentEventInput[],
  timezone: string,
  messages: readonly TimelineMessage[] = [],
): SlackMessage {
  const entries = [
    ...events.map((e) => ({ at: e.at, line: renderIncidentEventLine(e, timezone) })),
    ...messages.map((m) => ({ at: m.postedAt, line: renderTimelineMessageLine(m, timezone) })),
  ].sort((a, b) => a.at.getTime() - b.at.getTime()); // stable: a tie keeps vigil's event first
  const lines: string[] = [];
  let day = '';
  for (const entry of entries) {
    const label = dayLabel(entry.at, timezone);
    if (label !== day) lines.push(`*${label}*`);
    day = label;
    lines.push(entry.line);
  }
  const blocks: KnownBlock[] = [header(`Timeline of incident #${incidentId}`)];
  if (entries.length === 0) blocks.push(context(['No events yet.']));
  let chunk = '';
  for (const line of lines) {
    if (chunk && chunk.length + 1 + line.length > SLACK_LIMITS.sectionText) {
      blocks.push(section(chunk));
      chunk = '';
    }
    chunk = chunk ? `${chunk}\n${line}` : line;
  }
  if (chunk) blocks.push(section(chunk));
  return {
    text: fallbackText(
      `Timeline of incident #${incidentId}: ${events.length} events${messages.length > 0 ? `, ${messages.length} messages` : ''}`,
    ),
    blocks: limitBlocks(blocks),
  };
}

function describeEvent(e: IncidentEventInput): string {
  const d = e.detail ?? {};
  // A long note would drown the timeline; the card keeps it in full.
  const str = (key: string) =>
    typeof d[key] === 'string' && d[key] !== '' ? truncate(escapeMrkdwn(d[key]), 300) : undefined;
  const num = (key: string) => (typeof d[key] === 'number' ? d[key] : undefined);
  const suffix = (text: string | undefined, sep = ': ') => (text ? `${sep}${text}` : '');
  switch (e.kind) {
    case 'opened': {
      const severity = num('severity');
      return `opened${severity ? ` as SEV${severity}` : ''}`;
    }
    case 'acknowledged': {
      const tta = num('time_to_acknowledge_s');
      return d.first_acknowledgement === false || tta === undefined
        ? 'acknowledged'
        : `acknowledged (time to acknowledge ${formatDuration(tta)})`;
    }
    case 'escalated': {
      const level = num('to_level');
      return `escalated${level ? ` to level ${level}` : ''}${suffix(str('reason'))}`;
    }
    case 'resolved': {
      const ttr = num('time_to_resolve_s');
      return `resolved${ttr !== undefined ? ` (time to resolve ${formatDuration(ttr)})` : ''}${suffix(str('note'))}`;
    }
    case 'reopened':
      return `reopened${suffix(str('reason'))}`;
    case 'severity_changed':
      return `changed severity SEV${String(num('from_severity') ?? '?')} → SEV${String(num('to_severity') ?? '?')}`;
    case 'assigned': {
      const to = typeof d.to_owner === 'string' ? mentionUser(d.to_owner) : 'someone';
      return `assigned ${to}${typeof d.from_owner === 'string' ? ` (was ${mentionUser(d.from_owner)})` : ''}`;
    }
    case 'role_assigned': {
      const role = ROLE_TITLES[d.role as keyof typeof ROLE_TITLES] ?? 'role holder';
      const to = typeof d.to_user === 'string' ? mentionUser(d.to_user) : 'someone';
      return `made ${to} the ${role}${typeof d.from_user === 'string' ? ` (was ${mentionUser(d.from_user)})` : ''}`;
    }
    default:
      return `${escapeMrkdwn(e.kind.replace(/_/g, ' '))}${e.toStatus && e.toStatus !== e.fromStatus ? ` → ${escapeMrkdwn(e.toStatus)}` : ''}`;
  }
}
