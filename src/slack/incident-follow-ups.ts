// `/incident action`, `/incident summary` and `/incident postmortem`: the follow-ups of an incident, answered for the /incident command.
import { escapeMrkdwn } from '../blocks/block-limits.ts';
import { parseActionCommand } from '../incidents/parse-action-command.ts';
import type { Incident } from '../incidents/incident-types.ts';
import { localDayStart } from '../summaries/digest-facts-period.ts';
import { authorOf } from '../summaries/write-postmortem.ts';
import { respondMeanwhile, type CommandContext } from './command-module.ts';

/** `/incident action <text> [@owner] [due=YYYY-MM-DD] [incident=<id>]` and `/incident action done <id>`; `refuse` answers bad input with the usage. */
export async function answerActionCommand(
  ctx: CommandContext,
  refuse: (error: string) => Promise<void>,
): Promise<void> {
  const { actions, incidents, config } = ctx.services;
  const parsed = parseActionCommand(ctx.text);
  if (!parsed.ok) return refuse(parsed.error);
  const req = parsed.request;
  if (req.sub === 'done') {
    const done = await actions.complete(req.id);
    return ctx.respond({
      response_type: 'in_channel',
      text: `:white_check_mark: <@${ctx.userId}> marked action #${done.id} done: ${escapeMrkdwn(done.text)}`,
    });
  }
  const incident =
    req.incidentId !== undefined ? await incidents.get(req.incidentId) : await incidents.byChannel(ctx.channelId);
  const dueAt = req.due ? new Date(localDayStart(req.due, config.timezone)) : null;
  const action = await actions.add({
    text: req.text,
    createdBy: ctx.userId,
    incidentId: incident?.id ?? null,
    owner: req.owner ?? null,
    dueAt,
  });
  const parts = [
    req.owner ? `owner <@${req.owner}>` : 'no owner',
    req.due ? `due ${req.due}` : 'no due date',
    incident ? `incident #${incident.id}` : 'no incident',
  ];
  await ctx.respond({
    response_type: 'in_channel',
    text: `:pushpin: <@${ctx.userId}> added action #${action.id}: ${escapeMrkdwn(req.text)} (${parts.join(', ')}). Done: \`/incident action done ${action.id}\`.`,
  });
}

/** Writes and posts the incident's summary where everyone sees it (its channel, and the managers for SEV1/SEV2); the caller is told where. */
export async function postSummaryOf(ctx: CommandContext, incident: Incident): Promise<void> {
  await respondMeanwhile(ctx, { text: `:hourglass_flowing_sand: Writing the summary of incident #${incident.id}…` });
  const work = async () => {
    const outcome = await ctx.services.summaries.postIncidentSummary(incident.id, ctx.userId, {
      logger: ctx.logger,
      client: ctx.services.client,
    });
    const where = outcome.posted.map((p) => `<#${p.channelId}>`).join(' and ');
    await ctx.respond({
      replace_original: true,
      text: where
        ? `:memo: ${outcome.posted.every((p) => p.delivery === 'updated') ? 'Updated' : 'Posted'} the summary of incident #${incident.id} (${outcome.written.source}) in ${where}.`
        : outcome.message.text,
      ...(where ? {} : { blocks: outcome.message.blocks }),
    });
  };
  return detachOrSayBusy(ctx, work, 'vigil_summary_busy');
}

/** Writes the incident's postmortem, stores it and uploads it to its channel; the caller is told where, and who wrote it. */
export async function postPostmortemOf(ctx: CommandContext, incident: Incident): Promise<void> {
  await respondMeanwhile(ctx, { text: `:hourglass_flowing_sand: Writing the postmortem of incident #${incident.id}…` });
  const work = async () => {
    const pm = await ctx.services.summaries.writePostmortem(incident.id, ctx.userId, {
      logger: ctx.logger,
      client: ctx.services.client,
    });
    const what = `the postmortem of incident #${incident.id}, version ${pm.version} (${authorOf(pm.written)})`;
    const text = pm.uploaded
      ? `:page_facing_up: Uploaded ${what} to <#${pm.uploaded.channelId}>.`
      : pm.uploadError
        ? `:warning: Wrote ${what}. ${pm.uploadError.message} ${pm.uploadError.hint}`
        : `:page_facing_up: Wrote and stored ${what}; the incident has no channel to upload it to. \`vigil incident export ${incident.id} --format md\` prints it.`;
    await ctx.respond({ replace_original: true, text });
  };
  return detachOrSayBusy(ctx, work, 'vigil_postmortem_busy');
}

// Long writing work runs detached (awaited when there is no detach); when too much waits, the caller is told.
async function detachOrSayBusy(ctx: CommandContext, work: () => Promise<void>, code: string): Promise<void> {
  if (!ctx.services.detach) return work();
  if (!ctx.services.detach(work))
    await ctx.respond({ replace_original: true, text: `vigil is busy right now (${code}). Try again in a minute.` });
}
