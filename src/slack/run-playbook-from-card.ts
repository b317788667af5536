// The incident card's Run playbook button: the metric's own playbook (or the one suggestion) runs at once in the
// incident channel, several suggestions without one of the metric's own open a chooser, none says which playbooks exist.
import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import type { Logger } from 'pino';
import type { Incident } from '../incidents/incident-types.ts';
import { catalogOf } from '../metrics/load-catalog.ts';
import { incidentContextOf } from '../playbooks/incident-context.ts';
import { parsePickValue, PLAYBOOK_PICK_PREFIX, renderPlaybookChooser } from '../blocks/render-playbook-chooser.ts';
import type { Reply } from './command-module.ts';
import { playbookContextFor } from './playbook-incident-context.ts';
import { playbookPosterOf, postPlaybookRun } from './post-playbook-run.ts';
import { postResponseUrl } from './post-response-url.ts';
import type { FirstDelivery } from './record-deliveries.ts';
import type { Services } from './services.ts';
import { clickFailureText } from './incident-click.ts';

/** Who clicked, where, and how to answer them (ephemeral, through the click's response_url). */
export interface CardClick {
  incidentId: number;
  userId: string;
  /** The channel the card is in, when the incident has no channel of its own. */
  channelId?: string;
  respond(reply: Reply): Promise<void>;
}

/** What the button does: run one playbook (naming the other suggestions), offer a choice, or nothing to offer. */
export type CardPlaybookChoice =
  { kind: 'run'; id: string; others: string[] } | { kind: 'choose'; ids: string[] } | { kind: 'none' };

/** The metric's own playbook (catalog `playbook:`) runs at once when it is loaded; else one suggestion runs, several are offered. */
export function chooseCardPlaybook(own: string | undefined, suggested: readonly string[]): CardPlaybookChoice {
  if (own && suggested.includes(own)) return { kind: 'run', id: own, others: suggested.filter((id) => id !== own) };
  if (suggested.length === 1) return { kind: 'run', id: suggested[0]!, others: [] };
  return suggested.length > 1 ? { kind: 'choose', ids: [...suggested] } : { kind: 'none' };
}

/** Run playbook: runs the metric's own playbook or the one suggestion, or answers with a chooser, or with the playbooks there are. */
export async function offerPlaybooks(services: Services, logger: Logger, click: CardClick): Promise<void> {
  const poster = playbookPosterOf(services, logger);
  const incident = await services.incidents.get(click.incidentId);
  const catalog = catalogOf(services.config);
  // Only the playbooks that can run for the incident's slice, as the card lists them.
  const runnable = poster.playbooks.runnableFor?.(incidentContextOf(incident, catalog));
  const suggested = (runnable ?? poster.playbooks.suggestFor(incident.metricId)).filter(
    (id) => poster.playbooks.get(id) !== undefined,
  );
  const own = catalog.find((m) => m.id === incident.metricId)?.playbook;
  const choice = chooseCardPlaybook(own, suggested);
  if (choice.kind === 'run') {
    if (choice.others.length > 0) {
      const others = choice.others.map((id) => `\`/investigate ${id}\``).join(', ');
      await click.respond({
        replace_original: false,
        text: `Running \`${choice.id}\`, the playbook for \`${incident.metricId}\`; results follow in the channel. Also suggested: ${others}.`,
      });
    }
    return runForIncident(services, logger, incident, choice.id, click);
  }
  if (choice.kind === 'choose')
    return click.respond({
      ...renderPlaybookChooser(
        incident.id,
        incident.metricId,
        choice.ids.map((id) => poster.playbooks.get(id)!),
      ),
      replace_original: false,
    });
  const all = poster.playbooks
    .list()
    .map((p) => `\`${p.id}\``)
    .join(', ');
  const why = incident.metricId
    ? `No playbook is suggested for \`${incident.metricId}\``
    : 'This incident has no metric, so no playbook is suggested';
  await click.respond({
    replace_original: false,
    text: all
      ? `${why}. Run one with \`/investigate <playbook>\` in the incident channel: ${all}.`
      : `${why}, and no playbooks are loaded (see \`/investigate list\`).`,
  });
}

/** Runs one playbook for the incident in its channel, with the incident's metric, slice and window. */
export async function runForIncident(
  services: Services,
  logger: Logger,
  incident: Incident,
  playbookId: string,
  click: CardClick,
): Promise<void> {
  const poster = playbookPosterOf(services, logger);
  const channelId = incident.channelId ?? click.channelId;
  if (!channelId) {
    await click.respond({
      replace_original: false,
      text: `Incident #${incident.id} has no channel to post in; run \`/investigate ${playbookId}\` where you want the results.`,
    });
    return;
  }
  const context = await playbookContextFor(services.incidents, incident, catalogOf(services.config));
  const work = async () => {
    const outcome = await postPlaybookRun(poster, {
      playbookId,
      given: {},
      userId: click.userId,
      channelId,
      incident: context,
      respond: click.respond,
    });
    if (!outcome.ok) {
      await click.respond({
        replace_original: false,
        text: `${outcome.message} ${outcome.hint} Run it by hand with \`/investigate ${playbookId} key=value ...\` (\`/investigate help ${playbookId}\`).`,
      });
    }
  };
  // A run takes seconds: detached, it does not hold up other commands and buttons behind it.
  if (!services.detach) return work();
  if (!services.detach(work))
    await click.respond({
      replace_original: false,
      text: 'vigil is running too many playbooks right now (vigil_playbooks_busy). Try again in a minute.',
    });
}

/** The chooser's buttons: each runs its playbook for its incident. */
export function registerPlaybookPick(app: App, services: Services, logger: Logger, firstDelivery: FirstDelivery): void {
  app.action<BlockAction<ButtonAction>>(new RegExp(`^${PLAYBOOK_PICK_PREFIX}\\d+$`), async ({ ack, body, action }) => {
    await ack();
    const pick = parsePickValue(action.value);
    if (!pick || !(await firstDelivery(`action:${body.trigger_id}:${action.action_id}`))) return;
    const respond = async (reply: Reply) => {
      if (!body.response_url) return;
      await postResponseUrl(body.response_url, { response_type: 'ephemeral', replace_original: false, ...reply }).catch(
        (err: unknown) => {
          logger.warn({ err, incident: pick.incidentId }, 'could not answer a playbook pick');
        },
      );
    };
    try {
      const incident = await services.incidents.get(pick.incidentId);
      // The chooser has done its job; replacing it keeps a second click from starting a second run.
      await respond({
        replace_original: true,
        text: `Running \`${pick.playbookId}\` for incident #${incident.id}; results follow in the channel.`,
      });
      await runForIncident(services, logger, incident, pick.playbookId, {
        incidentId: incident.id,
        userId: body.user.id,
        channelId: body.channel?.id,
        respond,
      });
    } catch (err) {
      logger
        .child({ incident: pick.incidentId, playbook: pick.playbookId, user: body.user.id })
        .error({ err }, 'playbook run from the chooser failed');
      await respond({
        replace_original: false,
        text: clickFailureText(
          err,
          pick.incidentId,
          'The playbook run failed on our side; it is logged. Try `/investigate` in the incident channel.',
        ),
      });
    }
  });
}
