// Uploads the digest's chart into the channel after the digest; a chart that fails never holds the digest back.
import type { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import { renderSpecToPng } from '../charts/render-png.ts';
import { PNG_SCALE } from '../charts/slack-chart-size.ts';
import { uploadChart } from '../charts/upload-chart.ts';
import { digestChart } from './digest-chart-spec.ts';
import type { DigestFacts } from './digest-facts-schema.ts';

/** What the chart needs: the client, the facts, and a renderer (tests skip the real one). */
export interface DigestChartDeps {
  client: WebClient;
  logger: Logger;
  workspaceName: string;
  renderPng?: typeof renderSpecToPng;
}

/**
 * Renders the digest's chart (daily: the red and amber metrics; weekly: the worst four) at twice the size Slack
 * shows it, and uploads it into the channel after the digest; no chart when there is nothing off track, and a
 * chart that fails is logged and the digest stands without it. Returns the file id, or undefined.
 */
export async function postDigestChart(
  deps: DigestChartDeps,
  facts: DigestFacts,
  channelId: string,
): Promise<string | undefined> {
  const chart = digestChart(facts, deps.workspaceName);
  if (!chart) return undefined;
  try {
    const png = await (deps.renderPng ?? renderSpecToPng)(chart.spec, { scale: PNG_SCALE });
    const uploaded = await uploadChart(deps.client, {
      png,
      channelId,
      filename: `digest-${facts.kind}-${facts.label}.png`,
      title: chart.title,
      altText: chart.altText,
    });
    return uploaded.fileId;
  } catch (err) {
    deps.logger.warn({ err, label: facts.label }, 'digest chart failed; the digest is posted without it');
    return undefined;
  }
}
