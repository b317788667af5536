// conclusion: the run's last word, one sentence chosen among `when:`-guarded cases and templated from the results. Pure.
import { findNumbers } from '../numbers/check-numbers.ts';
import { evaluateGuard } from './evaluate-guard.ts';
import type { ConclusionCase, PlaybookStep } from './playbook-schema.ts';
import { renderTemplate, type TemplateScope } from './render-template.ts';
import type { StepOutcome } from './run-types.ts';
import { planned, type StepContext, type StepResult } from './step-context.ts';

type ConclusionStep = Extract<PlaybookStep, { kind: 'conclusion' }>;

/** What a conclusion states: the sentence and the slice it names (empty when no single cause stands out). */
export interface Conclusion {
  text: string;
  elements: Record<string, string>;
  /** The case that held (0-based), or null for `otherwise`. */
  case: number | null;
}

/** conclusion: the first case whose guard holds and whose sentence has every value, else `otherwise`. */
export async function runConclusionStep(step: ConclusionStep, ctx: StepContext): Promise<StepResult> {
  if (ctx.dryRun) return planned([]);
  const conclusion = concludeFrom(step, scopeOf(ctx), ctx.earlier);
  // Figures printed from the results (and the clock times printed from them) are facts the number check accepts.
  const facts = [
    ...conclusion.printed,
    ...findNumbers(conclusion.text).map((f) => (f.percent ? f.value / 100 : f.value)),
  ];
  return {
    rows: 1,
    sql: [],
    columns: [],
    data: [],
    findings: [],
    text: conclusion.text,
    conclusion: { text: conclusion.text, elements: conclusion.elements },
    facts,
  };
}

/** The conclusion of `step` on `scope`: pure, for tests. */
export function concludeFrom(
  step: Pick<ConclusionStep, 'cases' | 'otherwise'>,
  scope: TemplateScope,
  earlier: ReadonlyMap<string, StepOutcome>,
): Conclusion & { printed: number[] } {
  for (const [i, c] of step.cases.entries()) {
    if (!safeGuard(c.when, scope)) continue;
    const printed: number[] = [];
    const text = renderTemplate(c.text, scope, printed);
    // A sentence with a value missing says less than the fallback; the next case may say it.
    if (/\bn\/a\b/.test(text)) continue;
    return { text: sentence(text), elements: elementsOf(c, scope, earlier), case: i, printed };
  }
  const printed: number[] = [];
  return { text: sentence(renderTemplate(step.otherwise, scope, printed)), elements: {}, case: null, printed };
}

function safeGuard(guard: string, scope: TemplateScope): boolean {
  try {
    return evaluateGuard(guard, scope);
  } catch {
    return false;
  }
}

function elementsOf(
  c: ConclusionCase,
  scope: TemplateScope,
  earlier: ReadonlyMap<string, StepOutcome>,
): Record<string, string> {
  const out: Record<string, string> = {
    ...(c.elements_from ? (earlier.get(c.elements_from)?.causes?.[0]?.elements ?? {}) : {}),
  };
  for (const [k, template] of Object.entries(c.elements)) {
    const v = renderTemplate(template, scope).trim();
    if (v !== '' && v !== 'n/a') out[k] = v;
  }
  return out;
}

function sentence(text: string): string {
  const t = text.trim().replace(/\s+/g, ' ');
  return /[.!?]$/.test(t) ? t : `${t}.`;
}

/** The template scope of a step: parameters, the earlier steps' first rows and counts, and the team's time zone. */
export function scopeOf(ctx: StepContext): TemplateScope {
  const steps: TemplateScope['steps'] = {};
  for (const [id, o] of ctx.earlier)
    steps[id] = { firstRow: o.data[0], rows: o.rows, ...(o.unit ? { unit: o.unit } : {}) };
  return { params: ctx.params, steps, timezone: ctx.deps.timezone };
}
