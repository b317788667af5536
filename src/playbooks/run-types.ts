// What a playbook run produces, step by step: the contract between the engine, the store, Slack and the CLI.
import type { RcaCause } from '../rca/rca-types.ts';
import type { StepKind } from './playbook-schema.ts';

/** A parameter's resolved value as SQL receives it (dates as ISO text, slices as objects, durations as seconds). */
export type ParamValue = string | number | Record<string, string> | null;

/** Resolved parameters by name. */
export type ParamValues = Record<string, ParamValue>;

/** One row of a step's result. */
export type ResultRow = Record<string, unknown>;

/** One SQL statement a step ran (or, in a dry run, would run), with its bound values. */
export interface StepSql {
  sql: string;
  params: Record<string, unknown>;
  /** What this run of the SQL was for, e.g. "window" or "baseline 2 weeks back". */
  label?: string;
}

/** A ranked cause from a drill-down, with the figures the thread shows. */
export type CauseRow = RcaCause;

/** What went wrong in a step: a stable code, the message and the fix. */
export interface StepError {
  code: string;
  message: string;
  hint: string;
}

/** What a run concludes: one sentence, and the slice it names. */
export interface RunConclusion {
  text: string;
  elements: Record<string, string>;
}

/** One step's outcome. */
export interface StepOutcome {
  id: string;
  kind: StepKind;
  title: string;
  ok: boolean;
  /** Not run because a step it depends on failed, or because this is a dry run. */
  skipped: boolean;
  /** Rows the step produced (a drill-down: causes found; a chart: points drawn). */
  rows: number;
  ms: number;
  sql: StepSql[];
  columns: string[];
  /** The result rows, capped for storage (STORED_ROWS). */
  data: ResultRow[];
  findings: string[];
  /** The unit of the measured values, for formatting. */
  unit?: 'ratio' | 'count' | 'currency' | 'minutes' | 'number';
  causes?: CauseRow[];
  /** Text of a note or summarize step. */
  text?: string;
  /** A chart's PNG; never stored, only posted. */
  png?: Buffer;
  /** How many rows a table shows in Slack. */
  showRows?: number;
  error?: StepError;
  /** A conclusion step's sentence and the slice it names (empty elements: no single cause stands out). */
  conclusion?: RunConclusion;
  /** Figures the findings print that are not in `data` (totals, shares), for the number check. */
  facts?: number[];
}

/** A whole run. */
export interface PlaybookRunResult {
  /** The playbook id. */
  id: string;
  title: string;
  ok: boolean;
  dryRun: boolean;
  params: ParamValues;
  steps: StepOutcome[];
  findings: string[];
  /** Each parameter's type (date, duration, ...), so the run prints its values for people. */
  paramTypes?: Record<string, string>;
  /** The team's time zone the run read its dates in. */
  timezone?: string;
  /** When the run was started for an incident: the incident and the window its card judged. */
  windowSource?: { incidentId: number; windowStart: string; windowEnd: string };
  /** The last conclusion step's sentence, when the playbook has one and it ran. */
  conclusion?: RunConclusion;
  startedAt: Date;
  finishedAt: Date;
}

/** Rows kept per step in the stored run (the full result is rerun, not stored). */
export const STORED_ROWS = 200;

/** The `--json` shape of `vigil playbook run`. */
export function runToJson(run: PlaybookRunResult): {
  id: string;
  ok: boolean;
  steps: { id: string; kind: string; ok: boolean; rows: number; ms: number }[];
  findings: string[];
  conclusion?: RunConclusion;
} {
  return {
    id: run.id,
    ok: run.ok,
    ...(run.conclusion ? { conclusion: run.conclusion } : {}),
    steps: run.steps.map((s) => ({ id: s.id, kind: s.kind, ok: s.ok, rows: s.rows, ms: Math.round(s.ms) })),
    findings: run.findings,
  };
}
