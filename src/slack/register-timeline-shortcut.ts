// The message shortcut "Add to incident timeline": any message, in an incident channel or not, onto an incident's
// timeline. In an incident channel it goes on that incident's; else on the one open incident, or the one chosen in a
// modal when several are open; with none open the user is told so.
import type { App, MessageShortcut } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import {
  renderTimelineChooser,
  TIMELINE_CHOOSER_VIEW,
  type TimelineCandidate,
} from '../blocks/render-timeline-chooser.ts';
import { parseIncidentId } from '../incidents/parse-incident-id.ts';
import type { Incident } from '../incidents/incident-types.ts';
import { messageOf } from './fetch-slack-message.ts';
import { postResponseUrl } from './post-response-url.ts';
import { markFromShortcut, permalinkOf } from './shortcut-message.ts';
import { messageOfMetadata } from '../blocks/render-declare-modal.ts';
import type { Services } from './services.ts';

/** The shortcut's callback id (manifest.yml features.shortcuts). */
export const TIMELINE_SHORTCUT = 'add_to_incident_timeline';

/** The answer when nothing is open. */
export const NO_OPEN_INCIDENT_TEXT =
  'No incident is open, so there is no timeline to add this message to. Declare one with the "Declare incident from this message" shortcut or `/incident new`.';

/** Registers the shortcut and its chooser's submission. */
export function registerTimelineShortcut(app: App, services: Services, logger: Logger): void {
  const log = logger.child({ component: 'timeline' });

  app.shortcut<MessageShortcut>(TIMELINE_SHORTCUT, async ({ ack, shortcut, client }) => {
    await ack();
    const userId = shortcut.user.id;
    const say = (text: string) =>
      postResponseUrl(shortcut.response_url, { response_type: 'ephemeral', replace_original: false, text }).catch(
        (err: unknown) => log.warn({ err, user: userId }, 'could not answer the timeline shortcut'),
      );
    try {
      const m = shortcut.message as MessageShortcut['message'] & { bot_id?: string; files?: unknown[] };
      const fetched = messageOf(m, m.ts);
      const candidate = { channelId: shortcut.channel.id, ts: m.ts, author: fetched.author, text: fetched.text };
      const here = await services.incidents.byChannel(candidate.channelId);
      const open = here ? [here] : await services.incidents.list('open', userId);
      if (open.length === 0) return await say(NO_OPEN_INCIDENT_TEXT);
      if (open.length > 1) {
        await client.views.open({
          trigger_id: shortcut.trigger_id,
          view: renderTimelineChooser(open, candidate) as never,
        });
        return;
      }
      const incident = open[0]!;
      const added = await addToTimeline(services, client, incident, candidate, userId);
      await say(confirmation(incident, added));
    } catch (err) {
      log.error({ err, user: userId }, 'the timeline shortcut failed');
      await say('Could not add the message to the timeline: something failed on our side (it is logged). Try again.');
    }
  });

  app.view(TIMELINE_CHOOSER_VIEW, async ({ ack, view, body, client }) => {
    const candidate = messageOfMetadata(view.private_metadata);
    const picked = view.state.values.incident?.incident?.selected_option?.value;
    const id = parseIncidentId(picked ?? undefined);
    if (!candidate) {
      await ack();
      return log.warn({ metadata: view.private_metadata.slice(0, 80) }, 'timeline chooser without a message; ignored');
    }
    if (id === undefined) return ack({ response_action: 'errors', errors: { incident: 'Pick an incident.' } });
    // Added before the ack (two quick database calls and a permalink) so the modal can say it is done.
    const incident = await services.incidents.get(id).catch(() => undefined);
    if (!incident)
      return ack({ response_action: 'errors', errors: { incident: 'That incident is gone; pick another.' } });
    const added = await addToTimeline(services, client, incident, candidate, body.user.id);
    await ack({
      response_action: 'update',
      view: {
        type: 'modal',
        title: { type: 'plain_text', text: 'Add to timeline' },
        close: { type: 'plain_text', text: 'Close' },
        blocks: [{ type: 'section', text: { type: 'mrkdwn', text: confirmation(incident, added) } }],
      },
    });
  });
}

// Puts the message on the incident's timeline with the user's shortcut mark and the message's link.
async function addToTimeline(
  services: Services,
  client: WebClient,
  incident: Incident,
  m: TimelineCandidate,
  userId: string,
): Promise<boolean> {
  const permalink = m.permalink ?? (await permalinkOf(client, m));
  return markFromShortcut(services, incident.id, permalink ? { ...m, permalink } : m, userId);
}

function confirmation(incident: Incident, added: boolean): string {
  const where = incident.channelId ? ` (<#${incident.channelId}>)` : '';
  return added
    ? `:pushpin: Added the message to the timeline of incident #${incident.id}${where}; \`/incident timeline ${incident.id}\` shows it.`
    : `That message is on the timeline of incident #${incident.id}${where} already.`;
}
