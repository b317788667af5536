// The steps that work on earlier results: drilldown, chart, note and summarize.
import { localizeRootCauses } from '../rca/localize-root-causes.ts';
import type { RcaInput } from '../rca/rca-types.ts';
import { queryWarehouse } from '../warehouse/query-warehouse.ts';
import { checkNumbers, factsOf, findNumbers } from './check-numbers.ts';
import { toNumber } from './compare-windows.ts';
import { formatInUnit, formatNumber } from './format-number.ts';
import type { PlaybookStep } from './playbook-schema.ts';
import { renderTemplate, type TemplateScope } from './render-template.ts';
import type { CauseRow, ResultRow, StepSql } from './run-types.ts';
import { planned, sqlParams, type StepContext, type StepResult } from './step-context.ts';
import { stepChartSpec } from './step-chart-spec.ts';

type Step<K extends PlaybookStep['kind']> = Extract<PlaybookStep, { kind: K }>;

/** drilldown: root-cause localisation over leaves from an earlier step or its own SQL. */
export async function runDrilldownStep(step: Step<'drilldown'>, ctx: StepContext): Promise<StepResult> {
  let rows: readonly ResultRow[];
  const sql: StepSql[] = [];
  if (step.sql) {
    const s = { sql: step.sql, params: sqlParams(ctx.params, ctx.deps.timezone) };
    sql.push(s);
    if (ctx.dryRun) return planned(sql);
    rows = (await queryWarehouse(ctx.deps.warehouse, s.sql, s.params, `playbook step ${step.id}`, { statementTimeoutMs: ctx.timeoutMs, maxRows: ctx.deps.maxRows ?? 200_000 })).rows;
  } else {
    if (ctx.dryRun) return planned([]);
    rows = ctx.earlier.get(step.from!)?.data ?? [];
  }
  const ratio = step.num !== undefined;
  const values = (r: ResultRow) => step.dims.map((d) => String(r[d] ?? '(none)'));
  const n = (v: unknown) => toNumber(v) ?? 0;
  const input: RcaInput = ratio
    ? { dims: step.dims, measure: { kind: 'ratio' }, leaves: rows.map((r) => ({ values: values(r), num: n(r[step.num!]), den: n(r[step.den!]), expectedNum: n(r[step.expected_num!]), expectedDen: n(r[step.expected_den!]) })) }
    : { dims: step.dims, measure: { kind: 'additive' }, leaves: rows.map((r) => ({ values: values(r), actual: n(r[step.actual!]), expected: n(r[step.expected!]) })) };
  const causes: CauseRow[] = localizeRootCauses(input, { maxCauses: step.max_causes });
  const unit = step.unit ?? (ratio ? 'ratio' : 'number');
  const data = causes.map((c) => ({
    cause: describeElements(c.elements), baseline: c.baseline, current: c.current, change: c.change,
    contribution: c.contribution, baseline_share: c.baselineShare, score: c.score,
  }));
  const findings = causes.length === 0
    ? [`${step.title ?? step.id}: no slice stands out; the change is spread across ${step.dims.join(' x ')}.`]
    : [`${step.title ?? step.id}: ${causes.slice(0, 3).map((c) => `${describeElements(c.elements)} (${formatInUnit(c.baseline, unit)} to ${formatInUnit(c.current, unit)}, ${formatNumber(c.contribution, 'pct')} of the change)`).join('; ')}.`];
  // Dimension values may hold digits ("new (<30 d)"); they are names, not figures to check.
  const facts = [rows.length, ...data.flatMap((d) => findNumbers(d.cause).map((f) => f.value))];
  return { rows: causes.length, sql, columns: ['cause', 'baseline', 'current', 'change', 'contribution', 'baseline_share', 'score'], data, findings, causes, unit, facts };
}

/** `city=jakarta & category=spa`. */
export function describeElements(elements: Record<string, string>): string {
  return Object.entries(elements).map(([k, v]) => `${k}=${v}`).join(' & ') || 'everything';
}

/** chart: an earlier step's rows as a PNG (when a renderer is given). */
export async function runChartStep(step: Step<'chart'>, ctx: StepContext): Promise<StepResult> {
  if (ctx.dryRun) return planned([]);
  const rows = ctx.earlier.get(step.from)?.data ?? [];
  const { spec, points } = stepChartSpec({
    title: step.title ?? step.id, mark: step.mark, x: step.x, y: step.y, yFormat: step.y_format, rows,
    ...(step.color ? { color: step.color } : {}), ...(step.x_type ? { xType: step.x_type } : {}),
  });
  const png = ctx.deps.renderChart && points > 0 ? await ctx.deps.renderChart(spec) : undefined;
  return { rows: points, sql: [], columns: [], data: [], findings: [], ...(png ? { png } : {}) };
}

/** note: text from the template. */
export async function runNoteStep(step: Step<'note'>, ctx: StepContext): Promise<StepResult> {
  if (ctx.dryRun) return planned([]);
  const text = renderTemplate(step.text, scopeOf(ctx));
  return { rows: 1, sql: [], columns: [], data: [], findings: [text], text };
}

/** summarize: a paragraph from the findings so far, posted only when every figure in it checks out. */
export async function runSummarizeStep(step: Step<'summarize'>, ctx: StepContext): Promise<StepResult> {
  if (ctx.dryRun) return planned([]);
  const outcomes = [...ctx.earlier.values()];
  const findings = outcomes.flatMap((o) => o.findings).slice(0, step.max_findings);
  const failed = outcomes.filter((o) => !o.ok && !o.skipped).map((o) => o.id);
  const text = [
    findings.length > 0 ? findings.join(' ') : 'The steps found nothing that stands out.',
    failed.length > 0 ? `Steps that failed (results incomplete): ${failed.join(', ')}.` : '',
  ].filter(Boolean).join(' ');
  const facts = [...factsOf(outcomes.flatMap((o) => o.data)), ...outcomes.flatMap((o) => o.facts ?? []), ...outcomes.map((o) => o.rows), ...paramFacts(ctx),
    // Step titles may name figures of their own ("top 20 merchants").
    ...outcomes.flatMap((o) => findNumbers(o.title).map((f) => f.value))];
  const check = checkNumbers(text, facts);
  if (!check.ok) {
    const bad = check.unmatched.map((u) => u.text).join(', ');
    return { rows: 0, sql: [], columns: [], data: [], findings: [], text: `Summary withheld: ${bad} could not be traced to a step result.` };
  }
  return { rows: 1, sql: [], columns: [], data: [], findings: [], text, facts: [check.checked] };
}

function paramFacts(ctx: StepContext): number[] {
  return Object.values(ctx.params).filter((v): v is number => typeof v === 'number');
}

function scopeOf(ctx: StepContext): TemplateScope {
  const steps: TemplateScope['steps'] = {};
  for (const [id, o] of ctx.earlier) steps[id] = { firstRow: o.data[0], rows: o.rows };
  return { params: ctx.params, steps };
}
