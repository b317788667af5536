// The Slack set-up of an incident, resumable: channel (topic, invites), card, pin, alerts notice; each step done once.
import type { WebClient } from '@slack/web-api';
import type pg from 'pg';
import type { Logger } from 'pino';
import { escapeMrkdwn } from '../blocks/block-limits.ts';
import { renderIncidentNotice } from '../blocks/render-incident-notice.ts';
import { incidentChannelName } from './channel-name.ts';
import { createIncidentChannel, inviteUsers, pinMessage, post, postTo } from './incident-slack.ts';
import { saveSetupSteps, type IncidentSetup } from './incident-setup-store.ts';
import { recordIncidentEvent, updateIncident } from './incident-store.ts';
import type { Incident } from './incident-types.ts';

/** What a set-up run needs; `step` runs one Slack call, reporting a failure and returning undefined. */
export interface SetUpDeps {
  pool: pg.Pool;
  client: WebClient;
  timezone: string;
  alertsChannel: string;
  privateChannels: boolean;
  responders: (incident: Incident) => Promise<string[]>;
  card: (incident: Incident) => { text: string; blocks?: unknown[] };
  setTopic: (incident: Incident) => Promise<void>;
  step: <T>(incident: Incident, step: string, fn: () => Promise<T>) => Promise<T | undefined>;
  reportFailure: (incident: Incident, step: string, code: string, what: string) => Promise<void>;
}

/** Does whatever of the set-up is missing; `whole` once the channel, the pinned card and the alerts notice all exist. */
export async function setUpIncidentSlack(
  deps: SetUpDeps,
  incident: Incident,
  setup: IncidentSetup,
): Promise<{ incident: Incident; whole: boolean }> {
  const { pool, client } = deps;
  let current = incident;
  let channelIsNew = false;
  if (!current.channelId) {
    const name = incidentChannelName(current, deps.timezone);
    const channel = await deps.step(current, 'create_channel', () =>
      createIncidentChannel(client, name, deps.privateChannels, current.openedAt),
    );
    if (channel) {
      await updateIncident(pool, current.id, { channelId: channel.id, channelName: channel.name });
      current = { ...current, channelId: channel.id, channelName: channel.name };
      channelIsNew = true;
      await welcome(deps, current);
    }
  }
  const channelId = current.channelId;
  let pinned = setup.cardPinned;
  if (channelId && !current.cardTs) {
    const ts = await deps.step(current, 'post_card', () => post(client, channelId, deps.card(current)));
    if (ts) {
      await updateIncident(pool, current.id, { cardTs: ts });
      current = { ...current, cardTs: ts };
    }
  }
  if (channelId && current.cardTs && !pinned) {
    const cardTs = current.cardTs;
    pinned =
      (await deps.step(current, 'pin_card', async () => (await pinMessage(client, channelId, cardTs), true))) ?? false;
    if (pinned) await saveSetupSteps(pool, current.id, { cardPinned: true });
  }
  const noticed = await noticeAlerts(deps, current, setup, channelIsNew);
  return { incident: current, whole: Boolean(current.channelId && current.cardTs && pinned && noticed) };
}

// Topic and invites of a channel just made; an invite Slack refuses is said in the channel, not retried.
async function welcome(deps: SetUpDeps, incident: Incident): Promise<void> {
  await deps.step(incident, 'set_topic', () => deps.setTopic(incident));
  const users = [incident.openedBy, ...(await deps.responders(incident))].filter((u) => /^[UW][A-Z0-9]+$/.test(u));
  const inviteError = await inviteUsers(deps.client, incident.channelId!, users);
  if (inviteError)
    await deps.reportFailure(
      incident,
      'invite',
      inviteError,
      `I could not invite ${users.map((u) => `<@${u}>`).join(', ')}`,
    );
}

// The alerts channel hears of the incident even while its channel cannot be made; that notice is
// updated in place to link the channel once it exists.
async function noticeAlerts(
  deps: SetUpDeps,
  incident: Incident,
  setup: IncidentSetup,
  channelIsNew: boolean,
): Promise<boolean> {
  const notice = renderIncidentNotice(incident);
  if (!incident.channelId) {
    notice.text += ' (its channel is not set up yet; vigil is retrying)';
    notice.blocks = [
      ...notice.blocks,
      { type: 'context', elements: [{ type: 'mrkdwn', text: 'Its channel is not set up yet; vigil is retrying.' }] },
    ];
  }
  if (setup.noticeTs && setup.noticeChannel) {
    if (channelIsNew) {
      const at = { channel: setup.noticeChannel, ts: setup.noticeTs };
      await deps.step(incident, 'update_notice', () =>
        deps.client.chat.update({ ...at, text: notice.text, blocks: notice.blocks as never }),
      );
    }
    return true;
  }
  const posted = await deps.step(incident, 'notice_alerts_channel', () =>
    postTo(deps.client, deps.alertsChannel, notice),
  );
  if (!posted) return false;
  await saveSetupSteps(deps.pool, incident.id, { noticeChannel: posted.channel, noticeTs: posted.ts });
  return true;
}

/**
 * Tells the opener, by DM (a user id as the channel), that an incident whose set-up did not finish
 * when they opened it is whole now after `tries` runs; put on the timeline too.
 */
export async function tellOpenerSetUp(
  deps: { pool: pg.Pool; client: WebClient; logger: Logger },
  incident: Incident,
  tries: number,
): Promise<void> {
  await recordIncidentEvent(deps.pool, incident.id, 'vigil', 'setup_completed', { attempts: tries });
  if (!/^[UW][A-Z0-9]+$/.test(incident.openedBy)) return;
  const text =
    `:white_check_mark: Incident #${incident.id} "${escapeMrkdwn(incident.title)}" is set up now in <#${incident.channelId}>: ` +
    'its set-up did not finish when you opened it (Slack failed or vigil restarted), so vigil finished the channel, card and alerts notice afterwards.';
  await post(deps.client, incident.openedBy, { text }).catch((err) =>
    deps.logger.warn({ err, incident: incident.id }, 'could not tell the opener the incident is set up'),
  );
}
