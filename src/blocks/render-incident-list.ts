// `/incident list`: one line per incident, packed into sections and capped within Slack's limits. Pure.
import type { KnownBlock } from '@slack/types';
import { isOpen } from '../incidents/incident-state.ts';
import type { Incident } from '../incidents/incident-types.ts';
import {
  context,
  escapeMrkdwn,
  fallbackText,
  header,
  limitBlocks,
  section,
  truncate,
  type SlackMessage,
} from './block-limits.ts';
import { formatDuration, mentionChannel, mentionUser } from './format-values.ts';

/** At most this many incidents are listed; the rest are counted ("and n more"). */
export const MAX_LIST_ROWS = 50;
/** Lines per section: 10 lines of at most ~200 characters stay far below the 3000 of a section. */
export const LIST_LINES_PER_SECTION = 10;
/** Titles are cut to this length in a list line. */
export const LIST_TITLE_LENGTH = 60;

/** Options: the clock, the team's timezone and the heading. */
export interface IncidentListOptions {
  now: Date;
  timezone: string;
  title: string;
}

/** The list as a message; incidents are shown in the order given. */
export function renderIncidentList(incidents: Incident[], opts: IncidentListOptions): SlackMessage {
  const blocks: KnownBlock[] = [header(opts.title)];
  const shown = incidents.slice(0, MAX_LIST_ROWS);
  if (shown.length === 0) blocks.push(section('No incidents.'));
  for (let i = 0; i < shown.length; i += LIST_LINES_PER_SECTION) {
    blocks.push(
      section(
        shown
          .slice(i, i + LIST_LINES_PER_SECTION)
          .map((inc) => renderIncidentListLine(inc, opts.now))
          .join('\n'),
      ),
    );
  }
  if (incidents.length > shown.length) blocks.push(context([`and ${incidents.length - shown.length} more`]));
  const count = `${incidents.length} incident${incidents.length === 1 ? '' : 's'}`;
  return { text: fallbackText(`${escapeMrkdwn(opts.title)}: ${count}`), blocks: limitBlocks(blocks) };
}

/** `#12 SEV2 acknowledged <#C1> Refund spike… · open 2h 5m · owner <@U1>`. */
export function renderIncidentListLine(incident: Incident, now: Date): string {
  const channel = incident.channelId ? ` ${mentionChannel(incident.channelId)}` : '';
  const title = truncate(escapeMrkdwn(incident.title), LIST_TITLE_LENGTH);
  const age =
    isOpen(incident.status) || !incident.resolvedAt
      ? `open ${formatDuration((now.getTime() - incident.openedAt.getTime()) / 1000)}`
      : `resolved in ${formatDuration((incident.resolvedAt.getTime() - incident.openedAt.getTime()) / 1000)}`;
  const owner = incident.ownerUserId ? `owner ${mentionUser(incident.ownerUserId)}` : 'unassigned';
  return `#${incident.id} SEV${incident.severity} ${incident.status}${channel} ${title} · ${age} · ${owner}`;
}
