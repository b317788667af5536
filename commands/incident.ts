// /incident: open, acknowledge, escalate, resolve and inspect incidents. In an incident channel the id is implied.
import { VigilError } from '../src/errors.ts';
import { parseIncidentCommand, type IncidentRequest } from '../src/incidents/parse-incident-command.ts';
import type { Incident, IncidentAction } from '../src/incidents/incident-types.ts';
import { renderIncidentCard } from '../src/slack/blocks/render-incident-card.ts';
import { renderIncidentList } from '../src/slack/blocks/render-incident-list.ts';
import { renderIncidentTimeline } from '../src/slack/blocks/render-incident-notice.ts';
import { renderUsage } from '../src/slack/blocks/render-usage.ts';
import { escapeMrkdwn } from '../src/slack/blocks/block-limits.ts';
import { defineCommand, type CommandContext } from '../src/slack/command-module.ts';
import { permissionFor } from '../src/slack/authorize.ts';

const usage = [
  '/incident new <title> [sev=1..4] [metric=<id>] [city=..] [category=..]',
  '/incident ack [id] · escalate [id] · resolve [id] <note>',
  '/incident severity <1-4> · assign @user · status [id] · timeline [id] · summary [id]',
  '/incident list [open|mine|all] · help',
];
const examples = ['/incident new Refund spike in Jakarta sev=2 metric=refund_rate city=jakarta', '/incident resolve 12 merchants suspended, vouchers refunded'];

export default defineCommand({
  name: '/incident',
  description: 'Open, acknowledge, escalate, resolve and inspect incidents',
  usageHint: 'new <title> [sev=1..4] | ack | escalate | resolve <note> | status | list | timeline | help',
  usage,
  examples,
  async handle(ctx) {
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
        return ctx.respond({ text: `Incident summaries arrive with the summaries capability. Meanwhile: \`/incident timeline ${incident.id}\`.` });
      default:
        return act(ctx, incident, toAction(req));
    }
  },
});

async function openIncident(ctx: CommandContext, req: Extract<IncidentRequest, { sub: 'new' }>): Promise<void> {
  await ctx.respond({ text: `:hourglass_flowing_sand: Opening "${escapeMrkdwn(req.title)}" (SEV${req.severity})…` });
  const { incident } = await ctx.services.incidents.open({
    dedupKey: `slash:${ctx.triggerId}`,
    title: req.title,
    severity: req.severity,
    metricId: req.metric,
    slice: req.slice,
    openedBy: ctx.userId,
    teamId: ctx.teamId,
  });
  const where = incident.channelId ? `<#${incident.channelId}>` : 'no channel (Slack refused; see the log)';
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
