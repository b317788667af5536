// Uploads the digest's chart into the channel after the digest; a chart that fails never holds the digest back.
import type { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import { renderSpecToPng } from '../charts/render-png.ts';
import { uploadChart } from '../charts/upload-chart.ts';
import { digestChartSpec } from './digest-chart-spec.ts';
import type { DigestFacts } from './digest-facts-schema.ts';

/** What the chart needs: the client, the facts, and a renderer (tests skip the real one). */
export interface DigestChartDeps {
  client: WebClient;
  logger: Logger;
  workspaceName: string;
  renderPng?: typeof renderSpecToPng;
}

/**
 * Renders the small-multiples chart and uploads it into the channel after the digest; a chart that fails
 * is logged and the digest stands without it. Returns the file id, or undefined.
 */
export async function postDigestChart(
  deps: DigestChartDeps,
  facts: DigestFacts,
  channelId: string,
): Promise<string | undefined> {
  const spec = digestChartSpec(facts, deps.workspaceName);
  if (!spec) return undefined;
  try {
    const png = await (deps.renderPng ?? renderSpecToPng)(spec, { width: 900 });
    const kind = facts.kind === 'daily' ? 'Daily' : 'Weekly';
    const uploaded = await uploadChart(deps.client, {
      png,
      channelId,
      filename: `digest-${facts.label}.png`,
      title: `${kind} digest ${facts.label}: headline metrics over 28 days`,
      altText: `Small multiples of ${facts.metrics.length} headline metrics over the 28 days to ${facts.label}, with expected values and targets`,
    });
    return uploaded.fileId;
  } catch (err) {
    deps.logger.warn({ err, label: facts.label }, 'digest chart failed; the digest is posted without it');
    return undefined;
  }
}
