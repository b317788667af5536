// Whether a playbook can run for an incident's slice, before it is offered on the card. Pure.
import type { Playbook } from './playbook-schema.ts';
import type { ParamValues } from './run-types.ts';

/**
 * Why `playbook` cannot run with `values` (resolved for the incident), or null when it can: a drill-down of a
 * metric needs a dimension of the metric (its catalog slices) that the slice does not already fix.
 */
export function cannotRunReason(
  playbook: Playbook,
  values: ParamValues,
  metrics: ReadonlyMap<string, readonly string[]>,
): string | null {
  for (const step of playbook.steps) {
    if (step.kind !== 'drilldown' || step.metric === undefined) continue;
    const metricId = values[step.metric];
    if (typeof metricId !== 'string') return `${playbook.id} needs a metric to drill into.`;
    const slice = step.slice ? values[step.slice] : null;
    const fixed = slice && typeof slice === 'object' ? Object.keys(slice) : [];
    const dims = step.dims ?? metrics.get(metricId) ?? [];
    if (dims.filter((d) => !fixed.includes(d)).length === 0)
      return `${metricId} has no dimension left to drill into inside ${fixed.join(' x ') || 'this slice'}.`;
  }
  return null;
}
