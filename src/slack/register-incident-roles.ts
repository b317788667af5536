// The incident card's roles menu: "Set commander…" (comms, scribe) opens a dialog to pick the person, and its
// submission gives them the role, as `/incident role` does.
import type { App, BlockAction, OverflowAction } from '@slack/bolt';
import type { Logger } from 'pino';
import { INCIDENT_ACTION_IDS } from '../blocks/render-incident-card.ts';
import { ROLE_TITLES, roleHolder } from '../incidents/assign-incident-role.ts';
import { INCIDENT_ROLES, type IncidentRole } from '../incidents/incident-types.ts';
import { parseIncidentId } from '../incidents/parse-incident-id.ts';
import { badClickValueText, clickFailureText } from './incident-click.ts';
import { postResponseUrl } from './post-response-url.ts';
import type { FirstDelivery } from './record-deliveries.ts';
import type { Services } from './services.ts';

const ROLE_VIEW = 'incident_role_view';

/** Registers the roles menu of the incident card and its dialog. */
export function registerIncidentRoles(
  app: App,
  services: Services,
  logger: Logger,
  firstDelivery: FirstDelivery,
): void {
  app.action<BlockAction<OverflowAction>>(INCIDENT_ACTION_IDS.roleMenu, async ({ ack, body, action, client }) => {
    await ack();
    const userId = body.user.id;
    const say = async (text: string): Promise<void> => {
      if (!body.response_url) return;
      await postResponseUrl(body.response_url, { response_type: 'ephemeral', replace_original: false, text }).catch(
        (err: unknown) => logger.warn({ err }, 'could not answer a roles menu click'),
      );
    };
    const picked = parseRoleValue(action.selected_option?.value);
    if (!picked) {
      logger.warn({ value: action.selected_option?.value?.slice(0, 80), user: userId }, 'roles menu value refused');
      return say(badClickValueText(action.selected_option?.value));
    }
    try {
      if (!(await firstDelivery(`action:${body.trigger_id}:${action.action_id}`))) return;
      const allowed = await services.authorize('assign_role', userId, `incident:${picked.id}`);
      if (!allowed.ok) return say(`${allowed.message} ${allowed.hint}`);
      const incident = await services.incidents.get(picked.id);
      const holder = roleHolder(incident, picked.role) ?? userId;
      await client.views.open({ trigger_id: body.trigger_id, view: roleView(picked.id, picked.role, holder) as never });
    } catch (err) {
      logger.child({ incident: picked.id, user: userId }).error({ err }, 'roles menu failed');
      await say(clickFailureText(err, picked.id));
    }
  });

  app.view(ROLE_VIEW, async ({ ack, view, body, client }) => {
    const picked = parseRoleValue(view.private_metadata);
    const holder = view.state.values.holder?.holder?.selected_user ?? '';
    if (!picked) {
      await ack();
      return logger.warn({ metadata: view.private_metadata.slice(0, 80) }, 'role dialog without an incident; ignored');
    }
    if (!holder) return ack({ response_action: 'errors', errors: { holder: 'Pick a person.' } });
    // Checked before the ack so a refusal shows in the dialog itself (one database read, well within Slack's 3 s).
    const allowed = await services.authorize('assign_role', body.user.id, `incident:${picked.id}`);
    if (!allowed.ok)
      return ack({ response_action: 'errors', errors: { holder: `${allowed.message} ${allowed.hint}`.slice(0, 150) } });
    await ack();
    const outcome = await services.incidents.act(
      picked.id,
      { kind: 'assign_role', role: picked.role, userId: holder },
      body.user.id,
    );
    if (outcome.ok || !outcome.incident.channelId) return;
    await client.chat
      .postEphemeral({
        channel: outcome.incident.channelId,
        user: body.user.id,
        text: `${outcome.error.message} ${outcome.error.hint}`,
      })
      .catch((err: unknown) => logger.warn({ err, incident: picked.id }, 'could not tell a role refusal'));
  });
}

// "commander:12": the role and the incident (an option value, or the dialog's private_metadata).
function parseRoleValue(value: string | undefined): { role: IncidentRole; id: number } | undefined {
  const [role, id] = (value ?? '').split(':');
  const incidentId = parseIncidentId(id);
  if (!(INCIDENT_ROLES as readonly string[]).includes(role ?? '') || incidentId === undefined) return undefined;
  return { role: role as IncidentRole, id: incidentId };
}

function roleView(id: number, role: IncidentRole, holder: string) {
  return {
    type: 'modal',
    callback_id: ROLE_VIEW,
    private_metadata: `${role}:${id}`,
    title: { type: 'plain_text', text: `Incident #${id} roles`.slice(0, 24) },
    submit: { type: 'plain_text', text: 'Save' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      {
        type: 'input',
        block_id: 'holder',
        label: { type: 'plain_text', text: `The ${ROLE_TITLES[role]}` },
        element: { type: 'users_select', action_id: 'holder', initial_user: holder },
      },
    ],
  };
}
