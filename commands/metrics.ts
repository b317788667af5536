// /metrics: the catalog's metrics, and a quick look at one (chart, current vs expected) without a playbook.
import { renderMetricChart } from '../src/charts/render-png.ts';
import { uploadChart } from '../src/charts/upload-chart.ts';
import { VigilError } from '../src/errors.ts';
import { parseDuration } from '../src/oncall/parse-duration.ts';
import { isRefusal } from '../src/oncall/refusal.ts';
import { dimensionsOf, renderMetricList } from '../src/blocks/render-metric-list.ts';
import { renderMetricView } from '../src/blocks/render-metric-view.ts';
import { echoInput, renderUsage } from '../src/blocks/render-usage.ts';
import { defineCommand } from '../src/slack/command-module.ts';
import { splitKeyValues, tokenize } from '../src/blocks/tokenize-command.ts';
import { fetchMetricView, MAX_METRIC_WINDOW_MS } from '../src/watch/fetch-metric-view.ts';
import { catalogOf } from '../src/metrics/load-catalog.ts';
import { describeSlice } from '../src/metrics/slice-key.ts';

const usage = ['/metrics list', '/metrics show <metric> [dimension=value ...] [window, default 14d]'];
const examples = ['/metrics show refund_rate city=jakarta 7d', '/metrics list'];

export default defineCommand({
  name: '/metrics',
  description: 'List the watched metrics, or chart one against its expected band',
  usageHint: 'list | show <metric> [dimension=value ...] [window]',
  usage,
  examples,
  async handle(ctx) {
    const { config, client, warehouse, clock } = ctx.services;
    const catalog = catalogOf(config);
    const words = tokenize(ctx.text);
    const sub = (words.shift() ?? 'help').toLowerCase();
    const refuse = (error: string) => ctx.respond(renderUsage({ command: '/metrics', usage, examples, error }));
    if (sub === 'list') return ctx.respond(renderMetricList(catalog));
    if (sub === 'help')
      return ctx.respond(
        renderUsage({ command: '/metrics', summary: 'the watched metrics at a glance', usage, examples }),
      );
    if (sub !== 'show') return refuse(`Unknown subcommand \`${echoInput(sub)}\`.`);
    const { positional, options } = splitKeyValues(words.filter((w) => w.toLowerCase() !== 'slice'));
    const [id, windowText = options.window, ...extra] = positional;
    delete options.window;
    const metric = catalog.find((m) => m.id === id);
    if (!metric)
      return refuse(
        `${id ? `There is no metric "${echoInput(id)}" (vigil_metric_unknown).` : 'Name a metric.'} Use one of: ${catalog.map((m) => m.id).join(', ')}.`,
      );
    const dims = dimensionsOf(metric);
    const unknown = Object.keys(options).filter((k) => !dims.includes(k));
    if (unknown.length > 0)
      return refuse(
        `${metric.id} is not sliced by ${echoInput(unknown.join(', '))}; ${dims.length ? `its dimensions are ${dims.join(', ')}` : 'it is watched as a whole only'}.`,
      );
    if (extra.length > 0)
      return refuse(
        `Did not understand ${echoInput(extra.map((w) => `"${w}"`).join(', '))}: give the slice as dimension=value and at most one window.`,
      );
    const windowMs = windowText === undefined ? undefined : parseDuration(windowText);
    if (isRefusal(windowMs)) return refuse(`${windowMs.message} ${windowMs.hint}`);
    if (windowMs !== undefined && windowMs > MAX_METRIC_WINDOW_MS) return refuse('The longest window is 90d.');
    if (!warehouse || !client)
      throw new VigilError(
        'vigil_metrics_unavailable',
        'This vigil has no warehouse or Slack client wired for /metrics.',
        'Start vigil with Slack on (`vigil start`).',
      );
    const view = await fetchMetricView(warehouse, metric, options, {
      now: clock(),
      timezone: config.timezone,
      windowMs,
    });
    const title = `${metric.title}, ${describeSlice(options)}`;
    try {
      const png = await renderMetricChart({
        title,
        subtitle: 'observed, expected and its band; anomalies in red',
        unit: metric.unit,
        timezone: config.timezone,
        points: view.points,
      });
      // The chart and its summary in one channel message: the summary rides as the upload's comment.
      await uploadChart(client, {
        png,
        title,
        altText: renderMetricView(view, config.timezone).text,
        filename: `${metric.id}.png`,
        channelId: ctx.channelId,
        initialComment: `<@${ctx.userId}> asked: ${renderMetricView(view, config.timezone).text}`,
      });
    } catch (err) {
      const e = err instanceof VigilError ? err : new VigilError('vigil_chart_failed', String(err), 'Try again.');
      ctx.logger.warn({ err, code: e.code }, '/metrics chart failed; answering with text');
      return ctx.respond({
        response_type: 'in_channel',
        ...renderMetricView(view, config.timezone, `No chart: ${e.message} ${e.hint}`),
      });
    }
  },
});
