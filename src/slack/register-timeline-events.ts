// A timeline of what people said: in an incident channel, a message pinned or marked with the timeline emoji
// (vigil.yml incidents.timeline_emoji) goes on the incident's timeline; unpinning or removing the reaction takes it off.
import type { App } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import { timeOfSlackTs } from '../incidents/timeline-message-store.ts';
import { fetchSlackMessage, messageOf, type FetchedMessage } from './fetch-slack-message.ts';
import type { Services } from './services.ts';

interface MessageItem {
  type?: string;
  channel?: string;
  ts?: string;
  message?: { ts?: string; user?: string; bot_id?: string; text?: string; files?: unknown[] };
}

/** Registers reaction_added, reaction_removed, pin_added and pin_removed (manifest.yml bot events). */
export function registerTimelineEvents(app: App, services: Services, logger: Logger): void {
  const emoji = services.config.workspace.incidents.timeline_emoji;
  const log = logger.child({ component: 'timeline' });
  // Skin tones arrive as "pushpin::skin-tone-2".
  const isTimelineEmoji = (reaction: string) => reaction.split('::')[0] === emoji;

  const mark = async (
    client: WebClient,
    where: { channel?: string; ts?: string },
    by: string,
    mark: string,
    given?: MessageItem['message'],
  ) => {
    const { channel, ts } = where;
    if (!channel || !ts) return;
    const incident = await services.incidents.byChannel(channel);
    // The pinned incident card is vigil's own, not something a person said.
    if (!incident || ts === incident.cardTs) return;
    const message: FetchedMessage | undefined =
      given?.text !== undefined ? messageOf(given, ts) : await fetchSlackMessage(client, channel, ts);
    if (!message) return log.info({ incident: incident.id, channel, ts }, 'marked message not found; not added');
    const { added } = await services.incidents.addMessageToTimeline({
      incidentId: incident.id,
      channelId: channel,
      messageTs: ts,
      author: message.author,
      text: message.text,
      postedAt: timeOfSlackTs(ts),
      addedBy: by,
      mark,
    });
    log.info({ incident: incident.id, ts, mark, added }, 'message marked for the timeline');
  };

  const unmark = async (where: { channel?: string; ts?: string }, by: string, mark: string) => {
    const { channel, ts } = where;
    if (!channel || !ts) return;
    const incident = await services.incidents.byChannel(channel);
    if (!incident) return;
    const { removed } = await services.incidents.removeTimelineMark(
      { incidentId: incident.id, channelId: channel, messageTs: ts, mark },
      by,
    );
    log.info({ incident: incident.id, ts, mark, removed }, 'timeline mark taken off');
  };

  // Nobody waits on an event, so a failure (Slack refusing the history read, the database away) is only logged.
  const logged = (what: string, work: Promise<void>) =>
    work.catch((err: unknown) => log.warn({ err }, `could not ${what} the incident timeline`));

  app.event('reaction_added', async ({ event, client }) => {
    if (event.item.type !== 'message' || !isTimelineEmoji(event.reaction)) return;
    await logged('add to', mark(client, event.item, event.user, `reaction:${event.user}`));
  });
  app.event('reaction_removed', async ({ event }) => {
    if (event.item.type !== 'message' || !isTimelineEmoji(event.reaction)) return;
    await logged('take off', unmark(event.item, event.user, `reaction:${event.user}`));
  });
  app.event('pin_added', async ({ event, client }) => {
    const item = event.item as MessageItem;
    if (item.type !== 'message') return;
    await logged('add to', mark(client, pinned(event.channel_id, item), event.user, 'pin', item.message));
  });
  app.event('pin_removed', async ({ event }) => {
    const item = event.item as MessageItem;
    if (item.type !== 'message') return;
    await logged('take off', unmark(pinned(event.channel_id, item), event.user, 'pin'));
  });
}

// A pin event names its channel twice (channel_id, item.channel) and the message in full or by ts.
function pinned(channelId: string | undefined, item: MessageItem): { channel?: string; ts?: string } {
  return { channel: item.channel ?? channelId, ts: item.message?.ts ?? item.ts };
}
