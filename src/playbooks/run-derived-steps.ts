// The steps that work on earlier results: drilldown, chart, note and summarize.
import { localizeRootCauses } from '../rca/localize-root-causes.ts';
import type { RcaInput } from '../rca/rca-types.ts';
import { VigilError } from '../errors.ts';
import { queryWarehouse } from '../warehouse/query-warehouse.ts';
import { checkNumbers, factsOf, findNumbers } from '../numbers/check-numbers.ts';
import { toNumber } from './compare-windows.ts';
import { formatInUnit, formatNumber } from '../blocks/format-number.ts';
import { draftPlaybookSummary } from './draft-playbook-summary.ts';
import { fetchMetricCells, metricCellsSql } from './metric-cells.ts';
import type { PlaybookStep } from './playbook-schema.ts';
import { renderTemplate } from './render-template.ts';
import { scopeOf } from './run-conclusion-step.ts';
import type { CauseRow, ResultRow, StepSql } from './run-types.ts';
import { planned, sqlParams, type StepContext, type StepResult } from './step-context.ts';
import { stepChartSpec } from './step-chart-spec.ts';

type Step<K extends PlaybookStep['kind']> = Extract<PlaybookStep, { kind: K }>;

/** drilldown: root-cause localisation over leaves from an earlier step, its own SQL, or a catalog metric. */
export async function runDrilldownStep(step: Step<'drilldown'>, ctx: StepContext): Promise<StepResult> {
  const source = await drilldownLeaves(step, ctx);
  if ('planned' in source) return planned(source.planned);
  const { rows, sql, dims } = source;
  const ratio = source.ratio;
  const values = (r: ResultRow) => dims.map((d) => String(r[d] ?? '(none)'));
  const n = (v: unknown) => toNumber(v) ?? 0;
  const c = source.columns;
  const input: RcaInput = ratio
    ? {
        dims,
        measure: { kind: 'ratio' },
        leaves: rows.map((r) => ({
          values: values(r),
          num: n(r[c.num]),
          den: n(r[c.den]),
          expectedNum: n(r[c.expected_num]),
          expectedDen: n(r[c.expected_den]),
        })),
      }
    : {
        dims,
        measure: { kind: 'additive' },
        leaves: rows.map((r) => ({ values: values(r), actual: n(r[c.actual]), expected: n(r[c.expected]) })),
      };
  const causes: CauseRow[] = localizeRootCauses(input, { maxCauses: step.max_causes });
  const unit = step.unit ?? source.unit ?? (ratio ? 'ratio' : 'number');
  const data = causes.map((cause) => ({
    cause: describeElements(cause.elements),
    baseline: cause.baseline,
    current: cause.current,
    change: cause.change,
    contribution: cause.contribution,
    baseline_share: cause.baselineShare,
    score: cause.score,
  }));
  const label = `Drill-down by ${dims.join(' x ')}`;
  const findings =
    causes.length === 0
      ? [`${label}: no slice stands out; the change is spread across ${dims.join(' x ')}.`]
      : [
          `${label}: ${causes
            .slice(0, 3)
            .map(
              (cause) =>
                `${describeElements(cause.elements)} (${formatInUnit(cause.baseline, unit)} to ${formatInUnit(cause.current, unit)}, ${formatNumber(cause.contribution, 'pct')} of the change)`,
            )
            .join('; ')}.`,
        ];
  // Dimension values may hold digits ("new (<30 d)"); they are names, not figures to check.
  const facts = [rows.length, ...data.flatMap((d) => findNumbers(d.cause).map((f) => f.value))];
  return {
    rows: causes.length,
    sql,
    columns: ['cause', 'baseline', 'current', 'change', 'contribution', 'baseline_share', 'score'],
    data,
    findings,
    causes,
    unit,
    facts,
  };
}

type Leaves =
  | { planned: StepSql[] }
  | {
      rows: readonly ResultRow[];
      sql: StepSql[];
      dims: string[];
      ratio: boolean;
      unit?: StepResult['unit'];
      columns: Record<'num' | 'den' | 'expected_num' | 'expected_den' | 'actual' | 'expected', string>;
    };

