// The line an incident channel gets when a responder acts on the incident. Pure.
import { escapeMrkdwn } from '../blocks/block-limits.ts';
import { slackDate } from '../blocks/format-values.ts';
import type { Incident, IncidentAction } from './incident-types.ts';
import { ROLE_TITLES } from './assign-incident-role.ts';

/** `:eyes: <@U1> acknowledged the incident.` and the like; an update says when the next one is due. */
export function describeAction(
  action: IncidentAction,
  actor: string,
  incident: Incident,
  nextUpdate: Date | null,
  timezone: string,
): string {
  const who = `<@${actor}>`;
  switch (action.kind) {
    case 'acknowledge':
      return `:eyes: ${who} acknowledged the incident.`;
    case 'escalate':
      return `:arrow_up: ${who} escalated the incident${action.reason ? `: ${escapeMrkdwn(action.reason)}` : ''}.`;
    case 'resolve':
      return `:white_check_mark: ${who} resolved the incident: ${escapeMrkdwn(action.note)}`;
    case 'reopen':
      return `:leftwards_arrow_with_hook: ${who} reopened the incident.`;
    case 'set_severity':
      return `${who} set the severity to SEV${action.severity}.`;
    case 'assign':
      return `${who} assigned the incident to <@${action.userId}>.`;
    case 'assign_role':
      return `:busts_in_silhouette: ${who} made <@${action.userId}> the ${ROLE_TITLES[action.role]}.`;
    case 'post_update':
      return `:mega: *Update* from ${who}: ${escapeMrkdwn(action.text.trim())}\n${nextUpdate ? `Next update by ${slackDate(nextUpdate, timezone)}.` : 'No further update scheduled.'}`;
    default:
      return `${who} updated incident #${incident.id}.`;
  }
}
