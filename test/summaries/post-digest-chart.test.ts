// Posting the digest's chart: nothing to upload when nothing is off track; else the chart at PNG_SCALE with its title and alt text.
import type { WebClient } from '@slack/web-api';
import pino from 'pino';
import { describe, expect, it, vi } from 'vitest';
import { PNG_SCALE } from '../../src/charts/slack-chart-size.ts';
import { postDigestChart } from '../../src/summaries/post-digest-chart.ts';
import { digestFacts } from '../slack/digest-fixtures.ts';
import { redAndAmber } from './digest-chart-fixtures.ts';

function fakeClient() {
  const uploads: Array<Record<string, unknown>> = [];
  const client = {
    files: {
      uploadV2: async (args: Record<string, unknown>) => {
        uploads.push(args);
        return { files: [{ files: [{ id: 'F0CHART' }] }] };
      },
    },
  } as unknown as WebClient;
  return { client, uploads };
}

const logger = pino({ level: 'silent' });

describe('postDigestChart', () => {
  it('uploads the red and amber chart, rendered at PNG_SCALE, with what it shows as title and alt text', async () => {
    const { client, uploads } = fakeClient();
    const renderPng = vi.fn(async (_spec: unknown, _options: unknown) => Buffer.from('png'));
    const id = await postDigestChart({ client, logger, workspaceName: 'GNE', renderPng }, redAndAmber(), 'C1');
    expect(id).toBe('F0CHART');
    expect(renderPng.mock.calls[0]![1]).toEqual({ scale: PNG_SCALE });
    expect(uploads[0]).toMatchObject({
      channel_id: 'C1',
      filename: 'digest-daily-2026-06-02.png',
      title: 'GNE daily digest 2026-06-02: Refund rate (red), GMV (amber)',
    });
    expect(uploads[0]!.alt_text).toMatch(/^Line chart of the 2 metrics off track on 2 Jun 2026: Refund rate \(red/);
  });

  it('uploads nothing when every metric is green', async () => {
    const { client, uploads } = fakeClient();
    const facts = digestFacts();
    facts.metrics = facts.metrics.map((m) => ({ ...m, status: 'green' as const }));
    const renderPng = vi.fn(async () => Buffer.from('png'));
    expect(await postDigestChart({ client, logger, workspaceName: 'GNE', renderPng }, facts, 'C1')).toBeUndefined();
    expect(renderPng).not.toHaveBeenCalled();
    expect(uploads).toEqual([]);
  });
});
