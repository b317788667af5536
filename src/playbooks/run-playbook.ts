// Runs a playbook's steps in order with progress, a timeout per step, and failures contained: a step
// that fails is reported, the steps that need its rows are skipped, and the others still run.
import { VigilError } from '../errors.ts';
import { durationSeconds } from './date-default.ts';
import { paramTypesOf } from './describe-run-params.ts';
import type { Playbook, PlaybookStep } from './playbook-schema.ts';
import type { RunProgress } from './playbook-service-types.ts';
import { runChartStep, runDrilldownStep, runNoteStep, runSummarizeStep } from './run-derived-steps.ts';
import { runConclusionStep } from './run-conclusion-step.ts';
import { runCompareStep, runQueryStep, runTopStep } from './run-sql-steps.ts';
import { type ParamValues, type PlaybookRunResult, STORED_ROWS, type StepOutcome } from './run-types.ts';
import type { EngineDeps, StepContext, StepResult } from './step-context.ts';

/** A step's timeout when the playbook gives none. */
export const DEFAULT_STEP_TIMEOUT_MS = 30_000;

/** How a run goes: a dry run plans the SQL and runs nothing. */
export interface RunOptions {
  dryRun?: boolean;
  onProgress?: (progress: RunProgress) => void | Promise<void>;
  clock?: () => Date;
}

const DESCRIBE: Record<PlaybookStep['kind'], string> = {
  query: 'querying',
  compare: 'comparing with the baseline',
  top: 'ranking contributors',
  drilldown: 'drilling down',
  chart: 'drawing a chart',
  note: 'writing a note',
  summarize: 'summarising',
  conclusion: 'concluding',
};

/** The progress title of a step: its own, or what its kind does (a drill-down names its dimensions). */
export function stepTitle(step: PlaybookStep): string {
  if (step.title) return step.title;
  if (step.kind === 'conclusion') return 'concluding';
  if (step.kind === 'drilldown')
    return step.dims ? `drilling down by ${step.dims.join(' x ')}` : 'drilling down the metric by its dimensions';
  return `${DESCRIBE[step.kind]} (${step.id})`;
}

/** Runs `playbook` with resolved `params`. */
export async function runPlaybook(
  playbook: Playbook,
  params: ParamValues,
  deps: EngineDeps,
  options: RunOptions = {},
): Promise<PlaybookRunResult> {
  const clock = options.clock ?? (() => new Date());
  const startedAt = clock();
  const dryRun = options.dryRun ?? false;
  const earlier = new Map<string, StepOutcome>();
  const steps: StepOutcome[] = [];
  for (const [i, step] of playbook.steps.entries()) {
    const title = stepTitle(step);
    // Progress is a courtesy (a Slack message edit): when it fails the run goes on.
    await Promise.resolve(
      options.onProgress?.({
        index: i + 1,
        total: playbook.steps.length,
        step: { id: step.id, kind: step.kind, title },
      }),
    ).catch(() => undefined);
    const blocker =
      'from' in step && step.from !== undefined && earlier.get(step.from)?.ok === false ? step.from : undefined;
    const base = { id: step.id, kind: step.kind, title };
    let outcome: StepOutcome;
    if (blocker) {
      outcome = {
        ...base,
        ok: false,
        skipped: true,
        rows: 0,
        ms: 0,
        sql: [],
        columns: [],
        data: [],
        findings: [],
        error: {
          code: 'vigil_playbook_step_skipped',
          message: `Skipped: it reads ${blocker}, which failed.`,
          hint: `Fix ${blocker} first.`,
        },
      };
    } else {
      const timeoutMs = step.timeout ? (durationSeconds(step.timeout) ?? 30) * 1000 : DEFAULT_STEP_TIMEOUT_MS;
      const ctx: StepContext = { deps, params, earlier, timeoutMs, dryRun };
      const t0 = performance.now();
      try {
        const result = await withDeadline(runStep(step, ctx), timeoutMs, step.id);
        outcome = { ...base, ok: true, skipped: false, ms: performance.now() - t0, ...result };
      } catch (err) {
        const e =
          err instanceof VigilError
            ? err
            : new VigilError(
                'vigil_playbook_step_failed',
                `Step ${step.id} failed: ${(err as Error).message}`,
                'See the log for details.',
              );
        outcome = {
          ...base,
          ok: false,
          skipped: false,
          rows: 0,
          ms: performance.now() - t0,
          sql: [],
          columns: [],
          data: [],
          findings: [],
          error: { code: e.code, message: e.message, hint: e.hint },
        };
      }
    }
    earlier.set(step.id, outcome);
    steps.push(outcome);
  }
  return {
    id: playbook.id,
    title: playbook.title,
    ok: steps.every((s) => s.ok),
    dryRun,
    params,
    paramTypes: paramTypesOf(playbook),
    timezone: deps.timezone,
    steps,
    findings: steps.flatMap((s) => s.findings),
    ...conclusionOf(steps),
    startedAt,
    finishedAt: clock(),
  };
}

/** The run's conclusion: the last conclusion step that ran (stored runs keep it in their steps). */
export function conclusionOf(steps: readonly StepOutcome[]): Pick<PlaybookRunResult, 'conclusion'> {
  const last = steps.filter((s) => s.ok && s.conclusion).at(-1)?.conclusion;
  return last ? { conclusion: last } : {};
}

/** The outcome as stored: rows capped, no PNG bytes. */
export function storable(outcome: StepOutcome): StepOutcome {
  const { png: _png, ...rest } = outcome;
  return { ...rest, data: rest.data.slice(0, STORED_ROWS) };
}

function runStep(step: PlaybookStep, ctx: StepContext): Promise<StepResult> {
  switch (step.kind) {
    case 'query':
      return runQueryStep(step, ctx);
    case 'compare':
      return runCompareStep(step, ctx);
    case 'top':
      return runTopStep(step, ctx);
    case 'drilldown':
      return runDrilldownStep(step, ctx);
    case 'chart':
      return runChartStep(step, ctx);
    case 'note':
      return runNoteStep(step, ctx);
    case 'summarize':
      return runSummarizeStep(step, ctx);
    case 'conclusion':
      return runConclusionStep(step, ctx);
  }
}

// The warehouse cancels a query at its statement timeout; this also bounds what the database cannot
// cancel (the embedded one ignores statement_timeout) and non-SQL work, with a second of grace.
async function withDeadline<T>(work: Promise<T>, timeoutMs: number, stepId: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new VigilError(
            'vigil_playbook_step_timeout',
            `Step ${stepId} ran longer than ${timeoutMs / 1000} s and was stopped.`,
            "Narrow the window or the filters, or raise the step's timeout in the playbook file.",
          ),
        ),
      timeoutMs + 1000,
    );
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
