// /incident: open, acknowledge, escalate, resolve and inspect incidents. In an incident channel the id is implied.
import {
  incidentActionOf,
  parseIncidentCommand,
  type IncidentRequest,
} from '../src/incidents/parse-incident-command.ts';
import type { Incident, IncidentAction } from '../src/incidents/incident-types.ts';
import { renderIncidentCard } from '../src/blocks/render-incident-card.ts';
import { renderIncidentList } from '../src/blocks/render-incident-list.ts';
import { renderIncidentTimeline } from '../src/blocks/render-incident-notice.ts';
import { renderUsage } from '../src/blocks/render-usage.ts';
import { slackDate } from '../src/blocks/format-values.ts';
import { parseNextUpdate } from '../src/incidents/next-update.ts';
import { escapeMrkdwn } from '../src/blocks/block-limits.ts';
import { ROLE_TITLES } from '../src/incidents/assign-incident-role.ts';
import { defineCommand, respondMeanwhile, type CommandContext } from '../src/slack/command-module.ts';
import { permissionFor } from '../src/slack/authorize.ts';
import { answerActionCommand, postPostmortemOf, postSummaryOf } from '../src/slack/incident-follow-ups.ts';

const usage = [
  '/incident new <title> [sev=1..4] [metric=<id>] [city=..] [category=..]',
  '/incident ack [id] · escalate [id] · resolve [id] <note>',
  '/incident update [#id] <where things stand> [next=30m|14:00]',
  '/incident severity <1-4> · assign @user · role <commander|comms|scribe> @user',
  '/incident status [id] · timeline [id] · summary [id] · postmortem [id]',
  '/incident action <text> [@owner] [due=YYYY-MM-DD] [incident=<id>] · action done <action-id>',
  '/incident list [open|mine|all] · help',
];
const examples = [
  '/incident new Refund spike in Jakarta sev=2 metric=refund_rate city=jakarta',
  '/incident resolve 12 merchants suspended, vouchers refunded',
];

export default defineCommand({
  name: '/incident',
  description: 'Open, acknowledge, escalate, resolve and inspect incidents',
  usageHint:
    'new <title> [sev=1..4] | ack | escalate | resolve <note> | update <text> [next=] | role <commander|comms|scribe> @user | status | list | timeline | summary | postmortem | action <text> | help',
  usage,
  examples,
  async handle(ctx) {
    if (/^\s*action\b/i.test(ctx.text))
      return answerActionCommand(ctx, (error) =>
        ctx.respond(renderUsage({ command: '/incident', usage, examples, error })),
      );
    const parsed = parseIncidentCommand(ctx.text);
    if (!parsed.ok) return ctx.respond(renderUsage({ command: '/incident', usage, examples, error: parsed.error }));
    const req = parsed.request;
    if (req.sub === 'help') return ctx.respond(renderUsage({ command: '/incident', usage, examples }));
    if (req.sub === 'new') return openIncident(ctx, req);
    if (req.sub === 'list') {
      const incidents = await ctx.services.incidents.list(req.filter, ctx.userId);
      return ctx.respond(
        renderIncidentList(incidents, {
          now: ctx.services.clock(),
          timezone: ctx.services.config.timezone,
          title: `Incidents (${req.filter})`,
        }),
      );
    }
    const incident = await ctx.services.incidents.byIdOrChannel(req.id, ctx.channelId);
    const now = ctx.services.clock();
    const timezone = ctx.services.config.timezone;
    switch (req.sub) {
      case 'status':
        return ctx.respond(renderIncidentCard(incident, { now, timezone }));
      case 'timeline':
        return ctx.respond(
          renderIncidentTimeline(
            incident.id,
            await ctx.services.incidents.timeline(incident.id),
            timezone,
            await ctx.services.incidents.timelineMessages(incident.id),
          ),
        );
      case 'summary':
        return postSummaryOf(ctx, incident);
      case 'postmortem':
        return postPostmortemOf(ctx, incident);
      case 'update':
        return postUpdate(ctx, incident, req);
      default:
        return act(ctx, incident, incidentActionOf(req));
    }
  },
});

