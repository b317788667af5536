// A drill-down's causes as a ranked list: baseline, current, change, contribution and share of the baseline. Pure.
import type { CauseRow, StepOutcome } from '../playbooks/run-types.ts';
import { escapeMrkdwn, SLACK_LIMITS, truncate } from './block-limits.ts';
import { formatChange, formatMetricValue, formatPercent } from './format-values.ts';
import { formatNumber } from './render-playbook-table.ts';

/** The units a step's values come in. */
export type StepUnit = NonNullable<StepOutcome['unit']>;

/** A value in its unit; plain numbers (and an unknown unit) with separators. */
export function formatStepValue(value: number, unit: StepUnit | undefined): string {
  if (!Number.isFinite(value)) return 'n/a';
  return unit === undefined || unit === 'number' ? formatNumber(value) : formatMetricValue(value, unit);
}

/** "+3.1 pt" for ratios, "+197%" otherwise, or the signed difference when the baseline is zero. */
export function formatStepChange(baseline: number, current: number, unit: StepUnit | undefined): string {
  const relative = formatChange(current, baseline, unit === undefined || unit === 'number' ? 'count' : unit);
  if (relative) return relative;
  const diff = current - baseline;
  return `${diff > 0 ? '+' : ''}${formatStepValue(diff, unit)}`;
}

/** One cause as a line: "1. *city=jakarta · category=spa*: 1.0% → 4.1% (+3.1 pt), 84% of the change, 12% of the baseline". */
export function causeLine(cause: CauseRow, rank: number, unit: StepUnit | undefined): string {
  const where =
    Object.entries(cause.elements)
      .map(([k, v]) => `${escapeMrkdwn(k)}=${escapeMrkdwn(String(v))}`)
      .join(' · ') || 'all';
  const values = `${formatStepValue(cause.baseline, unit)} → ${formatStepValue(cause.current, unit)} (${formatStepChange(cause.baseline, cause.current, unit)})`;
  return `${rank}. *${where}*: ${values}, ${formatPercent(cause.contribution)} of the change, ${formatPercent(cause.baselineShare)} of the baseline`;
}

/** The ranked list as one mrkdwn text within a section's 3000 characters; causes that do not fit are counted. */
export function renderCauses(causes: CauseRow[], unit: StepUnit | undefined): string {
  if (causes.length === 0) return '_No slice stands out: the change is spread across the dimensions._';
  const head = '_baseline → current (change), share of the overall change, share of the baseline_';
  const lines: string[] = [head];
  let length = head.length;
  // Leave room for the "n more" line; each cause line is short, so whole lines are kept or dropped.
  const budget = SLACK_LIMITS.sectionText - 40;
  for (const [i, cause] of causes.entries()) {
    const line = truncate(causeLine(cause, i + 1, unit), 400);
    if (length + line.length + 1 > budget) {
      lines.push(`_…and ${causes.length - i} more_`);
      break;
    }
    lines.push(line);
    length += line.length + 1;
  }
  return lines.join('\n');
}
