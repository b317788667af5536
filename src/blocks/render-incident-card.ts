// The incident card pinned in the incident channel: state, roles (the commander is the owner), timings, likely cause, evidence (the affected
// slices), related metrics also moving and the action buttons. Pure.
import type { ActionsBlock, Button, KnownBlock, Overflow } from '@slack/types';
import { allowedActionKinds, timeToAcknowledgeSeconds, timeToResolveSeconds } from '../incidents/incident-state.ts';
import {
  INCIDENT_ROLES,
  type Incident,
  type IncidentEvidence,
  type IncidentStatus,
} from '../incidents/incident-types.ts';
import {
  actions,
  button,
  context,
  escapeMrkdwn,
  fallbackText,
  fields,
  header,
  limitBlocks,
  section,
  SLACK_LIMITS,
  type SlackMessage,
} from './block-limits.ts';
import { MAX_CONTRIBUTORS, renderEvidenceBlocks } from './render-evidence.ts';
import { formatComparison, formatDuration, formatSlice, mentionUser, slackDate } from './format-values.ts';

/** Action ids of the card's buttons; each button's value is the incident id as a string. */
export const INCIDENT_ACTION_IDS = {
  acknowledge: 'incident_ack',
  escalate: 'incident_escalate',
  resolve: 'incident_resolve',
  runPlaybook: 'incident_run_playbook',
  reopen: 'incident_reopen',
  archive: 'incident_archive',
  /** The overflow menu of roles; each option's value is `<role>:<incident id>`. */
  roleMenu: 'incident_role_menu',
} as const;

const ROLE_MENU_TEXT = { commander: 'Set commander…', comms: 'Set comms lead…', scribe: 'Set scribe…' } as const;

/** Options for the card: the clock, the team's timezone and the playbooks that suit the incident. */
export interface IncidentCardOptions {
  now: Date;
  timezone: string;
  playbooks?: string[];
  /** When the next status update is due (IncidentService.nextUpdateDue); shown while the incident is open. */
  nextUpdateAt?: Date | null;
}

/** Emoji and label for each status, shared with the list and notice. */
export const STATUS_LABELS: Record<IncidentStatus, { emoji: string; label: string }> = {
  open: { emoji: ':red_circle:', label: 'Open' },
  acknowledged: { emoji: ':eyes:', label: 'Acknowledged' },
  escalated: { emoji: ':rotating_light:', label: 'Escalated' },
  resolved: { emoji: ':white_check_mark:', label: 'Resolved' },
  reopened: { emoji: ':arrows_counterclockwise:', label: 'Reopened' },
};

/** The full incident card, with a plain `text` fallback such as "SEV2 incident #12: Refund spike in Jakarta (open)". */
export function renderIncidentCard(incident: Incident, opts: IncidentCardOptions): SlackMessage {
  const blocks: KnownBlock[] = [
    header(`SEV${incident.severity} · ${incident.title}`),
    ...fields(cardFields(incident, opts)),
  ];
  if (incident.status === 'resolved' && incident.resolutionNote)
    blocks.push(section(`*Resolution note*\n${escapeMrkdwn(incident.resolutionNote)}`));
  if (incident.evidence?.likelyCause)
    blocks.push(
      section(`*Likely cause:* ${escapeMrkdwn(incident.evidence.likelyCause.text.replace(/^Likely cause:\s*/i, ''))}`),
    );
  if (incident.evidence) blocks.push(...renderEvidenceBlocks(incident.evidence, opts.timezone));
  const moving = alsoMovingLines(incident.evidence?.alsoMoving ?? []);
  if (moving) blocks.push(section(moving));
  const footer = [
    `Incident #${incident.id} · opened by ${mentionUser(incident.openedBy)} · updated ${slackDate(opts.now, opts.timezone, '{date_short_pretty} {time}')}`,
  ];
  if (opts.playbooks && opts.playbooks.length > 0 && incident.status !== 'resolved') {
    footer.push(`Playbooks: ${opts.playbooks.map((p) => `\`${escapeMrkdwn(p)}\``).join(', ')}`);
  }
  blocks.push(context(footer));
  const buttons = cardButtons(incident);
  // The buttons go last so that capping never drops them.
  const capped =
    buttons.length > 0
      ? [...limitBlocks(blocks, SLACK_LIMITS.blocksPerMessage - 1), actions(buttons)]
      : limitBlocks(blocks);
  return { text: fallbackText(incidentFallback(incident)), blocks: capped };
}

/** "SEV2 incident #12: Refund spike in Jakarta (open)", escaped for mrkdwn. */
export function incidentFallback(incident: Incident): string {
  return `SEV${incident.severity} incident #${incident.id}: ${escapeMrkdwn(incident.title)} (${incident.status})`;
}

