// Cross-checks inside a schema-valid playbook: step ids, `from` links, SQL parameters, template
// references and parameter defaults, so a typo fails when the file loads rather than mid-run.
import { bindNamedSql } from '../warehouse/bind-named-sql.ts';
import { parseDateDefault } from './date-default.ts';
import type { ParamSpec, Playbook } from './playbook-schema.ts';
import { guardReferences } from './evaluate-guard.ts';
import { NUMBER_FILTERS, templateFilters, templateReferences, TIME_FILTERS } from './render-template.ts';

/** One problem: where in the file (for the line number) and what to fix. */
export interface ReferenceProblem {
  path: (string | number)[];
  message: string;
}

/** Parameters every SQL statement may use besides the playbook's own. */
export const IMPLICIT_SQL_PARAMS = ['tz'] as const;

const TABLE_KINDS = new Set(['query', 'compare', 'top', 'drilldown']);

/** Every reference problem in `playbook` (empty when it is consistent). */
export function checkPlaybookReferences(playbook: Playbook): ReferenceProblem[] {
  const problems: ReferenceProblem[] = [];
  const params = playbook.params;
  for (const [name, spec] of Object.entries(params)) problems.push(...checkParam(name, spec, params));
  const sqlParams: Record<string, null> = Object.fromEntries(
    [...Object.keys(params), ...IMPLICIT_SQL_PARAMS].map((k) => [k, null]),
  );
  const earlier = new Map<string, string>();
  playbook.steps.forEach((step, i) => {
    const at = (field: string): (string | number)[] => ['steps', i, field];
    if (earlier.has(step.id))
      problems.push({ path: at('id'), message: `step id '${step.id}' is used twice. Give each step its own id.` });
    if ('sql' in step && step.sql !== undefined) {
      try {
        bindNamedSql(step.sql, sqlParams, `step ${step.id}`);
      } catch (err) {
        problems.push({
          path: at('sql'),
          message: `${(err as Error).message} Declare it under params, or use one of: ${Object.keys(sqlParams)
            .map((k) => `:${k}`)
            .join(', ')}.`,
        });
      }
    }
    if ('from' in step && step.from !== undefined) {
      const kind = earlier.get(step.from);
      if (!kind)
        problems.push({
          path: at('from'),
          message: `'${step.from}' is not an earlier step. Name a step above this one: ${[...earlier.keys()].join(', ') || '(none)'}.`,
        });
      else if (!TABLE_KINDS.has(kind))
        problems.push({
          path: at('from'),
          message: `'${step.from}' is a ${kind} step, which has no rows. Name a query, compare, top or drilldown step.`,
        });
    }
    if (step.kind === 'compare' || (step.kind === 'drilldown' && step.metric !== undefined)) {
      for (const end of ['from', 'to'] as const) {
        const p = step.window[end];
        if (params[p]?.type !== 'date')
          problems.push({
            path: at('window'),
            message: `window.${end} '${p}' must name a date parameter. Declare ${p}: { type: date, ... } under params.`,
          });
      }
    }
    if (step.kind === 'drilldown' && step.metric !== undefined && params[step.metric]?.type !== 'metric') {
      problems.push({
        path: at('metric'),
        message: `'${step.metric}' must name a metric parameter. Declare ${step.metric}: { type: metric, ... } under params.`,
      });
    }
    if (step.kind === 'drilldown' && step.slice !== undefined && params[step.slice]?.type !== 'slice') {
      problems.push({
        path: at('slice'),
        message: `'${step.slice}' must name a slice parameter. Declare ${step.slice}: { type: slice, ... } under params.`,
      });
    }
    const texts =
      step.kind === 'note'
        ? [step.text]
        : step.kind === 'conclusion'
          ? [step.otherwise, ...step.cases.flatMap((c) => [c.text, ...Object.values(c.elements)])]
          : [];
    if (step.kind === 'conclusion') problems.push(...checkConclusion(step, at, params, earlier));
    for (const text of texts) {
      for (const filter of templateFilters(text))
        if (!NUMBER_FILTERS.includes(filter) && !TIME_FILTERS.includes(filter))
          problems.push({
            path: at('text'),
            message: `'| ${filter}' is not a filter. Use one of: ${[...NUMBER_FILTERS, ...TIME_FILTERS].join(', ')}.`,
          });
      for (const ref of templateReferences(text)) {
        const [head, field] = ref;
        if (head === 'params') {
          if (!field || !params[field])
            problems.push({
              path: at('text'),
              message: `{{params.${field ?? ''}}} is not a parameter. Use one of: ${Object.keys(params).join(', ') || '(none)'}.`,
            });
        } else if (!earlier.has(head)) {
          problems.push({
            path: at('text'),
            message: `{{${ref.join('.')}}} refers to '${head}', which is not an earlier step or params.`,
          });
        }
      }
    }
    earlier.set(step.id, step.kind);
  });
  return problems;
}

