// Vega-Lite spec to PNG without a browser: vega-lite compile, a headless Vega view to SVG, resvg to PNG.
import { renderAsync } from '@resvg/resvg-js';
import { loader as vegaLoader, parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { VigilError } from '../errors.ts';
import { type ChartFont, findChartFont } from './find-chart-font.ts';
import { type MetricBandChart, metricBandSpec } from './metric-band-spec.ts';

/**
 * How to render: PNG width in px (default 800) or instead a scale (PNG px per chart px, for a chart laid out at its
 * displayed size), a ceiling on the whole render (default 10 s), and the font (default: found on this machine).
 */
export interface RenderOptions {
  width?: number;
  scale?: number;
  timeoutMs?: number;
  font?: ChartFont;
}

/** Default PNG width: wide enough to read in a Slack message, small enough to upload fast. */
export const DEFAULT_CHART_WIDTH_PX = 800;
/** Default ceiling on one render; with the point ceiling a chart takes well under a second. */
export const DEFAULT_RENDER_TIMEOUT_MS = 10_000;

/** The incident chart of a metric series as PNG bytes. */
export async function renderMetricChart(chart: MetricBandChart, options: RenderOptions = {}): Promise<Buffer> {
  return renderSpecToPng(metricBandSpec(chart), options);
}

/** Any self-contained Vega-Lite spec as PNG bytes; throws a VigilError when it cannot (the caller carries on without a chart). */
export async function renderSpecToPng(spec: TopLevelSpec, options: RenderOptions = {}): Promise<Buffer> {
  const font = options.font ?? findChartFont();
  const timeoutMs = options.timeoutMs ?? DEFAULT_RENDER_TIMEOUT_MS;
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    const svg = await untilAborted(specToSvg(spec), signal);
    // resvg runs on libuv's pool and may not stop mid-render on abort; the race keeps the ceiling either way.
    const image = await untilAborted(
      renderAsync(
        svg,
        {
          fitTo:
            options.scale !== undefined
              ? { mode: 'zoom', value: options.scale }
              : { mode: 'width', value: options.width ?? DEFAULT_CHART_WIDTH_PX },
          background: 'white',
          // Only our font files: scanning every system font on each render is slow and machine-dependent.
          font: {
            loadSystemFonts: false,
            fontFiles: font.bold ? [font.regular, font.bold] : [font.regular],
            defaultFontFamily: font.family,
            sansSerifFamily: font.family,
          },
          logLevel: 'off',
        },
        signal,
      ),
      signal,
    );
    return image.asPng();
  } catch (err) {
    if (err instanceof VigilError) throw err;
    if (signal.aborted) {
      throw new VigilError(
        'vigil_chart_render_timeout',
        `Rendering the chart took longer than ${timeoutMs} ms.`,
        'Chart fewer points or a shorter period; vigil carries on without the chart.',
        { cause: err },
      );
    }
    const message = err instanceof Error ? err.message : String(err);
    throw new VigilError(
      'vigil_chart_render_failed',
      `Rendering the chart failed: ${message}`,
      'Check the chart spec in the log; vigil carries on without the chart.',
      { cause: err },
    );
  }
}

/** The SVG text of a Vega-Lite spec, rendered headless (no canvas, no DOM). */
export async function specToSvg(spec: TopLevelSpec): Promise<string> {
  const warnings: string[] = [];
  const quiet = {
    level: () => quiet,
    error: (...m: unknown[]) => {
      throw new Error(m.join(' '));
    },
    warn: (...m: unknown[]) => {
      warnings.push(m.join(' '));
      return quiet;
    },
    info: () => quiet,
    debug: () => quiet,
  };
  const { spec: vegaSpec } = compile(spec, { logger: quiet });
  const refused: string[] = [];
  const view = new View(parse(vegaSpec), { renderer: 'none', loader: offlineLoader(refused), logLevel: 0 });
  try {
    const svg = await view.toSVG();
    // Vega logs a failed load and draws the chart empty; an empty chart on an incident card would mislead.
    if (refused.length > 0) throw new Error(`chart specs must embed their data; refused to load ${refused.join(', ')}`);
    return svg;
  } finally {
    view.finalize();
  }
}

// Charts carry their data inline; a spec that asks for a URL or a file is refused rather than fetched.
function offlineLoader(refused: string[]) {
  const l = vegaLoader();
  l.sanitize = async (uri: string) => {
    refused.push(uri);
    throw new Error(`refused to load ${uri}`);
  };
  return l;
}

function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
