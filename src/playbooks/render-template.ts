// Note templates: `{{params.city}}`, `{{compare.change | pct}}` (first row of a step), `{{top.rows}}` (its row count). Pure.
import { formatNumber, type NumberFormat } from '../blocks/format-number.ts';

const PLACEHOLDER = /\{\{\s*([a-z][a-z0-9_]*(?:\.[a-z0-9_]+)?)\s*(?:\|\s*([a-z]+)\s*)?\}\}/gi;

/** What a template can read: parameters, and each earlier step's first row and row count. */
export interface TemplateScope {
  params: Record<string, unknown>;
  steps: Record<string, { firstRow: Record<string, unknown> | undefined; rows: number }>;
}

/** The [head, field] pairs a template refers to, for load-time checks. */
export function templateReferences(text: string): [string, string | undefined][] {
  return [...text.matchAll(PLACEHOLDER)].map((m) => {
    const [head, field] = m[1]!.split('.');
    return [head!, field];
  });
}

/** The template with each placeholder replaced; a value that is missing reads "n/a". */
export function renderTemplate(text: string, scope: TemplateScope): string {
  return text.replace(PLACEHOLDER, (_, path: string, filter: string | undefined) => {
    const [head, field] = path.split('.') as [string, string | undefined];
    let value: unknown;
    if (head === 'params') value = field ? scope.params[field] : undefined;
    else {
      const step = scope.steps[head];
      value = !step ? undefined : field === 'rows' || field === undefined ? step.rows : step.firstRow?.[field];
    }
    if (value === undefined || value === null) return 'n/a';
    if (typeof value === 'object')
      return (
        Object.entries(value as Record<string, unknown>)
          .map(([k, v]) => `${k}=${String(v)}`)
          .join(', ') || 'all'
      );
    const n =
      typeof value === 'number'
        ? value
        : typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))
          ? Number(value)
          : null;
    if (n !== null && (filter || typeof value === 'number'))
      return formatNumber(n, (filter as NumberFormat | undefined) ?? 'num');
    return String(value);
  });
}
