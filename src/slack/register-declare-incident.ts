// Declare from anywhere: the global shortcut "Declare incident" and the message shortcut "Declare incident from this
// message" (manifest.yml callback ids) open the declare modal; its submission opens the incident as `/incident new`
// does and, from a message, quotes it in the incident channel and puts it on the timeline.
import type { App, MessageShortcut } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import {
  DECLARE_VIEW,
  messageOfMetadata,
  quoteSource,
  readDeclareForm,
  renderDeclareModal,
  type DeclareForm,
  type DeclareSource,
  type ViewValues,
} from '../blocks/render-declare-modal.ts';
import { escapeMrkdwn } from '../blocks/block-limits.ts';
import { catalogOf } from '../metrics/load-catalog.ts';
import { messageOf } from './fetch-slack-message.ts';
import type { Services } from './services.ts';
import { markFromShortcut, permalinkOf } from './shortcut-message.ts';

/** The shortcuts' callback ids (manifest.yml features.shortcuts). */
export const DECLARE_SHORTCUTS = {
  global: 'declare_incident',
  message: 'declare_incident_from_message',
} as const;

/** Opens the declare modal, from a message when given one (the Home tab's button uses it too). */
export async function openDeclareModal(
  services: Services,
  client: WebClient,
  triggerId: string,
  source?: DeclareSource,
): Promise<void> {
  const metrics = catalogOf(services.config).map((m) => ({ id: m.id, title: m.title }));
  await client.views.open({ trigger_id: triggerId, view: renderDeclareModal(metrics, source) as never });
}

/** Registers both shortcuts and the modal's submission. */
export function registerDeclareIncident(app: App, services: Services, logger: Logger): void {
  const log = logger.child({ component: 'declare' });

  app.shortcut(DECLARE_SHORTCUTS.global, async ({ ack, shortcut, client }) => {
    await ack();
    await openDeclareModal(services, client, shortcut.trigger_id).catch((err: unknown) =>
      log.warn({ err, user: shortcut.user.id }, 'could not open the declare modal'),
    );
  });

  app.shortcut<MessageShortcut>(DECLARE_SHORTCUTS.message, async ({ ack, shortcut, client }) => {
    await ack();
    const m = shortcut.message as MessageShortcut['message'] & { bot_id?: string; files?: unknown[] };
    const fetched = messageOf(m, m.ts);
    const source = { channelId: shortcut.channel.id, ts: m.ts, author: fetched.author, text: fetched.text };
    await openDeclareModal(services, client, shortcut.trigger_id, source).catch((err: unknown) =>
      log.warn({ err, user: shortcut.user.id }, 'could not open the declare modal'),
    );
  });

  app.view(DECLARE_VIEW, async ({ ack, view, body, client }) => {
    const catalog = catalogOf(services.config);
    const read = readDeclareForm(
      view.state.values as ViewValues,
      catalog.map((m) => m.id),
    );
    if (!read.ok) return ack({ response_action: 'errors', errors: read.errors });
    const userId = body.user.id;
    // Checked before the ack so a refusal shows in the modal (one database read, well within Slack's 3 s).
    const allowed = await services.authorize('open', userId, null);
    if (!allowed.ok)
      return ack({ response_action: 'errors', errors: { title: `${allowed.message} ${allowed.hint}`.slice(0, 150) } });
    // The same problem declared twice (a second person, a second try) stays one incident.
    const twin = await services.incidents.recentTwin(read.form.title);
    if (twin)
      return ack({
        response_action: 'errors',
        errors: {
          title: `Incident #${twin.id} with this title is still open; add to its timeline, or give this one a different title.`,
        },
      });
    await ack();
    const source = messageOfMetadata(view.private_metadata);
    await declare(services, client, { form: read.form, userId, teamId: body.team?.id, viewId: view.id, source }).catch(
      (err: unknown) => log.error({ err, user: userId }, 'declaring an incident from the modal failed'),
    );
  });
}

interface Declaration {
  form: DeclareForm;
  userId: string;
  teamId?: string;
  viewId: string;
  source?: DeclareSource;
}

// Opens the incident (keyed by the modal, so a retried submission opens it once), then quotes and links the message.
async function declare(services: Services, client: WebClient, d: Declaration): Promise<void> {
  const { form, userId, source } = d;
  const { incident, created } = await services.incidents.open({
    dedupKey: `declare:${d.viewId}`,
    title: form.title,
    severity: form.severity,
    metricId: form.metricId,
    slice: form.slice,
    openedBy: userId,
    ...(d.teamId ? { teamId: d.teamId } : {}),
  });
  if (!created) return;
  if (form.description)
    await services.incidents.say(incident, `:memo: <@${userId}>: ${escapeMrkdwn(form.description)}`);
  if (source) {
    const permalink = await permalinkOf(client, source);
    const linked = permalink ? { ...source, permalink } : source;
    await services.incidents.say(incident, quoteSource(linked, userId));
    await markFromShortcut(services, incident.id, linked, userId);
  }
  // The opener is invited to the channel; without one (Slack refused, vigil retries) they hear it here.
  if (!incident.channelId)
    await client.chat.postMessage({
      channel: userId,
      text: `:rotating_light: Opened incident #${incident.id} SEV${incident.severity}; Slack refused its channel for now, so vigil keeps retrying and will message you when it is set up.`,
    });
}
