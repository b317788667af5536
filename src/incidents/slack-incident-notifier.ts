// The incident service's Slack side over the Web API: the channel set-up, the pinned card, channel posts and the
// topic. A failed Slack call loses nothing: the incident exists; the failure is logged, put on the timeline and
// said in the channel when there is one.
import type { WebClient } from '@slack/web-api';
import type pg from 'pg';
import type { Logger } from 'pino';
import { renderIncidentCard } from '../blocks/render-incident-card.ts';
import { renderIncidentNotice } from '../blocks/render-incident-notice.ts';
import { readSetupNotice } from './incident-setup-store.ts';
import type { IncidentNotifier } from './incident-notifier.ts';
import { post, slackErrorCode } from './incident-slack.ts';
import { recordIncidentEvent } from './incident-store.ts';
import type { Incident } from './incident-types.ts';
import { setUpIncidentSlack, tellOpenerSetUp } from './set-up-incident-slack.ts';

/** Where incidents go in Slack: the Web API client, the alerts channel, channel privacy and who is invited. */
export interface IncidentSlackDeps {
  client: WebClient;
  alertsChannel: string;
  privateChannels: boolean;
  /** Who to invite into a new incident channel besides the opener: on-call now, metric owner. */
  responders: (incident: Incident) => Promise<string[]>;
}

/** What the Slack notifier needs. */
export interface SlackNotifierDeps extends IncidentSlackDeps {
  pool: pg.Pool;
  logger: Logger;
  clock: () => Date;
  timezone: string;
  playbooksFor?: (incident: Incident) => string[];
  /** When the incident's next status update is due, for the card. */
  nextUpdateDue: (incident: Incident) => Date | null;
}

// Set-up steps are retried by vigil, so the channel is not asked to do them by hand.
const SILENT_STEPS = new Set(['post_update', 'post_card', 'pin_card', 'notice_alerts_channel', 'update_notice']);

/** The notifier that sets incidents up in Slack and keeps their channel and card in step. */
export function slackIncidentNotifier(deps: SlackNotifierDeps): IncidentNotifier {
  const { pool, client, logger, timezone } = deps;
  const card = (incident: Incident) =>
    renderIncidentCard(incident, {
      now: deps.clock(),
      timezone,
      playbooks: deps.playbooksFor?.(incident),
      nextUpdateAt: deps.nextUpdateDue(incident),
    });
  const setTopic = async (incident: Incident): Promise<void> => {
    const topic = `SEV${incident.severity} · ${incident.status} · ${incident.title}`.slice(0, 250);
    await client.conversations.setTopic({ channel: incident.channelId!, topic });
  };
  const reportFailure = async (incident: Incident, step: string, code: string, what?: string): Promise<void> => {
    logger.warn({ incident: incident.id, step, error: code }, 'slack step failed; the incident is kept');
    await recordIncidentEvent(pool, incident.id, 'vigil', 'slack_error', { step, error: code }).catch(() => {});
    if (incident.channelId && !SILENT_STEPS.has(step)) {
      const text = `:warning: ${what ?? `Slack step \`${step}\` failed`} (\`${code}\`). The incident is recorded; retry or do it by hand.`;
      await post(client, incident.channelId, { text }).catch(() => {});
    }
  };
  const step = async <T>(incident: Incident, name: string, fn: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await fn();
    } catch (err) {
      await reportFailure(incident, name, slackErrorCode(err));
      return undefined;
    }
  };
  return {
    setsUpChannels: true,
    setUp: (incident, setup) =>
      setUpIncidentSlack(
        {
          pool,
          client,
          timezone,
          alertsChannel: deps.alertsChannel,
          privateChannels: deps.privateChannels,
          responders: deps.responders,
          card,
          setTopic,
          step,
          reportFailure,
        },
        incident,
        setup,
      ),
    tellOpenerSetUp: (incident, tries) => tellOpenerSetUp({ pool, client, logger }, incident, tries),
    async refreshCard(incident) {
      if (incident.channelId && incident.cardTs) {
        const message = card(incident);
        await step(incident, 'update_card', () =>
          client.chat.update({
            channel: incident.channelId!,
            ts: incident.cardTs!,
            text: message.text,
            blocks: message.blocks as never,
          }),
        );
      }
      // The alerts channel has one notice per incident: edited in place as the incident grows or changes, never reposted.
      const at = await readSetupNotice(pool, incident.id);
      if (at?.noticeChannel && at.noticeTs) {
        const notice = renderIncidentNotice(incident);
        await step(incident, 'update_notice', () =>
          client.chat.update({
            channel: at.noticeChannel!,
            ts: at.noticeTs!,
            text: notice.text,
            blocks: notice.blocks as never,
          }),
        );
      }
    },
    async say(incident, text) {
      if (incident.channelId) await step(incident, 'post_update', () => post(client, incident.channelId!, { text }));
    },
    async updateTopic(incident) {
      await step(incident, 'set_topic', () => setTopic(incident));
    },
  };
}
