// `/metrics list`: the catalog's metrics with their grain, owner and the dimensions they are sliced by. Pure.
import type { KnownBlock } from '@slack/types';
import type { CatalogMetric } from '../metrics/metric-catalog-schema.ts';
import {
  context,
  escapeMrkdwn,
  fallbackText,
  limitBlocks,
  section,
  SLACK_LIMITS,
  type SlackMessage,
} from './block-limits.ts';

/** The dimensions a metric can be shown by (every column any of its watched slices uses). */
export function dimensionsOf(metric: CatalogMetric): string[] {
  return [...new Set(metric.slices.flat())];
}

/** `owner` as a mention: members as <@U..>, groups as <!subteam^S..>. */
export function ownerMention(owner: string | undefined): string {
  if (!owner) return 'no owner';
  const id = /[UWS][A-Z0-9]{2,}/.exec(owner)?.[0];
  if (!id) return escapeMrkdwn(owner);
  return id.startsWith('S') ? `<!subteam^${id}>` : `<@${id}>`;
}

/** One line per metric: "`refund_rate` *Refund rate* · hour · <@U..> · by city, category". */
export function renderMetricList(catalog: CatalogMetric[]): SlackMessage {
  const lines = catalog.map((m) => {
    const dims = dimensionsOf(m);
    return `\`${escapeMrkdwn(m.id)}\` *${escapeMrkdwn(m.title)}* · ${m.grain} · ${ownerMention(m.owner)}${dims.length ? ` · by ${dims.map(escapeMrkdwn).join(', ')}` : ''}`;
  });
  const blocks: KnownBlock[] = [section(`*Metrics in the catalog* (${catalog.length})`)];
  let current = '';
  for (const line of lines) {
    if (current && current.length + line.length + 1 > SLACK_LIMITS.sectionText) {
      blocks.push(section(current));
      current = '';
    }
    current = current ? `${current}\n${line}` : line;
  }
  blocks.push(section(current || '_No metrics: add them under `metrics:` in vigil.yml._'));
  blocks.push(context(['Look at one: `/metrics show <metric> [dimension=value ...] [window, e.g. 7d]`']));
  return {
    text: fallbackText(escapeMrkdwn(`Metrics: ${catalog.map((m) => m.id).join(', ') || 'none'}`)),
    blocks: limitBlocks(blocks),
  };
}
