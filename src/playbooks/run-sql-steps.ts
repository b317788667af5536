// The steps that read the warehouse: query, compare (window vs baselines) and top (excess contributors).
import { queryWarehouse } from '../warehouse/query-warehouse.ts';
import { findNumbers } from '../numbers/check-numbers.ts';
import { compareWindows, measureValue } from './compare-windows.ts';
import { formatInUnit, formatNumber } from '../blocks/format-number.ts';
import type { PlaybookStep } from './playbook-schema.ts';
import { rankExcess } from './rank-excess.ts';
import type { ResultRow, StepSql } from './run-types.ts';
import { planned, sqlParams, type StepContext, type StepResult } from './step-context.ts';

type Step<K extends PlaybookStep['kind']> = Extract<PlaybookStep, { kind: K }>;

async function select(step: { id: string }, sql: StepSql, ctx: StepContext) {
  return queryWarehouse(ctx.deps.warehouse, sql.sql, sql.params, `playbook step ${step.id}`, {
    statementTimeoutMs: ctx.timeoutMs,
    maxRows: ctx.deps.maxRows ?? 200_000,
  });
}

/** query: the rows as they come. */
export async function runQueryStep(step: Step<'query'>, ctx: StepContext): Promise<StepResult> {
  const sql: StepSql = { sql: step.sql, params: sqlParams(ctx.params, ctx.deps.timezone) };
  if (ctx.dryRun) return planned([sql]);
  const result = await select(step, sql, ctx);
  return {
    rows: result.rows.length,
    sql: [sql],
    columns: result.columns,
    data: result.rows,
    findings: [],
    showRows: step.show === 'none' ? 0 : step.max_rows,
  };
}

const DAY_MS = 86_400_000;

/** compare: the SQL once for the window and once per baseline window, then value vs median. */
export async function runCompareStep(step: Step<'compare'>, ctx: StepContext): Promise<StepResult> {
  const from = Date.parse(String(ctx.params[step.window.from]));
  const to = Date.parse(String(ctx.params[step.window.to]));
  const shift =
    step.baseline === 'same_weekday' ? 7 * DAY_MS * Math.max(1, Math.ceil((to - from) / (7 * DAY_MS))) : to - from;
  const windows = [0, ...Array.from({ length: step.weeks }, (_, k) => k + 1)].map((k) => ({
    label:
      k === 0
        ? 'window'
        : step.baseline === 'same_weekday'
          ? `baseline ${k} week${k > 1 ? 's' : ''} back`
          : `baseline ${k} period${k > 1 ? 's' : ''} back`,
    from: new Date(from - k * shift).toISOString(),
    to: new Date(to - k * shift).toISOString(),
  }));
  const sql = windows.map((w) => ({
    sql: step.sql,
    label: w.label,
    params: sqlParams(ctx.params, ctx.deps.timezone, { [step.window.from]: w.from, [step.window.to]: w.to }),
  }));
  if (ctx.dryRun) return planned(sql);
  // One at a time: on the embedded database they would queue anyway, and a slow warehouse gets one query per run.
  const results: Awaited<ReturnType<typeof select>>[] = [];
  for (const s of sql) results.push(await select(step, s, ctx));
  const isRate = step.num !== undefined;
  const keyOf = (row: ResultRow) => (step.key ? String(row[step.key] ?? '') : '');
  const keys = [...new Set(results.flatMap((r) => r.rows.map(keyOf)))];
  const measure = (rows: ResultRow[], key: string) => {
    const row = rows.find((r) => keyOf(r) === key);
    if (row) return measureValue(row[step.num ?? ''], row[step.den ?? ''], row[step.value ?? ''], isRate);
    // A key a window has no row for counted nothing there; a rate with no denominator has no value.
    return isRate ? { value: null, num: 0, den: 0 } : { value: step.unit === 'count' ? 0 : null };
  };
  const data: ResultRow[] = keys.map((key) => {
    const c = compareWindows(
      measure(results[0]!.rows, key),
      results.slice(1).map((r) => measure(r.rows, key)),
      step.unit === 'count',
    );
    return {
      ...(step.key ? { [step.key]: key } : {}),
      current: c.current,
      baseline: c.baseline,
      change: c.change,
      change_pct: c.changePct,
      z: c.z,
      baselines: c.baselines.map((b) => (b === null ? 'n/a' : formatInUnit(b, step.unit))).join(', '),
    };
  });
  const unit = isRate && step.unit === 'number' ? 'ratio' : step.unit;
  const notable = step.key
    ? [...data]
        .filter((d) => Math.abs(Number(d.z ?? 0)) >= 3)
        .sort((a, b) => Math.abs(Number(b.z)) - Math.abs(Number(a.z)))
        .slice(0, 3)
    : data;
  const label = step.label ?? step.title ?? step.id;
  const findings = notable.map((d) =>
    describeComparison(step.key ? `${label}, ${step.key}=${String(d[step.key])}` : label, d, unit),
  );
  // Labels may carry figures of their own ("refunds per 1,000 orders").
  const facts = findNumbers(label).map((f) => f.value);
  return {
    rows: data.length,
    sql,
    columns: [...(step.key ? [step.key] : []), 'current', 'baseline', 'change', 'change_pct', 'z', 'baselines'],
    data,
    findings,
    unit,
    facts,
    showRows: 15,
  };
}

