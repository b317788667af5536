import { describe, expect, it } from 'vitest';
import { findChartFont } from '../../src/charts/find-chart-font.ts';
import { renderMetricChart, renderSpecToPng, specToSvg } from '../../src/charts/render-png.ts';
import { metricBandSpec, NO_DATA_TEXT } from '../../src/charts/metric-band-spec.ts';
import { VigilError } from '../../src/errors.ts';
import { hourlyPoints, refundChart } from './chart-fixtures.ts';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

// The first chunk of a PNG is IHDR: length (4), "IHDR" (4), width (4), height (4), all big-endian.
function pngSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
  expect(png.toString('ascii', 12, 16)).toBe('IHDR');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

async function rejection(p: Promise<unknown>): Promise<VigilError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(VigilError);
  return err as VigilError;
}

describe('renderMetricChart', () => {
  it('renders a valid PNG 800 px wide', async () => {
    const { width, height } = pngSize(await renderMetricChart(refundChart()));
    expect(width).toBe(800);
    expect(height).toBeGreaterThan(300);
    expect(height).toBeLessThan(600);
  });

  it('honours a requested width', async () => {
    expect(pngSize(await renderMetricChart(refundChart(), { width: 400 })).width).toBe(400);
  });

  it('draws text: a chart with a title differs from the same chart without one', async () => {
    // Identical PNGs would mean resvg found no font and silently dropped every glyph.
    const points = hourlyPoints(48);
    const titled = await renderMetricChart(refundChart({ points, subtitle: undefined }));
    const untitled = await renderMetricChart(refundChart({ points, subtitle: undefined, title: '' }));
    expect(titled.equals(untitled)).toBe(false);
  });

  it('renders the "no data" chart for an empty series, with its message as SVG text', async () => {
    const empty = refundChart({ points: [] });
    expect(await specToSvg(metricBandSpec(empty))).toContain(NO_DATA_TEXT);
    expect(pngSize(await renderMetricChart(empty)).width).toBe(800);
    const blank = await renderMetricChart({ ...empty, title: '' });
    expect(blank.equals(await renderMetricChart(empty))).toBe(false);
  });

  it('renders a long series downsampled to the point ceiling', async () => {
    const svg = await specToSvg(metricBandSpec(refundChart({ points: hourlyPoints(20_000, 10) })));
    expect(svg).toMatch(/^<svg/);
    expect(pngSize(await renderMetricChart(refundChart({ points: hourlyPoints(20_000, 10) }))).width).toBe(800);
  });

  it('gives up with vigil_chart_render_timeout past its ceiling', async () => {
    const err = await rejection(renderMetricChart(refundChart({ points: hourlyPoints(20_000) }), { timeoutMs: 1 }));
    expect(err.code).toBe('vigil_chart_render_timeout');
  });

  it('refuses specs that would load data from a URL', async () => {
    const err = await rejection(renderSpecToPng({ data: { url: 'https://example.com/data.json' }, mark: 'point' }));
    expect(err.code).toBe('vigil_chart_render_failed');
    expect(err.message).toContain('must embed their data');
  });
});

describe('findChartFont', () => {
  it('finds a font on this machine (CI installs fonts-dejavu-core)', () => {
    expect(findChartFont().family).toBeTruthy();
  });

  it('takes the first candidate present and drops a missing bold file', () => {
    const font = findChartFont(
      [
        { family: 'Missing', regular: '/nope/a.ttf' },
        { family: 'Here', regular: '/fonts/here.ttf', bold: '/fonts/here-bold.ttf' },
      ],
      (p) => p === '/fonts/here.ttf',
    );
    expect(font).toEqual({ family: 'Here', regular: '/fonts/here.ttf' });
  });

  it('says which package to install when there is no font at all', () => {
    let err: unknown;
    try {
      findChartFont([], () => false);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(VigilError);
    expect((err as VigilError).code).toBe('vigil_chart_font_missing');
    expect((err as VigilError).hint).toContain('fonts-dejavu-core');
  });
});
