// Posts a rendered summary to a Slack channel (by name or id) and, for the digest, uploads its chart after it.
import type { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import { renderSpecToPng } from '../charts/render-png.ts';
import { uploadChart } from '../charts/upload-chart.ts';
import type { SlackMessage } from '../blocks/block-limits.ts';
import { digestChartSpec } from './digest-chart-spec.ts';
import type { DigestFacts } from './digest-facts-schema.ts';

/** Where a message landed: the channel id Slack resolved the name to, and the message ts. */
export interface PostedMessage {
  channelId: string;
  ts: string;
}

/** Posts `message` to `channel` (a name such as "gne-digest" or an id); throws Slack's error. */
export async function postSummaryMessage(
  client: WebClient,
  channel: string,
  message: SlackMessage,
): Promise<PostedMessage> {
  const res = await client.chat.postMessage({
    channel,
    text: message.text,
    blocks: message.blocks,
    unfurl_links: false,
    unfurl_media: false,
  });
  return { channelId: res.channel ?? channel, ts: res.ts! };
}

/** Replaces a posted message in place (a review message once it is approved or discarded). */
export async function updateSummaryMessage(client: WebClient, at: PostedMessage, message: SlackMessage): Promise<void> {
  await client.chat.update({ channel: at.channelId, ts: at.ts, text: message.text, blocks: message.blocks });
}

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
