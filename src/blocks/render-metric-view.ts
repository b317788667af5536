// `/metrics show`: the latest complete bucket against its expected band, and the status the detector gives it. Pure.
import type { KnownBlock } from '@slack/types';
import type { MetricView } from '../watch/fetch-metric-view.ts';
import { context, escapeMrkdwn, fallbackText, fields, section, type SlackMessage } from './block-limits.ts';
import { formatComparison, formatDuration, formatMetricValue, formatSlice, slackDate } from './format-values.ts';

/** The status of the latest bucket in words, with its emoji. */
export function metricStatus(view: MetricView): string {
  const j = view.latest.judgement;
  if (!j) return ':white_circle: not judged: too little data in this bucket or its baseline weeks';
  if (view.firing) return `:rotating_light: alerting: ${j.reason || 'outside the expected band'}`;
  if (j.anomalous) return `:red_circle: anomalous: ${j.reason || 'outside the expected band'}`;
  return ':large_green_circle: within the expected band';
}

/** Current vs expected with the band and status; `chartNote` says why there is no chart when the upload failed. */
export function renderMetricView(view: MetricView, timezone: string, chartNote?: string): SlackMessage {
  const { metric, latest } = view;
  const j = latest.judgement;
  const unit = metric.unit;
  const where = formatSlice(view.slice);
  const blocks: KnownBlock[] = [section(`*${escapeMrkdwn(metric.title)}* (\`${escapeMrkdwn(metric.id)}\`) · ${where}`)];
  const since = view.firingSince ? ` (since ${slackDate(new Date(view.firingSince), timezone)})` : '';
  blocks.push(
    ...fields([
      `*Latest complete bucket*\n${slackDate(new Date(latest.at), timezone)} (${metric.grain})`,
      `*Current*\n${j ? formatComparison(j.observed, j.expected, unit) : 'n/a'}`,
      `*Expected band*\n${j ? `${formatMetricValue(j.low, unit)} – ${formatMetricValue(j.high, unit)}` : 'n/a'}`,
      `*Status*\n${escapeMrkdwn(metricStatus(view))}${since}`,
    ]),
  );
  const judged = view.points.filter((p) => p.value !== null && p.value !== undefined).length;
  const anomalies = view.points.filter((p) => p.anomalous).length;
  const facts = [
    `last ${formatDuration(view.windowMs / 1000)}`,
    `${judged} of ${view.points.length} buckets with data`,
    `${anomalies} anomalous`,
  ];
  if (metric.target !== undefined) facts.push(`target ${formatMetricValue(metric.target, unit)}`);
  blocks.push(context(facts));
  if (chartNote) blocks.push(context([`:warning: ${escapeMrkdwn(chartNote)}`]));
  const status = metricStatus(view).replace(/^:[a-z_]+: /, '');
  const text = `${metric.title} (${
    Object.keys(view.slice).length
      ? Object.entries(view.slice)
          .map(([k, v]) => `${k}=${v}`)
          .join(' ')
      : 'all'
  }): ${j ? formatComparison(j.observed, j.expected, unit) : 'no data'}, band ${j ? `${formatMetricValue(j.low, unit)}–${formatMetricValue(j.high, unit)}` : 'n/a'}; ${status}`;
  return { text: fallbackText(escapeMrkdwn(text)), blocks };
}
