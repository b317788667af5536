// /incident: open, acknowledge, escalate, resolve and inspect incidents. In an incident channel the id is implied.
import { VigilError } from '../src/errors.ts';
import { parseIncidentCommand, type IncidentRequest } from '../src/incidents/parse-incident-command.ts';
import { parseIncidentId } from '../src/incidents/parse-incident-id.ts';
import type { Incident, IncidentAction } from '../src/incidents/incident-types.ts';
import { renderIncidentCard } from '../src/blocks/render-incident-card.ts';
import { renderIncidentList } from '../src/blocks/render-incident-list.ts';
import { renderIncidentTimeline } from '../src/blocks/render-incident-notice.ts';
import { echoInput, renderUsage } from '../src/blocks/render-usage.ts';
import { slackDate } from '../src/blocks/format-values.ts';
import { parseNextUpdate } from '../src/incidents/next-update.ts';
import { escapeMrkdwn } from '../src/blocks/block-limits.ts';
import { defineCommand, respondMeanwhile, type CommandContext } from '../src/slack/command-module.ts';
import { parseUserMention, splitKeyValues, tokenize } from '../src/blocks/tokenize-command.ts';
import { permissionFor } from '../src/slack/authorize.ts';
import { addAction, completeAction } from '../src/summaries/actions-store.ts';
import { localDayStart } from '../src/summaries/digest-facts-period.ts';
import { postIncidentSummary } from '../src/summaries/post-incident-summary.ts';
import { summaryWriterOf } from '../src/summaries/run-digest.ts';

const usage = [
  '/incident new <title> [sev=1..4] [metric=<id>] [city=..] [category=..]',
  '/incident ack [id] · escalate [id] · resolve [id] <note>',
  '/incident update [#id] <where things stand> [next=30m|14:00]',
  '/incident severity <1-4> · assign @user · status [id] · timeline [id] · summary [id]',
  '/incident action <text> [@owner] [due=YYYY-MM-DD] [incident=<id>] · action done <action-id>',
  '/incident list [open|mine|all] · help',
];
const examples = ['/incident new Refund spike in Jakarta sev=2 metric=refund_rate city=jakarta', '/incident resolve 12 merchants suspended, vouchers refunded'];

export default defineCommand({
  name: '/incident',
  description: 'Open, acknowledge, escalate, resolve and inspect incidents',
  usageHint: 'new <title> [sev=1..4] | ack | escalate | resolve <note> | update <text> [next=] | status | list | timeline | summary | action <text> | help',
  usage,
  examples,
  async handle(ctx) {
    if (/^\s*action\b/i.test(ctx.text)) return incidentAction(ctx);
    const parsed = parseIncidentCommand(ctx.text);
    if (!parsed.ok) return ctx.respond(renderUsage({ command: '/incident', usage, examples, error: parsed.error }));
    const req = parsed.request;
    if (req.sub === 'help') return ctx.respond(renderUsage({ command: '/incident', usage, examples }));
    if (req.sub === 'new') return openIncident(ctx, req);
    if (req.sub === 'list') {
      const incidents = await ctx.services.incidents.list(req.filter, ctx.userId);
      return ctx.respond(renderIncidentList(incidents, { now: ctx.services.clock(), timezone: ctx.services.config.timezone, title: `Incidents (${req.filter})` }));
    }
    const incident = await target(ctx, req.id);
    const now = ctx.services.clock();
    const timezone = ctx.services.config.timezone;
    switch (req.sub) {
      case 'status':
        return ctx.respond(renderIncidentCard(incident, { now, timezone }));
      case 'timeline':
        return ctx.respond(renderIncidentTimeline(incident.id, await ctx.services.incidents.timeline(incident.id), timezone));
      case 'summary':
        return summarise(ctx, incident);
      case 'update':
        return postUpdate(ctx, incident, req);
      default:
        return act(ctx, incident, toAction(req));
    }
  },
});

async function openIncident(ctx: CommandContext, req: Extract<IncidentRequest, { sub: 'new' }>): Promise<void> {
  await respondMeanwhile(ctx, { text: `:hourglass_flowing_sand: Opening "${escapeMrkdwn(req.title)}" (SEV${req.severity})…` });
  const { incident } = await ctx.services.incidents.open({
    dedupKey: `slash:${ctx.triggerId}`,
    title: req.title,
    severity: req.severity,
    metricId: req.metric,
    slice: req.slice,
    openedBy: ctx.userId,
    teamId: ctx.teamId,
  });
  const where = incident.channelId ? `<#${incident.channelId}>` : 'no channel yet: Slack failed, so vigil keeps retrying and will message you when it is set up';
  await ctx.respond({ replace_original: true, text: `:rotating_light: Opened incident #${incident.id} SEV${incident.severity} in ${where}.` });
}

async function act(ctx: CommandContext, incident: Incident, action: IncidentAction): Promise<void> {
  const allowed = await ctx.services.authorize(permissionFor(action.kind), ctx.userId, `incident:${incident.id}`);
  if (!allowed.ok) return ctx.respond({ text: `${allowed.message} ${allowed.hint}` });
  const outcome = await ctx.services.incidents.act(incident.id, action, ctx.userId);
  if (!outcome.ok) return ctx.respond({ text: `${outcome.error.message} ${outcome.error.hint}` });
  await ctx.respond({ text: `Done: incident #${incident.id} is now ${outcome.incident.status} (SEV${outcome.incident.severity}).` });
}

async function target(ctx: CommandContext, id: number | undefined): Promise<Incident> {
  if (id !== undefined) return ctx.services.incidents.get(id);
  const here = await ctx.services.incidents.byChannel(ctx.channelId);
  if (here) return here;
  throw new VigilError('vigil_incident_id_needed', 'This is not an incident channel, so say which incident.', 'Add its id, e.g. `/incident ack 12`, or run it in the incident channel; `/incident list` shows ids.');
}

