import type { ImageBlock, KnownBlock } from '@slack/types';
import { describe, expect, it } from 'vitest';
import { assertWithinLimits } from '../../src/blocks/assert-within-limits.ts';
import { chartAltText, renderEvidenceBlocks } from '../../src/blocks/render-evidence.ts';
import { evidence, TZ } from './incident-fixtures.ts';

const image = (blocks: KnownBlock[]) => blocks.find((b): b is ImageBlock => b.type === 'image');

describe('renderEvidenceBlocks: the chart', () => {
  it('shows an uploaded chart by its Slack file id, with alt text naming the metric and slice', () => {
    const blocks = renderEvidenceBlocks(evidence({ chartFileId: 'F0CHART1' }), TZ);
    expect(image(blocks)).toEqual({
      type: 'image',
      slack_file: { id: 'F0CHART1' },
      alt_text: 'Chart of Refund rate for city=jakarta, category=spa',
    });
    expect(blocks.at(-1)?.type).toBe('image');
    assertWithinLimits(blocks, 'fallback');
  });

  it('prefers the file id over a chart URL', () => {
    const blocks = renderEvidenceBlocks(
      evidence({ chartFileId: 'F0CHART1', chartUrl: 'https://charts.example/12.png' }),
      TZ,
    );
    expect(blocks.filter((b) => b.type === 'image')).toHaveLength(1);
    expect(image(blocks)).toMatchObject({ slack_file: { id: 'F0CHART1' } });
  });

  it('falls back to the URL when the file id is malformed, rather than have Slack refuse the card', () => {
    expect(
      image(
        renderEvidenceBlocks(evidence({ chartFileId: 'not a file', chartUrl: 'https://charts.example/12.png' }), TZ),
      ),
    ).toMatchObject({ image_url: 'https://charts.example/12.png' });
    expect(image(renderEvidenceBlocks(evidence({ chartFileId: '' }), TZ))).toBeUndefined();
  });

  it('uses slack_file with a url for files.slack.com links and image_url for other http(s) images; leaves others out', () => {
    expect(
      image(renderEvidenceBlocks(evidence({ chartUrl: 'https://files.slack.com/files-pri/T1-F1/chart.png' }), TZ)),
    ).toMatchObject({ slack_file: { url: 'https://files.slack.com/files-pri/T1-F1/chart.png' } });
    expect(image(renderEvidenceBlocks(evidence({ chartUrl: 'https://charts.example/12.png' }), TZ))).toMatchObject({
      image_url: 'https://charts.example/12.png',
    });
    expect(image(renderEvidenceBlocks(evidence({ chartUrl: 'file:///tmp/chart.png' }), TZ))).toBeUndefined();
    expect(image(renderEvidenceBlocks(evidence(), TZ))).toBeUndefined();
  });

  it('names the metric id and "all" when there is no title or slice, within the alt-text limit', () => {
    expect(chartAltText(evidence({ metricTitle: undefined, slice: {} }))).toBe('Chart of refund_rate for all');
    const long = chartAltText(evidence({ slice: { merchant: 'x'.repeat(3000) } }));
    expect(long.length).toBeLessThanOrEqual(2000);
  });
});

describe('renderEvidenceBlocks: low history', () => {
  it('marks a reading judged on low history, and says nothing of it otherwise', () => {
    const text = (e: ReturnType<typeof evidence>) => JSON.stringify(renderEvidenceBlocks(e, TZ));
    expect(text(evidence({ lowHistory: true }))).toContain(
      '*Low history* the slice is new: judged against a shorter baseline than usual, with a wider band',
    );
    expect(text(evidence())).not.toContain('Low history');
  });
});
