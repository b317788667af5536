// The incident card's buttons and the resolve dialog.
import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import type { Logger } from 'pino';
import type { IncidentAction } from '../incidents/incident-types.ts';
import { parseIncidentId } from '../incidents/parse-incident-id.ts';
import { INCIDENT_ACTION_IDS } from '../blocks/render-incident-card.ts';
import type { Action } from '../auth/check-permission.ts';
import { postResponseUrl } from './post-response-url.ts';
import type { FirstDelivery } from './record-deliveries.ts';
import type { Services } from './services.ts';
import { offerPlaybooks, registerPlaybookPick } from './run-playbook-from-card.ts';
import type { Reply } from './command-module.ts';
import { badClickValueText, clickFailureText } from './incident-click.ts';
import { registerIncidentRoles } from './register-incident-roles.ts';

const RESOLVE_VIEW = 'incident_resolve_view';

/** Registers Acknowledge, Escalate, Resolve (a dialog for the note), Reopen, Archive, Run playbook (with its chooser) and the roles menu. */
export function registerIncidentActions(
  app: App,
  services: Services,
  logger: Logger,
  firstDelivery: FirstDelivery,
): void {
  const ids = INCIDENT_ACTION_IDS;
  const simple: Record<string, IncidentAction> = {
    [ids.acknowledge]: { kind: 'acknowledge' },
    [ids.escalate]: { kind: 'escalate', reason: 'from the incident card' },
    [ids.reopen]: { kind: 'reopen' },
  };
  // Running a playbook only reads; every other button changes the incident.
  const needs: Record<string, Action | undefined> = {
    [ids.acknowledge]: 'acknowledge',
    [ids.escalate]: 'escalate',
    [ids.resolve]: 'resolve',
    [ids.reopen]: 'resolve',
    [ids.archive]: 'archive',
  };
  // The card's buttons; its overflow menu of roles (incident_role_menu) has a listener of its own.
  app.action<BlockAction<ButtonAction>>(/^incident_(?!role_menu$)[a-z_]+$/, async ({ ack, body, action, client }) => {
    // In HTTP mode the route has acked already and this resolves at once.
    await ack();
    const userId = body.user.id;
    const say = async (text: string): Promise<void> => {
      if (!body.response_url) return;
      await postResponseUrl(body.response_url, { response_type: 'ephemeral', replace_original: false, text }).catch(
        (err: unknown) => {
          logger.warn(
            { err, value: action.value?.slice(0, 80), action: action.action_id },
            'could not answer a button click',
          );
        },
      );
    };
    // Read before any query: a forged or stale value must not reach PostgreSQL (Number('x') would arrive as 'NaN').
    const id = parseIncidentId(action.value);
    if (id === undefined) {
      logger.warn(
        { value: action.value?.slice(0, 80), action: action.action_id, user: userId },
        'incident button with no incident number; refused',
      );
      await say(badClickValueText(action.value));
      return;
    }
    try {
      // Inside the try: the de-duplication is the first database call, and an outage must still get its reply.
      if (!(await firstDelivery(`action:${body.trigger_id}:${action.action_id}`))) return;
      const needed = needs[action.action_id];
      if (needed) {
        const allowed = await services.authorize(needed, userId, `incident:${id}`);
        if (!allowed.ok) {
          await say(`${allowed.message} ${allowed.hint}`);
          return;
        }
      }
      const chosen = simple[action.action_id];
      if (chosen) {
        const outcome = await services.incidents.act(id, chosen, userId);
        if (!outcome.ok) await say(`${outcome.error.message} ${outcome.error.hint}`);
        return;
      }
      if (action.action_id === ids.resolve) {
        // The dialog is for an incident that exists: a note typed for a missing one would be lost.
        await services.incidents.get(id);
        await client.views.open({ trigger_id: body.trigger_id, view: resolveView(id) as never });
        return;
      }
      if (action.action_id === ids.archive) {
        const incident = await services.incidents.get(id);
        if (incident.status !== 'resolved' || !incident.channelId) {
          await say('Only a resolved incident channel can be archived.');
          return;
        }
        await client.conversations.archive({ channel: incident.channelId });
        return;
      }
      if (action.action_id === ids.runPlaybook) {
        // Never replaces the card: the answer (a chooser, or the run where vigil cannot post) is a new ephemeral message.
        const respond = async (reply: Reply) => {
          if (body.response_url)
            await postResponseUrl(body.response_url, { response_type: 'ephemeral', ...reply, replace_original: false });
        };
        await offerPlaybooks(services, logger, { incidentId: id, userId, channelId: body.channel?.id, respond });
        return;
      }
      await say(`Unknown incident action ${action.action_id}.`);
    } catch (err) {
      logger.child({ incident: id, action: action.action_id, user: userId }).error({ err }, 'incident action failed');
      await say(clickFailureText(err, id));
    }
  });

  registerPlaybookPick(app, services, logger, firstDelivery);
  registerIncidentRoles(app, services, logger, firstDelivery);

  app.view(RESOLVE_VIEW, async ({ ack, view, body }) => {
    const note = view.state.values.note?.note?.value?.trim() ?? '';
    if (!note) {
      await ack({ response_action: 'errors', errors: { note: 'Say what fixed it or why it is closed.' } });
      return;
    }
    await ack();
    const outcome = await services.incidents.act(
      Number(view.private_metadata),
      { kind: 'resolve', note },
      body.user.id,
    );
    if (!outcome.ok) logger.info({ code: outcome.error.code }, 'resolve from dialog refused');
  });
}

function resolveView(id: number) {
  return {
    type: 'modal',
    callback_id: RESOLVE_VIEW,
    private_metadata: String(id),
    title: { type: 'plain_text', text: `Resolve incident #${id}` },
    submit: { type: 'plain_text', text: 'Resolve' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      {
        type: 'input',
        block_id: 'note',
        label: { type: 'plain_text', text: 'Resolution note' },
        element: {
          type: 'plain_text_input',
          action_id: 'note',
          multiline: true,
          placeholder: { type: 'plain_text', text: 'What fixed it, or why it is closed' },
        },
      },
    ],
  };
}