async function openIncident(ctx: CommandContext, req: Extract<IncidentRequest, { sub: 'new' }>): Promise<void> {
  // A retyped command (the first reply seemed slow), or a second person on the same problem, joins the first incident.
  const twin = await ctx.services.incidents.recentTwin(req.title);
  if (twin) {
    const by = twin.openedBy === ctx.userId ? 'You' : `<@${twin.openedBy}>`;
    const at = slackDate(twin.openedAt, ctx.services.config.timezone, '{time}');
    const where = twin.channelId ? ` in <#${twin.channelId}>` : '';
    return ctx.respond({
      text:
        `${by} opened incident #${twin.id} "${escapeMrkdwn(twin.title)}" at ${at}${where}; it is still open, so no ` +
        'second one was opened. A different problem? Give it a different title.',
    });
  }
  await respondMeanwhile(ctx, {
    text: `:hourglass_flowing_sand: Opening "${escapeMrkdwn(req.title)}" (SEV${req.severity})…`,
  });
  const { incident } = await ctx.services.incidents.open({
    dedupKey: `slash:${ctx.triggerId}`,
    title: req.title,
    severity: req.severity,
    metricId: req.metric,
    slice: req.slice,
    openedBy: ctx.userId,
    teamId: ctx.teamId,
  });
  const where = incident.channelId
    ? `<#${incident.channelId}>`
    : 'no channel yet: Slack failed, so vigil keeps retrying and will message you when it is set up';
  await ctx.respond({
    replace_original: true,
    text: `:rotating_light: Opened incident #${incident.id} SEV${incident.severity} in ${where}.`,
  });
}

async function act(ctx: CommandContext, incident: Incident, action: IncidentAction): Promise<void> {
  const allowed = await ctx.services.authorize(permissionFor(action.kind), ctx.userId, `incident:${incident.id}`);
  if (!allowed.ok) return ctx.respond({ text: `${allowed.message} ${allowed.hint}` });
  const outcome = await ctx.services.incidents.act(incident.id, action, ctx.userId);
  if (!outcome.ok) return ctx.respond({ text: `${outcome.error.message} ${outcome.error.hint}` });
  if (action.kind === 'assign_role')
    return ctx.respond({
      text: `Done: <@${action.userId}> is now the ${ROLE_TITLES[action.role]} of incident #${incident.id}.`,
    });
  await ctx.respond({
    text: `Done: incident #${incident.id} is now ${outcome.incident.status} (SEV${outcome.incident.severity}).`,
  });
}

// A status update: posted in the incident channel, on the timeline and in the next digest, with when the next one is due.
async function postUpdate(
  ctx: CommandContext,
  incident: Incident,
  req: Extract<IncidentRequest, { sub: 'update' }>,
): Promise<void> {
  const { clock, config } = ctx.services;
  let nextUpdateAt: Date | null = null;
  if (req.next !== undefined) {
    const next = parseNextUpdate(req.next, clock(), config.timezone);
    if (!next.ok) return ctx.respond(renderUsage({ command: '/incident', usage, examples, error: next.message }));
    nextUpdateAt = next.at;
  }
  const allowed = await ctx.services.authorize(permissionFor('post_update'), ctx.userId, `incident:${incident.id}`);
  if (!allowed.ok) return ctx.respond({ text: `${allowed.message} ${allowed.hint}` });
  const outcome = await ctx.services.incidents.act(
    incident.id,
    { kind: 'post_update', text: req.text, nextUpdateAt },
    ctx.userId,
  );
  if (!outcome.ok) return ctx.respond({ text: `${outcome.error.message} ${outcome.error.hint}` });
  const due = ctx.services.incidents.nextUpdateDue(outcome.incident);
  const where = outcome.incident.channelId ? ` in <#${outcome.incident.channelId}>` : '';
  await ctx.respond({
    text: `:mega: Posted your update on incident #${incident.id}${where}. ${due ? `Next update by ${slackDate(due, config.timezone)}.` : 'No further update is scheduled.'}`,
  });
}
