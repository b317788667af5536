// A real render of the daily digest chart: the PNG is exactly as wide as the layout (Slack's displayed width) times the PNG scale.
import { describe, expect, it } from 'vitest';
import { renderSpecToPng } from '../../src/charts/render-png.ts';
import { PNG_SCALE, SLACK_DISPLAY_WIDTH_PX } from '../../src/charts/slack-chart-size.ts';
import { CHART_PNG_WIDTH, digestChartSpec } from '../../src/summaries/digest-chart-spec.ts';
import { redAndAmber } from './digest-chart-fixtures.ts';

describe('daily digest chart, rendered', () => {
  it('is a PNG as wide as computed: every chart px is PNG_SCALE PNG px', async () => {
    expect(CHART_PNG_WIDTH).toBe(SLACK_DISPLAY_WIDTH_PX * PNG_SCALE);
    const png = await renderSpecToPng(digestChartSpec(redAndAmber())!, { scale: PNG_SCALE });
    // PNG signature, then the IHDR chunk: length, "IHDR", width, height (big-endian).
    expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
    expect(png.toString('ascii', 12, 16)).toBe('IHDR');
    expect(png.readUInt32BE(16)).toBe(CHART_PNG_WIDTH);
    expect(png.readUInt32BE(20)).toBeGreaterThan(300);
  }, 30_000);
});