function checkConclusion(
  step: Extract<Playbook['steps'][number], { kind: 'conclusion' }>,
  at: (field: string) => (string | number)[],
  params: Playbook['params'],
  earlier: ReadonlyMap<string, string>,
): ReferenceProblem[] {
  const out: ReferenceProblem[] = [];
  for (const c of step.cases) {
    let refs: [string, string][] = [];
    try {
      refs = guardReferences(c.when);
    } catch (err) {
      out.push({ path: at('cases'), message: (err as Error).message });
    }
    for (const [head, field] of refs)
      if (head === 'params' ? !params[field] : !earlier.has(head))
        out.push({
          path: at('cases'),
          message: `the guard "${c.when}" reads ${head}.${field}: '${head}' is not an earlier step or params.${field} a parameter.`,
        });
    if (c.elements_from !== undefined && earlier.get(c.elements_from) !== 'drilldown')
      out.push({ path: at('cases'), message: `elements_from: '${c.elements_from}' is not an earlier drilldown step.` });
  }
  return out;
}

function checkParam(name: string, spec: ParamSpec, params: Playbook['params']): ReferenceProblem[] {
  const at: (string | number)[] = ['params', name];
  const out: ReferenceProblem[] = [];
  const source = spec.from_incident;
  if (source) {
    const fits: Record<string, ParamSpec['type'][]> = {
      metric: ['metric', 'string'],
      slice: ['slice'],
      window_start: ['date'],
      window_end: ['date'],
      incident_id: ['int', 'string'],
    };
    const allowed = source.startsWith('slice.') ? ['string', 'enum'] : fits[source]!;
    if (!allowed.includes(spec.type))
      out.push({
        path: [...at, 'from_incident'],
        message: `${source} fills a ${allowed.join(' or ')} parameter, not a ${spec.type}.`,
      });
  }
  if (spec.type === 'enum' && spec.default !== undefined && !spec.values.includes(spec.default)) {
    out.push({
      path: [...at, 'default'],
      message: `'${spec.default}' is not one of the values (${spec.values.join(', ')}).`,
    });
  }
  if (spec.type === 'date' && spec.default !== undefined) {
    const parsed = parseDateDefault(spec.default);
    if (!parsed.ok) out.push({ path: [...at, 'default'], message: parsed.message });
    else {
      if (parsed.base.kind === 'param' && params[parsed.base.name]?.type !== 'date') {
        out.push({ path: [...at, 'default'], message: `'${parsed.base.name}' is not a date parameter.` });
      }
      if (parsed.offset?.kind === 'param' && params[parsed.offset.name]?.type !== 'duration') {
        out.push({ path: [...at, 'default'], message: `'${parsed.offset.name}' is not a duration parameter.` });
      }
      if (parsed.base.kind === 'param' && dependsOn(parsed.base.name, name, params, 0)) {
        out.push({
          path: [...at, 'default'],
          message: `the default of ${name} depends on itself through ${parsed.base.name}.`,
        });
      }
    }
  }
  return out;
}

function dependsOn(start: string, target: string, params: Playbook['params'], depth: number): boolean {
  if (start === target) return true;
  const spec = params[start];
  if (depth > 20 || spec?.type !== 'date' || spec.default === undefined) return false;
  const parsed = parseDateDefault(spec.default);
  return parsed.ok && parsed.base.kind === 'param' && dependsOn(parsed.base.name, target, params, depth + 1);
}