async function drilldownLeaves(step: Step<'drilldown'>, ctx: StepContext): Promise<Leaves> {
  const named = {
    num: step.num ?? '',
    den: step.den ?? '',
    expected_num: step.expected_num ?? '',
    expected_den: step.expected_den ?? '',
    actual: step.actual ?? '',
    expected: step.expected ?? '',
  };
  if (step.metric) {
    const id = ctx.params[step.metric];
    const metric = ctx.deps.catalog?.find((m) => m.id === id);
    if (!metric)
      throw new VigilError(
        'vigil_playbook_metric_unknown',
        `There is no catalog metric "${String(id)}" to drill into.`,
        'Give metric=<id> (`/metrics list`).',
      );
    const sql = metricCellsSql(
      metric,
      String(ctx.params[step.window.from]),
      String(ctx.params[step.window.to]),
      step.weeks,
      ctx.deps.timezone,
    );
    if (ctx.dryRun) return { planned: sql };
    const slice = step.slice ? (ctx.params[step.slice] as Record<string, string> | null) : null;
    const cells = await fetchMetricCells(metric, sql, slice, ctx);
    const dims = step.dims ?? cells.dims;
    const same = {
      num: 'num',
      den: 'den',
      expected_num: 'expected_num',
      expected_den: 'expected_den',
      actual: 'actual',
      expected: 'expected',
    };
    return { rows: cells.rows, sql, dims, ratio: metric.kind === 'ratio', unit: metric.unit, columns: same };
  }
  if (step.sql) {
    const s = { sql: step.sql, params: sqlParams(ctx.params, ctx.deps.timezone) };
    if (ctx.dryRun) return { planned: [s] };
    const result = await queryWarehouse(ctx.deps.warehouse, s.sql, s.params, `playbook step ${step.id}`, {
      statementTimeoutMs: ctx.timeoutMs,
      maxRows: ctx.deps.maxRows ?? 200_000,
    });
    return { rows: result.rows, sql: [s], dims: step.dims!, ratio: step.num !== undefined, columns: named };
  }
  if (ctx.dryRun) return { planned: [] };
  return {
    rows: ctx.earlier.get(step.from!)?.data ?? [],
    sql: [],
    dims: step.dims!,
    ratio: step.num !== undefined,
    columns: named,
  };
}

/** `city=jakarta & category=spa`. */
export function describeElements(elements: Record<string, string>): string {
  return (
    Object.entries(elements)
      .map(([k, v]) => `${k}=${v}`)
      .join(' & ') || 'everything'
  );
}

/** chart: an earlier step's rows as a PNG (when a renderer is given). */
export async function runChartStep(step: Step<'chart'>, ctx: StepContext): Promise<StepResult> {
  if (ctx.dryRun) return planned([]);
  const rows = ctx.earlier.get(step.from)?.data ?? [];
  const { spec, points } = stepChartSpec({
    title: step.title ?? step.id,
    mark: step.mark,
    x: step.x,
    y: step.y,
    yFormat: step.y_format,
    rows,
    ...(step.color ? { color: step.color } : {}),
    ...(step.x_type ? { xType: step.x_type } : {}),
  });
  const png = ctx.deps.renderChart && points > 0 ? await ctx.deps.renderChart(spec) : undefined;
  return { rows: points, sql: [], columns: [], data: [], findings: [], ...(png ? { png } : {}) };
}

/** note: text from the template. */
export async function runNoteStep(step: Step<'note'>, ctx: StepContext): Promise<StepResult> {
  if (ctx.dryRun) return planned([]);
  const printed: number[] = [];
  const text = renderTemplate(step.text, scopeOf(ctx), printed);
  return {
    rows: 1,
    sql: [],
    columns: [],
    data: [],
    findings: [text],
    text,
    ...(printed.length ? { facts: printed } : {}),
  };
}

/** summarize: a paragraph from the findings so far, drafted by the model when there is one; every figure in it is checked. */
export async function runSummarizeStep(step: Step<'summarize'>, ctx: StepContext): Promise<StepResult> {
  if (ctx.dryRun) return planned([]);
  const outcomes = [...ctx.earlier.values()];
  const findings = outcomes.flatMap((o) => o.findings).slice(0, step.max_findings);
  const failed = outcomes.filter((o) => !o.ok && !o.skipped).map((o) => o.id);
  const incomplete = failed.length > 0 ? ` Steps that failed (results incomplete): ${failed.join(', ')}.` : '';
  if (findings.length === 0)
    return {
      rows: 1,
      sql: [],
      columns: [],
      data: [],
      findings: [],
      text: `The steps found nothing that stands out.${incomplete}`,
    };
  const drafted = await draftPlaybookSummary(step.title ?? 'Playbook summary', findings, ctx.deps.drafting);
  const text = `${drafted.text}${incomplete}`;
  if (drafted.source !== 'template') {
    const note =
      drafted.replaced.length > 0
        ? ` (${drafted.replaced.length} drafted sentence${drafted.replaced.length > 1 ? 's' : ''} replaced by the finding)`
        : '';
    return {
      rows: 1,
      sql: [],
      columns: [],
      data: [],
      findings: [],
      text: `${text}\n_Drafted by a model from the findings; every figure checked${note}._`,
    };
  }
  // The findings were printed from the results; checked again here against the results themselves.
  const facts = [
    ...factsOf(outcomes.flatMap((o) => o.data)),
    ...outcomes.flatMap((o) => o.facts ?? []),
    ...outcomes.map((o) => o.rows),
    ...paramFacts(ctx),
    // Step titles may name figures of their own ("top 20 merchants").
    ...outcomes.flatMap((o) => findNumbers(o.title).map((f) => f.value)),
  ];
  const check = checkNumbers(text, facts);
  if (!check.ok) {
    const bad = check.unmatched.map((u) => u.text).join(', ');
    return {
      rows: 0,
      sql: [],
      columns: [],
      data: [],
      findings: [],
      text: `Summary withheld: ${bad} could not be traced to a step result.`,
    };
  }
  return { rows: 1, sql: [], columns: [], data: [], findings: [], text, facts: [check.checked] };
}

function paramFacts(ctx: StepContext): number[] {
  return Object.values(ctx.params).filter((v): v is number => typeof v === 'number');
}
