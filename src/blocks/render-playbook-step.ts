// One playbook step's outcome as Block Kit: its title, then its table, causes, text or error. Pure.
import type { KnownBlock } from '@slack/types';
import type { StepOutcome } from '../playbooks/run-types.ts';
import { context, escapeMrkdwn, section, SLACK_LIMITS, truncate } from './block-limits.ts';
import { formatPercent } from './format-values.ts';
import { formatStepValue, renderCauses } from './render-playbook-causes.ts';
import { renderTable } from './render-playbook-table.ts';

/** Where the step sits in its run, and how to print dates. */
export interface StepPosition {
  index: number;
  total: number;
  timezone: string;
}

/** "1.2 s" or "340 ms". */
export function formatMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;
}

/** The step's blocks (at most six): a title line, what it found, and its error or SQL when it has one. */
export function renderStepBlocks(step: StepOutcome, pos: StepPosition): KnownBlock[] {
  const mark = step.skipped ? ':white_circle:' : step.ok ? ':large_green_circle:' : ':red_circle:';
  const blocks: KnownBlock[] = [
    section(`${mark} *${pos.index}/${pos.total} · ${escapeMrkdwn(step.title || step.id)}*`),
  ];
  const facts = [`\`${escapeMrkdwn(step.id)}\` · ${step.kind}`];
  const noun = step.kind === 'drilldown' ? 'cause' : step.kind === 'chart' ? 'point' : 'row';
  if (!step.skipped)
    facts.push(`${step.rows.toLocaleString('en-US')} ${noun}${step.rows === 1 ? '' : 's'}`, formatMs(step.ms));
  blocks.push(context(facts));
  if (step.error) {
    blocks.push(
      section(
        `:x: ${escapeMrkdwn(step.error.message)}\n_${escapeMrkdwn(step.error.hint)}_ (\`${escapeMrkdwn(step.error.code)}\`)`,
      ),
    );
  } else if (step.skipped) {
    blocks.push(
      context([step.sql.length > 0 ? 'Not run (dry run); it would run:' : 'Not run: a step it depends on failed.']),
    );
    if (step.sql.length > 0) blocks.push(...sqlBlocks(step));
  } else {
    const body = bodyOf(step, pos.timezone);
    if (body) blocks.push(section(body));
  }
  const findings = step.findings.filter((f) => f !== step.text);
  if (findings.length > 0 && !step.skipped)
    blocks.push(section(findings.map((f) => `• ${escapeMrkdwn(f)}`).join('\n')));
  return blocks;
}

/** The SQL a step ran or would run, each statement in its own code block (a dry run shows this). */
export function sqlBlocks(step: StepOutcome): KnownBlock[] {
  return step.sql.slice(0, 2).map((q) => {
    const label = q.label ? `_${escapeMrkdwn(q.label)}_\n` : '';
    const params = Object.keys(q.params).length > 0 ? `\n-- ${JSON.stringify(q.params)}` : '';
    // Cut inside the fences so a long statement never leaves a code block open.
    return section(
      `${label}\`\`\`${truncate(escapeMrkdwn(q.sql.trim() + params), SLACK_LIMITS.sectionText - label.length - 10)}\`\`\``,
    );
  });
}

function bodyOf(step: StepOutcome, timezone: string): string | undefined {
  switch (step.kind) {
    case 'drilldown':
      return renderCauses(step.causes ?? [], step.unit);
    case 'chart':
      return step.png ? undefined : '_The chart was not drawn (charts are off for this run)._';
    case 'note':
    case 'summarize':
    case 'conclusion':
      return step.text ? escapeMrkdwn(step.text) : undefined;
    default:
      // `show: none`: the rows feed a later step (a chart) and are not worth a table of their own.
      if (step.showRows === 0) return undefined;
      if (step.columns.length === 0 && step.data.length === 0)
        return step.findings.length > 0 ? undefined : '_No rows._';
      return renderTable({
        columns: step.columns,
        rows: step.data,
        total: step.rows,
        showRows: step.showRows,
        timezone,
        formats: unitFormats(step),
      });
  }
}

// The columns the engine gives compare and top steps, printed in the step's unit (a rate as a percentage).
function unitFormats(step: StepOutcome): Record<string, (v: unknown) => string> | undefined {
  const num = (f: (n: number) => string) => (v: unknown) => (Number.isFinite(Number(v)) ? f(Number(v)) : String(v));
  const signed = (f: (n: number) => string) => (n: number) => `${n > 0 ? '+' : ''}${f(n)}`;
  if (step.kind === 'compare') {
    const value = (n: number) => formatStepValue(n, step.unit);
    const change = step.unit === 'ratio' ? signed((n) => `${(n * 100).toFixed(2)} pt`) : signed(value);
    return { current: num(value), baseline: num(value), change: num(change), change_pct: num(signed(formatPercent)) };
  }
  if (step.kind === 'top')
    return { rate: num(formatPercent), expected_rate: num(formatPercent), wilson_low: num(formatPercent) };
  return undefined;
}
