// The App Home tab: published on app_home_opened; its "Declare incident" button opens the declare modal, its
// "Run playbook" button a modal choosing a playbook, its parameters and a channel, run as `/investigate` runs it.
import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import { HOME_ACTION_IDS } from '../blocks/render-app-home.ts';
import type { ViewValues } from '../blocks/render-declare-modal.ts';
import {
  PLAYBOOK_VIEW,
  readPlaybookForm,
  renderPlaybookModal,
  type PlaybookForm,
} from '../blocks/render-playbook-modal.ts';
import type { Reply } from './command-module.ts';
import { playbookPosterOf, postPlaybookRun } from './post-playbook-run.ts';
import type { AppHome } from './publish-app-home.ts';
import { openDeclareModal } from './register-declare-incident.ts';
import type { Services } from './services.ts';

/** Registers app_home_opened, the Home tab's two buttons and the playbook modal's submission. */
export function registerAppHome(app: App, services: Services, home: AppHome, logger: Logger): void {
  const log = logger.child({ component: 'app_home' });

  app.event('app_home_opened', async ({ event }) => {
    // The Messages tab opens this event too; only the Home tab is vigil's to draw.
    if (event.tab !== 'home') return;
    await home
      .publish(event.user)
      .catch((err: unknown) => log.warn({ err, user: event.user }, 'could not publish the Home tab'));
  });

  app.action<BlockAction<ButtonAction>>(HOME_ACTION_IDS.declare, async ({ ack, body, client }) => {
    await ack();
    await openDeclareModal(services, client, body.trigger_id).catch((err: unknown) =>
      log.warn({ err, user: body.user.id }, 'could not open the declare modal from the Home tab'),
    );
  });

  app.action<BlockAction<ButtonAction>>(HOME_ACTION_IDS.runPlaybook, async ({ ack, body, client }) => {
    await ack();
    const choices = (services.playbooks?.list() ?? []).map((p) => ({
      id: p.id,
      title: p.title,
      params: Object.keys(p.params),
    }));
    if (choices.length === 0)
      return log.info({ user: body.user.id }, 'Run playbook from the Home tab with no playbooks loaded');
    await client.views
      .open({ trigger_id: body.trigger_id, view: renderPlaybookModal(choices) as never })
      .catch((err: unknown) => log.warn({ err, user: body.user.id }, 'could not open the playbook modal'));
  });

  app.view(PLAYBOOK_VIEW, async ({ ack, view, body, client }) => {
    const read = readPlaybookForm(view.state.values as ViewValues);
    if (!read.ok) return ack({ response_action: 'errors', errors: read.errors });
    const poster = playbookPosterOf(services, logger);
    // Parameters are checked before the ack (nothing is queried) so a refusal shows beside them in the modal.
    const checked = poster.playbooks.check(read.form.playbookId, read.form.given);
    if (!checked.ok)
      return ack({ response_action: 'errors', errors: { params: `${checked.message} ${checked.hint}`.slice(0, 150) } });
    await ack();
    const work = () => runFromHome(services, client, logger, read.form, body.user.id);
    // A run takes seconds: detached, it does not hold up other commands and buttons behind it.
    if (!services.detach) return work();
    if (!services.detach(work))
      await tell(
        client,
        read.form.channelId,
        body.user.id,
        logger,
      )({ text: 'vigil is running too many playbooks right now (vigil_playbooks_busy). Try again in a minute.' });
  });
}

// Runs the playbook in the chosen channel; what only the asker should see is posted to them ephemerally there.
async function runFromHome(
  services: Services,
  client: WebClient,
  logger: Logger,
  form: PlaybookForm,
  userId: string,
): Promise<void> {
  const respond = tell(client, form.channelId, userId, logger);
  const outcome = await postPlaybookRun(playbookPosterOf(services, logger), {
    playbookId: form.playbookId,
    given: form.given,
    userId,
    channelId: form.channelId,
    respond,
  });
  if (!outcome.ok) await respond({ text: `${outcome.message} ${outcome.hint} (${outcome.code})` });
}

function tell(client: WebClient, channel: string, user: string, logger: Logger): (reply: Reply) => Promise<void> {
  return async (reply) => {
    await client.chat
      .postEphemeral({ channel, user, text: reply.text, ...(reply.blocks ? { blocks: reply.blocks as never } : {}) })
      .catch((err: unknown) =>
        logger.warn({ err, channel, user }, 'could not answer a playbook run from the Home tab'),
      );
  };
}
