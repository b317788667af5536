// What every step runner gets: the warehouse, the bound parameters, earlier outcomes and the limits.
import type pg from 'pg';
import type { TopLevelSpec } from 'vega-lite';
import type { CatalogMetric } from '../metrics/metric-catalog-schema.ts';
import type { PlaybookDrafting } from './draft-playbook-summary.ts';
import type { PlaybookStep } from './playbook-schema.ts';
import type { ParamValues, StepOutcome, StepSql } from './run-types.ts';

/** The I/O a run may use, passed in by the composition root. */
export interface EngineDeps {
  warehouse: pg.Pool;
  timezone: string;
  /** The metric catalog, for drill-downs of a metric. */
  catalog?: readonly CatalogMetric[];
  /** Renders a chart step; absent (command line, dry run), chart steps keep the spec and draw nothing. */
  renderChart?: (spec: TopLevelSpec) => Promise<Buffer>;
  /** The model that drafts summarize steps (OPENAI_API_KEY); absent, the findings are the summary. */
  drafting?: PlaybookDrafting;
  /** Row cap per query (default 200,000). */
  maxRows?: number;
}

/** One step's inputs. */
export interface StepContext {
  deps: EngineDeps;
  params: ParamValues;
  /** Outcomes of the steps before this one, by id. */
  earlier: ReadonlyMap<string, StepOutcome>;
  timeoutMs: number;
  dryRun: boolean;
}

/** What a runner returns; the engine adds id, kind, title, timing and ok. */
export type StepResult = Pick<StepOutcome, 'rows' | 'sql' | 'columns' | 'data' | 'findings'> &
  Partial<Pick<StepOutcome, 'unit' | 'causes' | 'text' | 'png' | 'showRows' | 'facts' | 'conclusion'>>;

/** A step runner. */
export type StepRunner<S extends PlaybookStep = PlaybookStep> = (step: S, ctx: StepContext) => Promise<StepResult>;

/** The values SQL receives: slices as JSON text, the rest as they are, plus the team's time zone as :tz. */
export function sqlParams(
  params: ParamValues,
  timezone: string,
  override: Record<string, unknown> = {},
): Record<string, unknown> {
  const out: Record<string, unknown> = { tz: timezone };
  for (const [k, v] of Object.entries(params)) out[k] = v !== null && typeof v === 'object' ? JSON.stringify(v) : v;
  return { ...out, ...override };
}

/** A result with no rows: what a dry run of a SQL step reports. */
export function planned(sql: StepSql[]): StepResult {
  return { rows: 0, sql, columns: [], data: [], findings: [] };
}