// "*Also moving*\n• Complaint rate city=jakarta: 9 vs 3": related metrics anomalous while the incident is open.
function alsoMovingLines(moving: NonNullable<IncidentEvidence['alsoMoving']>): string | undefined {
  if (moving.length === 0) return undefined;
  const lines = moving
    .slice(0, MAX_CONTRIBUTORS)
    .map(
      (m) =>
        `• ${escapeMrkdwn(m.metricTitle)} ${formatSlice(m.slice)}: ${formatComparison(m.observed, m.expected, m.unit)}`,
    );
  if (moving.length > MAX_CONTRIBUTORS) lines.push(`_and ${moving.length - MAX_CONTRIBUTORS} more_`);
  return `*Also moving*\n${lines.join('\n')}`;
}

function cardFields(incident: Incident, opts: IncidentCardOptions): string[] {
  const { timezone } = opts;
  const status = STATUS_LABELS[incident.status];
  const items = [
    `*Status*\n${status.emoji} ${status.label}`,
    `*Severity*\nSEV${incident.severity}`,
    `*Commander*\n${incident.ownerUserId ? mentionUser(incident.ownerUserId) : 'unassigned'}`,
    `*Started*\n${slackDate(incident.openedAt, timezone)}`,
  ];
  if (incident.commsUserId) items.push(`*Comms*\n${mentionUser(incident.commsUserId)}`);
  if (incident.scribeUserId) items.push(`*Scribe*\n${mentionUser(incident.scribeUserId)}`);
  if (incident.acknowledgedAt) {
    const by = incident.acknowledgedBy ? `${mentionUser(incident.acknowledgedBy)} · ` : '';
    items.push(`*Acknowledged*\n${by}${slackDate(incident.acknowledgedAt, timezone)}`);
    items.push(`*Time to acknowledge*\n${formatDuration(timeToAcknowledgeSeconds(incident) ?? 0)}`);
  }
  if (incident.escalationLevel > 0) items.push(`*Escalation level*\n${incident.escalationLevel}`);
  if (opts.nextUpdateAt && incident.status !== 'resolved') {
    const late = opts.nextUpdateAt <= opts.now ? ' · :warning: overdue' : '';
    items.push(`*Next update*\n${slackDate(opts.nextUpdateAt, timezone)}${late}`);
  }
  if (incident.resolvedAt) {
    const by = incident.resolvedBy ? `${mentionUser(incident.resolvedBy)} · ` : '';
    items.push(`*Resolved*\n${by}${slackDate(incident.resolvedAt, timezone)}`);
    items.push(`*Time to resolve*\n${formatDuration(timeToResolveSeconds(incident) ?? 0)}`);
  }
  return items;
}

// Buttons follow the state machine, so a button is only offered when clicking it would be accepted.
function cardButtons(incident: Incident): ActionsBlock['elements'] {
  const value = String(incident.id);
  const ids = INCIDENT_ACTION_IDS;
  if (incident.status === 'resolved') {
    const reopen = button({ text: 'Reopen', actionId: ids.reopen, value });
    if (!incident.channelId) return [reopen];
    return [
      reopen,
      button({
        text: 'Archive channel',
        actionId: ids.archive,
        value,
        confirm: {
          title: 'Archive this channel?',
          text: `The incident channel will be archived for everyone. Incident #${incident.id} and its timeline stay in vigil.`,
          confirm: 'Archive',
          deny: 'Cancel',
        },
      }),
    ];
  }
  const severe = incident.severity <= 2;
  const allowed = allowedActionKinds(incident.status);
  const buttons: Button[] = [];
  if (allowed.includes('acknowledge'))
    buttons.push(button({ text: 'Acknowledge', actionId: ids.acknowledge, value, style: 'primary' }));
  buttons.push(
    button({ text: 'Escalate', actionId: ids.escalate, value, ...(severe ? { style: 'danger' as const } : {}) }),
  );
  // With Acknowledge on screen it is the one primary action; resolving comes after.
  const resolveStyle = severe && !allowed.includes('acknowledge') ? { style: 'primary' as const } : {};
  buttons.push(button({ text: 'Resolve', actionId: ids.resolve, value, ...resolveStyle }));
  buttons.push(button({ text: 'Run playbook', actionId: ids.runPlaybook, value }));
  return [...buttons, roleMenu(incident.id)];
}

// "Set commander…" and the like: each opens a dialog to pick the person (register-incident-roles.ts).
function roleMenu(id: number): Overflow {
  return {
    type: 'overflow',
    action_id: INCIDENT_ACTION_IDS.roleMenu,
    options: INCIDENT_ROLES.map((role) => ({
      text: { type: 'plain_text', text: ROLE_MENU_TEXT[role] },
      value: `${role}:${id}`,
    })),
  };
}