// A status update: posted in the incident channel, on the timeline and in the next digest, with when the next one is due.
async function postUpdate(ctx: CommandContext, incident: Incident, req: Extract<IncidentRequest, { sub: 'update' }>): Promise<void> {
  const { clock, config } = ctx.services;
  let nextUpdateAt: Date | null = null;
  if (req.next !== undefined) {
    const next = parseNextUpdate(req.next, clock(), config.timezone);
    if (!next.ok) return ctx.respond(renderUsage({ command: '/incident', usage, examples, error: next.message }));
    nextUpdateAt = next.at;
  }
  const allowed = await ctx.services.authorize(permissionFor('post_update'), ctx.userId, `incident:${incident.id}`);
  if (!allowed.ok) return ctx.respond({ text: `${allowed.message} ${allowed.hint}` });
  const outcome = await ctx.services.incidents.act(incident.id, { kind: 'post_update', text: req.text, nextUpdateAt }, ctx.userId);
  if (!outcome.ok) return ctx.respond({ text: `${outcome.error.message} ${outcome.error.hint}` });
  const due = ctx.services.incidents.nextUpdateDue(outcome.incident);
  const where = outcome.incident.channelId ? ` in <#${outcome.incident.channelId}>` : '';
  await ctx.respond({ text: `:mega: Posted your update on incident #${incident.id}${where}. ${due ? `Next update by ${slackDate(due, config.timezone)}.` : 'No further update is scheduled.'}` });
}

function toAction(req: IncidentRequest): IncidentAction {
  switch (req.sub) {
    case 'ack': return { kind: 'acknowledge' };
    case 'escalate': return { kind: 'escalate' };
    case 'resolve': return { kind: 'resolve', note: req.note };
    case 'severity': return { kind: 'set_severity', severity: req.severity };
    case 'assign': return { kind: 'assign', userId: req.userId };
    default: throw new Error(`not an action: ${req.sub}`);
  }
}

// The summary is posted where everyone sees it (the incident channel, and the managers for SEV1/SEV2); the caller gets where.
async function summarise(ctx: CommandContext, incident: Incident): Promise<void> {
  const { config, pool, clock, client } = ctx.services;
  await respondMeanwhile(ctx, { text: `:hourglass_flowing_sand: Writing the summary of incident #${incident.id}…` });
  const work = async () => {
    const deps = { config, pool, clock, logger: ctx.logger, write: summaryWriterOf(config, ctx.logger), ...(client ? { client } : {}) };
    const outcome = await postIncidentSummary(deps, incident.id, ctx.userId);
    const where = outcome.posted.map((p) => `<#${p.channelId}>`).join(' and ');
    await ctx.respond({ replace_original: true, text: where ? `:memo: Posted the summary of incident #${incident.id} (${outcome.written.source}) in ${where}.` : outcome.message.text, ...(where ? {} : { blocks: outcome.message.blocks }) });
  };
  if (!ctx.services.detach) return work();
  if (!ctx.services.detach(work)) await ctx.respond({ replace_original: true, text: 'vigil is busy right now (vigil_summary_busy). Try again in a minute.' });
}

// `/incident action <text> [@owner] [due=YYYY-MM-DD] [incident=<id>]` and `/incident action done <id>`.
async function incidentAction(ctx: CommandContext): Promise<void> {
  const { pool, clock, config } = ctx.services;
  const words = tokenize(ctx.text).slice(1);
  const refuse = (error: string) => ctx.respond(renderUsage({ command: '/incident', usage, examples, error }));
  if (words[0]?.toLowerCase() === 'done') {
    const id = Number(words[1]?.replace(/^#/, ''));
    if (!Number.isInteger(id) || id <= 0) return refuse('Say which action is done, e.g. `/incident action done 5`.');
    const done = await completeAction(pool, id, clock());
    return ctx.respond({ response_type: 'in_channel', text: `:white_check_mark: <@${ctx.userId}> marked action #${done.id} done: ${escapeMrkdwn(done.text)}` });
  }
  const { positional, options } = splitKeyValues(words);
  const owner = positional.map(parseUserMention).find((u) => u !== undefined);
  const text = positional.filter((w) => parseUserMention(w) === undefined).join(' ').trim();
  if (!text) return refuse('Say what is to be done, e.g. `/incident action suspend the merchant cluster @alice due=2026-06-03`.');
  if (options.due !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(options.due)) return refuse(`due must be a date YYYY-MM-DD (got "${echoInput(options.due)}").`);
  const incidentId = parseIncidentId(options.incident);
  if (options.incident !== undefined && incidentId === undefined) return refuse(`incident= takes an incident number such as 12 or #12 (got "${echoInput(options.incident)}").`);
  const incident = incidentId !== undefined ? await ctx.services.incidents.get(incidentId) : await ctx.services.incidents.byChannel(ctx.channelId);
  const dueAt = options.due ? new Date(localDayStart(options.due, config.timezone)) : null;
  const action = await addAction(pool, { text, createdBy: ctx.userId, incidentId: incident?.id ?? null, owner: owner ?? null, dueAt }, clock());
  const parts = [owner ? `owner <@${owner}>` : 'no owner', options.due ? `due ${options.due}` : 'no due date', incident ? `incident #${incident.id}` : 'no incident'];
  await ctx.respond({ response_type: 'in_channel', text: `:pushpin: <@${ctx.userId}> added action #${action.id}: ${escapeMrkdwn(text)} (${parts.join(', ')}). Done: \`/incident action done ${action.id}\`.` });
}
