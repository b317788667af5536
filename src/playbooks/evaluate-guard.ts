// A conclusion case's `when:` guard: comparisons of earlier steps' first-row values joined by `and`. Pure.
import { VigilError } from '../errors.ts';
import { lookupReference, type TemplateScope } from './render-template.ts';

const REF = /^[a-z][a-z0-9_]*\.[a-z0-9_]+$/i;
const COMPARISON = /^(.+?)\s*(<=|>=|==|!=|<|>)\s*(.+)$/;

/** The [head, field] references a guard reads, for load-time checks; throws on a guard it cannot parse. */
export function guardReferences(guard: string): [string, string][] {
  return clauses(guard).flatMap((c) => c.operands.filter(isRef).map((r) => r.split('.') as [string, string]));
}

/** Whether every clause of `guard` holds on `scope`; a missing value makes its clause false. */
export function evaluateGuard(guard: string, scope: TemplateScope): boolean {
  return clauses(guard).every((c) => {
    const values = c.operands.map((o) => operand(o, scope));
    if (c.op === undefined) return truthy(values[0]);
    const [a, b] = values;
    if (a === undefined || a === null || b === undefined || b === null) return false;
    const na = numeric(a);
    const nb = numeric(b);
    if (na !== null && nb !== null) return compare(na, nb, c.op);
    if (c.op === '==') return String(a) === String(b);
    if (c.op === '!=') return String(a) !== String(b);
    return false;
  });
}

type Op = '<' | '<=' | '>' | '>=' | '==' | '!=';
interface Clause {
  operands: string[];
  op?: Op;
}

function clauses(guard: string): Clause[] {
  return guard.split(/\s+and\s+/i).map((raw) => {
    const text = raw.trim();
    const m = COMPARISON.exec(text);
    const operands = m ? [m[1]!.trim(), m[3]!.trim()] : [text];
    for (const o of operands)
      if (!isRef(o) && !isLiteral(o))
        throw new VigilError(
          'vigil_playbook_guard_invalid',
          `The guard "${guard}" cannot read "${o}".`,
          'Write step.column <op> value, e.g. staffing.staffing_ratio < 0.7, clauses joined by "and".',
        );
    return m ? { operands, op: m[2] as Op } : { operands };
  });
}

function isRef(o: string): boolean {
  return REF.test(o) && !isLiteral(o);
}

function isLiteral(o: string): boolean {
  return /^-?\d+(\.\d+)?$/.test(o) || /^'[^']*'$/.test(o) || /^(true|false)$/.test(o);
}

function operand(o: string, scope: TemplateScope): unknown {
  if (/^-?\d+(\.\d+)?$/.test(o)) return Number(o);
  if (/^'[^']*'$/.test(o)) return o.slice(1, -1);
  if (o === 'true' || o === 'false') return o === 'true';
  const [head, field] = o.split('.') as [string, string];
  return lookupReference(head, field, scope);
}

function numeric(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return null;
}

function truthy(v: unknown): boolean {
  if (v === undefined || v === null || v === false || v === '') return false;
  const n = numeric(v);
  return n === null || n !== 0;
}

function compare(a: number, b: number, op: Op): boolean {
  switch (op) {
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
    case '==':
      return a === b;
    case '!=':
      return a !== b;
  }
}
