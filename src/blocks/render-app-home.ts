// The App Home tab (views.publish): the viewer's open incidents and roles, who is on call now and next, the viewer's
// open actions, the latest digest, and buttons to declare an incident and run a playbook. Pure.
import type { KnownBlock } from '@slack/types';
import type { Incident } from '../incidents/incident-types.ts';
import { actions, button, context, escapeMrkdwn, header, section, truncate } from './block-limits.ts';
import { dayLabel, formatInZone, mentionChannel, mentionUser } from './format-values.ts';

/** The Home tab's buttons. */
export const HOME_ACTION_IDS = { declare: 'home_declare_incident', runPlaybook: 'home_run_playbook' } as const;

// A Home tab holds up to 100 blocks (docs.slack.dev/reference/block-kit/blocks); each list is cut well inside that.
const LIST_MAX = 10;

/** An open follow-up action of the viewer. */
export interface HomeAction {
  id: number;
  incidentId: number | null;
  text: string;
  dueAt: Date | null;
}

/** Everything the Home tab shows. */
export interface HomeData {
  viewer: string;
  now: Date;
  timezone: string;
  /** The open incidents (the viewer's are picked out here). */
  openIncidents: readonly Incident[];
  onCall: {
    primary?: string;
    secondary?: string;
    /** When the current primary hands over. */
    until?: Date;
    next?: { primary?: string; secondary?: string; from: Date };
  };
  actions: readonly HomeAction[];
  digest?: { kind: string; periodStart: Date; headline: string };
}

/** The viewer's roles in an incident, in words: commander, comms, scribe, opener. */
export function rolesOf(incident: Incident, viewer: string): string[] {
  const roles: string[] = [];
  if (incident.ownerUserId === viewer) roles.push('commander');
  if (incident.commsUserId === viewer) roles.push('comms');
  if (incident.scribeUserId === viewer) roles.push('scribe');
  if (incident.openedBy === viewer) roles.push('opener');
  return roles;
}

/** The Home view for views.publish. */
export function renderAppHome(data: HomeData): { type: 'home'; blocks: KnownBlock[] } {
  const { viewer, timezone } = data;
  const mine = data.openIncidents.filter((i) => rolesOf(i, viewer).length > 0);
  const others = data.openIncidents.length - mine.length;
  const blocks: KnownBlock[] = [
    header('vigil'),
    actions([
      button({ text: 'Declare incident', actionId: HOME_ACTION_IDS.declare, value: 'declare', style: 'danger' }),
      button({ text: 'Run playbook', actionId: HOME_ACTION_IDS.runPlaybook, value: 'playbook' }),
    ]),
    { type: 'divider' },
    section('*Your open incidents*'),
  ];
  if (mine.length === 0) blocks.push(context(['You hold no role in an open incident.']));
  for (const incident of mine.slice(0, LIST_MAX)) {
    const where = incident.channelId ? ` ${mentionChannel(incident.channelId)}` : '';
    const title = truncate(escapeMrkdwn(incident.title), 80);
    blocks.push(
      section(
        `*#${incident.id} SEV${incident.severity}* ${title}${where}\n${incident.status} · you: ${rolesOf(incident, viewer).join(', ')}`,
      ),
    );
  }
  if (mine.length > LIST_MAX) blocks.push(context([`and ${mine.length - LIST_MAX} more: \`/incident list mine\``]));
  if (others > 0)
    blocks.push(context([`${others} other open incident${others === 1 ? '' : 's'}: \`/incident list open\``]));

  const { onCall } = data;
  const who = (id?: string) => (id ? mentionUser(id) : 'nobody');
  const until = onCall.until ? ` until ${formatInZone(onCall.until, timezone)}` : '';
  const next = onCall.next
    ? `*Next:* ${who(onCall.next.primary)} from ${formatInZone(onCall.next.from, timezone)}; secondary ${who(onCall.next.secondary)}`
    : '*Next:* nothing planned';
  blocks.push(
    { type: 'divider' },
    section(`*On call now:* ${who(onCall.primary)}${until}; secondary ${who(onCall.secondary)}\n${next}`),
    { type: 'divider' },
    section('*Your open actions*'),
  );
  if (data.actions.length === 0) blocks.push(context(['No open action has you as its owner.']));
  for (const a of data.actions.slice(0, LIST_MAX)) {
    const of = a.incidentId !== null ? ` · incident #${a.incidentId}` : '';
    const due = a.dueAt ? ` · due ${formatInZone(a.dueAt, timezone)}` : '';
    const late = a.dueAt && a.dueAt.getTime() < data.now.getTime() ? ' :warning: overdue' : '';
    blocks.push(section(`#${a.id} ${truncate(escapeMrkdwn(a.text), 200)}${of}${due}${late}`));
  }
  if (data.actions.length > LIST_MAX) blocks.push(context([`and ${data.actions.length - LIST_MAX} more`]));

  blocks.push({ type: 'divider' }, section('*Latest digest*'));
  const d = data.digest;
  blocks.push(
    d
      ? section(`${d.kind} digest of ${dayLabel(d.periodStart, timezone)}: ${truncate(escapeMrkdwn(d.headline), 500)}`)
      : context(['No digest has been posted yet.']),
  );
  return { type: 'home', blocks };
}
