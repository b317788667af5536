// /vigil: bot health, metric mutes, and help on every command.
import { parseDuration } from '../src/oncall/parse-duration.ts';
import { isRefusal } from '../src/oncall/refusal.ts';
import { renderSchedulerStatus } from '../src/scheduler/render-scheduler-status.ts';
import { catalogOf } from '../src/metrics/load-catalog.ts';
import { formatInZone } from '../src/blocks/format-values.ts';
import { echoInput, renderUsage } from '../src/blocks/render-usage.ts';
import { defineCommand } from '../src/slack/command-module.ts';
import { splitKeyValues, tokenize } from '../src/blocks/tokenize-command.ts';

const usage = [
  '/vigil status',
  '/vigil mute <metric> <duration> [city=.. category=..]',
  '/vigil unmute <metric>',
  '/vigil help',
];
const examples = ['/vigil mute refund_rate 2h city=jakarta', '/vigil unmute refund_rate'];
const COMMANDS_HELP = [
  '*vigil* watches the marketplace metrics and runs incidents in Slack.',
  '`/digest` the daily digest or weekly report, posted to the managers or previewed (`/digest preview`)',
  '`/incident` open, acknowledge, escalate, resolve and list incidents, summaries and actions (`/incident help`)',
  '`/investigate` run an investigation playbook; tables and charts in a thread (`/investigate list`)',
  '`/metrics` the watched metrics, and a chart of one against its expected band (`/metrics list`)',
  '`/oncall` who is on call now and next, overrides, the schedule (`/oncall help`)',
  '`/vigil` status, mute and unmute metrics',
];

export default defineCommand({
  name: '/vigil',
  description: 'Bot health, metric mutes and help',
  usageHint: 'help | status | mute <metric> <duration> [slice] | unmute <metric>',
  usage,
  examples,
  async handle(ctx) {
    const { config, mutes, audit, status, clock } = ctx.services;
    const words = tokenize(ctx.text);
    const sub = (words.shift() ?? 'help').toLowerCase();
    const now = clock();
    if (sub === 'help') return ctx.respond({ text: [...COMMANDS_HELP, '', ...usage].join('\n') });
    if (sub === 'status') {
      // Independent reads, in flight together: the answer waits for the slowest, not the sum.
      const [health, open, muted, history] = await Promise.all([
        ctx.services.health(),
        status.openIncidents(),
        mutes.active(now),
        status.runHistory(),
      ]);
      const scheduler = renderSchedulerStatus(history, {
        now,
        timezone: config.timezone,
        settings: config.workspace.schedule,
        scheduled: [...new Set(catalogOf(config).map((m) => m.grain))],
      });
      return ctx.respond({
        text: [
          `*vigil ${health.version}* · ${health.status} · database ${health.database} · warehouse ${health.warehouse ?? 'n/a'}`,
          `Slack: ${config.slack.mode} mode · time zone ${config.timezone}`,
          `Open incidents: ${open.open} (${open.paging} with an escalation timer)`,
          ...scheduler,
          muted.length
            ? `Muted: ${muted.map((m) => `${m.metricId}${Object.keys(m.slice).length ? ` ${JSON.stringify(m.slice)}` : ''} until ${formatInZone(m.until, config.timezone)}`).join('; ')}`
            : 'Muted: nothing',
        ].join('\n'),
      });
    }
    const refuse = (error: string) => ctx.respond(renderUsage({ command: '/vigil', usage, examples, error }));
    if (sub !== 'mute' && sub !== 'unmute') return refuse(`Unknown subcommand \`${echoInput(sub)}\`.`);
    const allowed = await ctx.services.authorize('mute', ctx.userId, null);
    if (!allowed.ok) return ctx.respond({ text: `${allowed.message} ${allowed.hint}` });
    const { positional, options: slice, problems } = splitKeyValues(words);
    // A mute is all of what was typed or nothing: half a slice would silence more than was meant.
    const extra = positional.slice(sub === 'mute' ? 2 : 1);
    if (problems.length > 0)
      return refuse(
        `Could not read ${echoInput(problems.join('; '))}; nothing was ${sub}d. Quote a value with spaces whole: city="kuala lumpur".`,
      );
    if (extra.length > 0)
      return refuse(
        `Did not understand ${echoInput(extra.join(' '))}; nothing was ${sub}d. Give the slice as dimension=value, quoting a value with spaces: city="kuala lumpur".`,
      );
    const metric = positional[0];
    const catalog = catalogOf(config);
    const entry = catalog.find((m) => m.id === metric);
    if (!metric || !entry) return refuse(`Name a metric: ${catalog.map((m) => m.id).join(', ')}.`);
    // A mute on a dimension the metric is not sliced by would never match anything.
    const dimensions = new Set(entry.slices.flat());
    const unknown = Object.keys(slice).filter((k) => !dimensions.has(k));
    if (unknown.length > 0) {
      const known = dimensions.size ? `: ${[...dimensions].join(', ')}` : ' (it is watched as a whole only)';
      return refuse(`${metric} is not sliced by ${echoInput(unknown.join(', '))}; its dimensions are${known}.`);
    }
    if (sub === 'unmute') {
      const n = await mutes.unmute(metric);
      await audit.record(ctx.userId, 'metric.unmute', `metric:${metric}`, { removed: n });
      if (n === 0) return ctx.respond({ text: `${metric} was not muted.` });
      return ctx.respond({ response_type: 'in_channel', text: `<@${ctx.userId}> unmuted ${metric}.` });
    }
    if (!positional[1]) return refuse('Say for how long, e.g. `2h` or `1d`.');
    const ms = parseDuration(positional[1]);
    if (isRefusal(ms)) return refuse(`${ms.message} ${ms.hint}`);
    const until = new Date(now.getTime() + ms);
    await mutes.mute({ metricId: metric, slice, until, mutedBy: ctx.userId });
    await audit.record(ctx.userId, 'metric.mute', `metric:${metric}`, { slice, until: until.toISOString() });
    const where = Object.keys(slice).length
      ? ` for ${Object.entries(slice)
          .map(([k, v]) => `${k}=${v}`)
          .join(' ')}`
      : '';
    return ctx.respond({
      response_type: 'in_channel',
      text: `<@${ctx.userId}> muted ${metric}${where} until ${formatInZone(until, config.timezone)}.`,
    });
  },
});
