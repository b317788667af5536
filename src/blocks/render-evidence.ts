// The metric evidence of an incident as Block Kit: what moved, by how much, where, and what drives it. Pure.
import type { ImageBlock, KnownBlock } from '@slack/types';
import type { IncidentEvidence } from '../incidents/incident-types.ts';
import { escapeMrkdwn, SLACK_LIMITS, section, truncate } from './block-limits.ts';
import { formatComparison, formatMetricValue, formatSlice, slackDate } from './format-values.ts';

/** How many contributing slices the card lists before "and n more". */
export const MAX_CONTRIBUTORS = 5;

/** The evidence sections (and the chart, when there is one) for an incident card. */
export function renderEvidenceBlocks(evidence: IncidentEvidence, timezone: string): KnownBlock[] {
  const blocks: KnownBlock[] = [section(evidenceSummary(evidence, timezone))];
  const contributors = evidence.contributors ?? [];
  if (contributors.length > 0) {
    const lines = contributors
      .slice(0, MAX_CONTRIBUTORS)
      .map((c) => `• ${formatSlice(c.slice)}: ${formatComparison(c.observed, c.expected, evidence.unit)}`);
    if (contributors.length > MAX_CONTRIBUTORS) lines.push(`_and ${contributors.length - MAX_CONTRIBUTORS} more_`);
    blocks.push(section(`*Top contributors*\n${lines.join('\n')}`));
  }
  const chart = chartBlock(evidence);
  if (chart) blocks.push(chart);
  return blocks;
}

/** "refund_rate city=jakarta: 4.1% vs 1.0%": the evidence in one line, for notices. */
export function evidenceOneLine(evidence: IncidentEvidence): string {
  const where = Object.keys(evidence.slice).length > 0 ? ` ${formatSlice(evidence.slice)}` : '';
  const values = `${formatMetricValue(evidence.observed, evidence.unit)} vs ${formatMetricValue(evidence.expected, evidence.unit)}`;
  return `${escapeMrkdwn(evidence.metricId)}${where}: ${values}`;
}

function evidenceSummary(e: IncidentEvidence, timezone: string): string {
  const metric = e.metricTitle
    ? `*${escapeMrkdwn(e.metricTitle)}* (\`${escapeMrkdwn(e.metricId)}\`)`
    : `*\`${escapeMrkdwn(e.metricId)}\`*`;
  const lines = [
    metric,
    `${formatComparison(e.observed, e.expected, e.unit)}${band(e)}`,
    `*Slice* ${formatSlice(e.slice)}`,
    `*Bucket* ${bucket(e.bucket, timezone)}`,
  ];
  if (e.impact) lines.push(`*Impact* ${escapeMrkdwn(e.impact)}`);
  if (e.reason) lines.push(`*Why* ${escapeMrkdwn(e.reason)}`);
  if (e.lowHistory)
    lines.push('*Low history* the slice is new: judged against a shorter baseline than usual, with a wider band');
  return lines.join('\n');
}

function band(e: IncidentEvidence): string {
  const low = e.bandLow !== undefined ? formatMetricValue(e.bandLow, e.unit) : undefined;
  const high = e.bandHigh !== undefined ? formatMetricValue(e.bandHigh, e.unit) : undefined;
  if (low && high) return ` · band ${low}–${high}`;
  if (low) return ` · band ≥ ${low}`;
  if (high) return ` · band ≤ ${high}`;
  return '';
}

function bucket(iso: string, timezone: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? escapeMrkdwn(iso) : slackDate(date, timezone);
}

// A Slack file id is the sturdiest reference (uploadChart's result), so it wins over a URL. Slack-hosted URLs need
// `slack_file`; anything that is not http(s) is left out rather than rejected by Slack.
// docs.slack.dev/reference/block-kit/blocks/image-block: image_url, or slack_file with a url or an id. A malformed
// id would make Slack refuse the whole card (invalid_blocks), so only F... ids are used.
function chartBlock(e: IncidentEvidence): ImageBlock | undefined {
  const alt = chartAltText(e);
  if (e.chartFileId && /^F[A-Z0-9]+$/.test(e.chartFileId))
    return { type: 'image', slack_file: { id: e.chartFileId }, alt_text: alt };
  const url = e.chartUrl;
  if (!url || !/^https?:\/\//.test(url)) return undefined;
  if (/^https:\/\/files\.slack\.com\//.test(url)) return { type: 'image', slack_file: { url }, alt_text: alt };
  return { type: 'image', image_url: url, alt_text: alt };
}

/** "Chart of Refund rate for city=jakarta, category=spa": the chart's alt text, also given to the upload. */
export function chartAltText(e: IncidentEvidence): string {
  const slice =
    Object.entries(e.slice)
      .map(([k, v]) => `${k}=${v}`)
      .join(', ') || 'all';
  return truncate(`Chart of ${e.metricTitle ?? e.metricId} for ${slice}`, SLACK_LIMITS.imageAltText, { plain: true });
}
