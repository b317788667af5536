// Whether a figure misses its target as the reader sees them, at the precision the summaries print. Pure.
import { printedFigure, type SummaryUnit } from '../i18n/format-figures.ts';

/** True when `value`, printed, is on the bad side of `target`, printed: "3% (target 3%)" is never a miss. */
export function missesTarget(value: number, target: number, bad: 'up' | 'down' | 'both', unit: SummaryUnit): boolean {
  const v = printedFigure(value, unit);
  const t = printedFigure(target, unit);
  return bad === 'up' ? v > t : bad === 'down' ? v < t : false;
}
