// Pages a person on call about an incident: a DM, and a mention in the incident channel.
import { escapeMrkdwn } from '../blocks/block-limits.ts';
import { readSetupNotice } from '../incidents/incident-setup-store.ts';
import type { Incident } from '../incidents/incident-types.ts';
import { onCallNow } from '../oncall/oncall-store.ts';
import type { EscalationDeps } from './escalation-deps.ts';

/** How the incident is linked in a page: its channel, or its number before it has one. */
export function incidentLink(incident: Incident): string {
  return incident.channelId ? `<#${incident.channelId}>` : `incident #${incident.id}`;
}

// What a page says when the incident's Slack set-up has not finished: there may be no channel or card to
// act from, so it says vigil is on it, links the alerts notice, and names the command that works anyway.
async function setUpNote(deps: EscalationDeps, incident: Incident): Promise<string> {
  const setup = await readSetupNotice(deps.pool, incident.id);
  if (!setup || (!setup.unfinished && incident.channelId)) return '';
  const notice =
    setup.noticeChannel && setup.noticeTs
      ? ((await deps.client.chat.getPermalink({ channel: setup.noticeChannel, message_ts: setup.noticeTs }).then(
          (r) => r.permalink && `<${r.permalink}|the alerts notice>`,
          () => undefined,
        )) ?? `<#${setup.noticeChannel}>`)
      : `#${deps.config.workspace.channels.alerts.replace(/^#/, '')}`;
  return ` Its Slack channel is not set up yet; vigil is retrying. See ${notice}, and acknowledge with \`/incident ack ${incident.id}\`.`;
}

/**
 * Pages the `role` on call (the secondary falls back to the primary when there is none): a DM, and a mention in
 * the incident channel. Returns who was paged; undefined when nobody is on call (the channel is told so).
 */
export async function pageOnCall(
  deps: EscalationDeps,
  incident: Incident,
  role: 'primary' | 'secondary',
  why: string,
  now: Date,
): Promise<string | undefined> {
  const { client } = deps;
  const oncall = deps.onCallNow
    ? await deps.onCallNow(now)
    : await onCallNow(deps.pool, deps.config.workspace.oncall.rotation, now, deps.config.timezone);
  const target = role === 'secondary' ? (oncall.secondary?.userId ?? oncall.primary?.userId) : oncall.primary?.userId;
  const text = `:rotating_light: SEV${incident.severity} ${incidentLink(incident)} "${escapeMrkdwn(incident.title)}" ${why}.`;
  const note = await setUpNote(deps, incident);
  if (target)
    await client.chat.postMessage({
      channel: target,
      text: note ? `${text}${note}` : `${text} Please acknowledge or hand it on.`,
    });
  if (incident.channelId) {
    // The DM is the page; the mention in the channel is a courtesy, and failing it must not make the
    // caller page again.
    await client.chat
      .postMessage({
        channel: incident.channelId,
        text: target ? `<@${target}> ${text}` : `${text} Nobody is on call in vigil.yml (oncall.rotation) to page.`,
      })
      .catch((err) =>
        deps.logger.warn({ err, incident: incident.id }, 'could not mention the page in the incident channel'),
      );
  }
  return target;
}

/** Pages the secondary on call (the primary when there is none): the escalation policy's page. */
export function pageSecondary(deps: EscalationDeps, incident: Incident, why: string, now: Date) {
  return pageOnCall(deps, incident, 'secondary', why, now);
}