function describeComparison(label: string, d: ResultRow, unit: string): string {
  if (d.current === null || d.baseline === null) return `${label}: no data in the window or its baselines.`;
  const pct =
    d.change_pct === null
      ? ''
      : ` (${Number(d.change_pct) >= 0 ? '+' : ''}${formatNumber(Number(d.change_pct), 'pct')}`;
  const z = d.z === null ? (pct ? ')' : '') : `${pct ? ', ' : ' ('}z ${formatNumber(Number(d.z), 'num')})`;
  return `${label}: ${formatInUnit(Number(d.current), unit)} against ${formatInUnit(Number(d.baseline), unit)} expected${pct}${z}.`;
}

/** top: rows ranked by events above their expected rate × exposure. */
export async function runTopStep(step: Step<'top'>, ctx: StepContext): Promise<StepResult> {
  const sql: StepSql = { sql: step.sql, params: sqlParams(ctx.params, ctx.deps.timezone) };
  if (ctx.dryRun) return planned([sql]);
  const result = await select(step, sql, ctx);
  const ranked = rankExcess(result.rows, {
    key: step.key,
    events: step.events,
    exposure: step.exposure,
    ...(step.expected_rate ? { expectedRate: step.expected_rate } : {}),
    n: step.n,
    minEvents: step.min_events,
    confidence: step.confidence,
    extra: step.extra,
  });
  const findings: string[] = [];
  const facts: number[] = [ranked.candidates, ranked.pooledRate, ranked.totalExcess];
  if (ranked.top.length > 0) {
    const shown = ranked.top
      .slice(0, 3)
      .map(
        (r) =>
          `${step.key.map((k) => `${k}=${String(r[k])}`).join(' ')} (${formatNumber(r.excess, 'int')} above expected, ${r.rate === null ? 'n/a' : formatNumber(r.rate, 'pct')} against ${formatNumber(r.expected_rate, 'pct')})`,
      );
    const topExcess = ranked.top.reduce((s, r) => s + r.excess, 0);
    facts.push(topExcess, ranked.totalExcess > 0 ? topExcess / ranked.totalExcess : 0, ranked.top.length);
    const share =
      ranked.totalExcess > 0
        ? ` The top ${ranked.top.length} hold ${formatNumber(topExcess / ranked.totalExcess, 'pct')} of the excess.`
        : '';
    findings.push(`${step.title ?? step.id}: ${shown.join('; ')}.${share}`);
  }
  const columns = [
    ...step.key,
    'events',
    'exposure',
    'rate',
    'expected_rate',
    'excess',
    'wilson_low',
    'significant',
    ...step.extra,
  ];
  return {
    rows: ranked.top.length,
    sql: [sql],
    columns,
    data: ranked.top,
    findings,
    facts,
    showRows: Math.min(step.n, 20),
  };
}
