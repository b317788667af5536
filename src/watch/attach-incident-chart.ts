// Draws an incident's chart (its metric in its slice over the last two weeks, with the expected band
// and anomalous points) and attaches it to the card: rendered to PNG, uploaded, referenced by file id.
import type pg from 'pg';
import type { WebClient } from '@slack/web-api';
import { renderMetricChart } from '../charts/render-png.ts';
import { chartAltText } from '../blocks/render-evidence.ts';
import { uploadChart } from '../charts/upload-chart.ts';
import type { ChartPoint } from '../charts/downsample-points.ts';
import type { CatalogMetric } from '../metrics/metric-catalog-schema.ts';
import { judgeSeries } from '../detect/judge-series.ts';
import type { IncidentService } from '../incidents/incident-service.ts';
import type { Incident } from '../incidents/incident-types.ts';
import { gridIndex, gridStart, PERIOD } from '../metrics/bucket-grid.ts';
import { buildSeries, layoutOf } from '../metrics/build-series.ts';
import { fetchMetricRows } from './fetch-metric-rows.ts';
import { bucketStart } from '../metrics/grain.ts';
import { historyBuckets, judgeSpecOf } from '../detect/judge-spec.ts';
import { describeSlice, sliceKey } from '../metrics/slice-key.ts';

/** The chart's points: the slice over the `weeks` before the bucket, each judged as the detector judged it then. */
export async function chartPoints(
  warehouse: pg.Pool,
  metric: CatalogMetric,
  slice: Record<string, string>,
  bucketIso: string,
  timezone: string,
  weeks = 2,
): Promise<ChartPoint[]> {
  const g = gridIndex(bucketStart(Date.parse(bucketIso), metric.grain, timezone), metric.grain);
  const period = PERIOD[metric.grain];
  const from = g - weeks * period;
  const range: [number, number] = [from - historyBuckets(metric, period), g];
  const own = { ...metric, slices: [Object.keys(slice)] };
  const rows = await fetchMetricRows(warehouse, own, metric.grain, timezone, [range]);
  const series = buildSeries(own, metric.grain, layoutOf([range], metric.grain), rows);
  const s = series.slices.find((x) => x.key === sliceKey(slice));
  if (!s) return [];
  const verdict = judgeSeries(series.layout, s.values, judgeSpecOf(metric), from, g);
  return verdict.judgements.map((j, i) => ({
    t: gridStart(from + i, metric.grain, timezone),
    value: j?.observed ?? null,
    expected: j?.expected ?? null,
    low: j?.low ?? null,
    high: j?.high ?? null,
    anomalous: j?.anomalous ?? false,
  }));
}

/** Builds the attachChart callback the evaluator uses when Slack is on. */
export function incidentChartAttacher(deps: {
  warehouse: pg.Pool;
  client: WebClient;
  incidents: IncidentService;
  timezone: string;
}) {
  return async (incident: Incident, metric: CatalogMetric, slice: Record<string, string>): Promise<void> => {
    const evidence = incident.evidence;
    if (!evidence) return;
    const points = await chartPoints(deps.warehouse, metric, slice, evidence.bucket, deps.timezone);
    const png = await renderMetricChart({
      title: `${metric.title}, ${describeSlice(slice)}`,
      subtitle: 'observed, expected and its band; anomalies in red',
      unit: metric.unit,
      timezone: deps.timezone,
      points,
    });
    const { fileId } = await uploadChart(deps.client, {
      png,
      title: `${metric.title}, ${describeSlice(slice)}`,
      altText: chartAltText(evidence),
      filename: `incident-${incident.id}.png`,
    });
    await deps.incidents.updateEvidence(incident.id, { ...evidence, chartFileId: fileId });
  };
}
