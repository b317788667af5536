// Turns `k=v` words, the incident in whose channel a playbook runs, and the defaults into typed
// parameter values, or a refusal that says which parameter is wrong and what to type. Pure.
import { baseInstant, durationSeconds, parseDateDefault } from './date-default.ts';
import { parseLocalInstant } from '../time/zone-time.ts';
import type { ParamSpec, Playbook } from './playbook-schema.ts';
import type { IncidentContext, RunRefusal } from './playbook-service-types.ts';
import type { ParamValue, ParamValues } from './run-types.ts';

/** What resolution needs besides the words typed. */
export interface ResolveContext {
  now: Date;
  timezone: string;
  /** Catalog metric ids and the dimensions each is sliced by. */
  metrics: ReadonlyMap<string, readonly string[]>;
  incident?: IncidentContext;
}

/** The typed values of every parameter, or the first problem found. */
export function resolveParams(
  playbook: Playbook,
  given: Readonly<Record<string, string>>,
  ctx: ResolveContext,
): { ok: true; values: ParamValues } | RunRefusal {
  const specs = playbook.params;
  const unknown = Object.keys(given).filter((k) => !specs[k]);
  if (unknown.length > 0) {
    const known = Object.keys(specs);
    return refuse(
      'vigil_playbook_param_unknown',
      `${playbook.id} has no parameter ${unknown.join(', ')}.`,
      known.length
        ? `Its parameters are ${known.join(', ')} (\`/investigate help ${playbook.id}\`).`
        : `${playbook.id} takes no parameters.`,
    );
  }
  const values: ParamValues = {};
  const raw: Record<string, string | undefined> = {};
  for (const [name, spec] of Object.entries(specs))
    raw[name] = given[name] ?? fromIncident(spec, ctx.incident) ?? defaultText(spec);
  // Dates last: their defaults may read other dates and durations.
  const order = Object.keys(specs).sort(
    (a, b) => Number(specs[a]!.type === 'date') - Number(specs[b]!.type === 'date'),
  );
  const resolving = new Set<string>();
  const resolve = (name: string): RunRefusal | undefined => {
    if (name in values) return undefined;
    const spec = specs[name]!;
    const text = raw[name];
    if (text === undefined || text === '') {
      if (spec.required)
        return refuse(
          'vigil_playbook_param_missing',
          `${playbook.id} needs ${name} (${spec.type}).`,
          `Add ${name}=${example(spec)} to the command.`,
        );
      values[name] = null;
      return undefined;
    }
    if (resolving.has(name))
      return refuse(
        'vigil_playbook_param_cycle',
        `The default of ${name} depends on itself.`,
        `Give ${name} explicitly.`,
      );
    resolving.add(name);
    const parsed = parseValue(name, spec, text, ctx, (dep) => {
      const problem = specs[dep] ? resolve(dep) : undefined;
      return problem ?? values[dep];
    });
    resolving.delete(name);
    if (isRefusal(parsed)) return parsed;
    values[name] = parsed;
    return undefined;
  };
  for (const name of order) {
    const problem = resolve(name);
    if (problem) return problem;
  }
  return { ok: true, values };
}

function parseValue(
  name: string,
  spec: ParamSpec,
  text: string,
  ctx: ResolveContext,
  dep: (name: string) => ParamValue | RunRefusal | undefined,
): ParamValue | RunRefusal {
  const bad = (why: string, hint: string) => refuse('vigil_playbook_param_invalid', `${name}=${text}: ${why}.`, hint);
  switch (spec.type) {
    case 'string':
      if (spec.pattern && !new RegExp(`^(?:${spec.pattern})$`).test(text))
        return bad(`does not match ${spec.pattern}`, `Give a value like ${example(spec)}.`);
      return text;
    case 'enum':
      return spec.values.includes(text)
        ? text
        : bad('is not one of the choices', `Use one of ${spec.values.join(', ')}.`);
    case 'int': {
      if (!/^-?\d+$/.test(text))
        return bad('is not a whole number', `Give a whole number, e.g. ${name}=${spec.default ?? spec.min ?? 10}.`);
      const n = Number(text);
      if ((spec.min !== undefined && n < spec.min) || (spec.max !== undefined && n > spec.max))
        return bad(`is outside ${spec.min ?? '-∞'}..${spec.max ?? '∞'}`, 'Give a number in that range.');
      return n;
    }
    case 'duration': {
      const s = durationSeconds(text);
      return s !== null && s > 0 ? s : bad('is not a duration', 'Write a number and a unit: 30m, 2h, 1d, 4w.');
    }
    case 'metric': {
      if (ctx.metrics.has(text)) return text;
      return bad('is not a catalog metric', `Use one of ${[...ctx.metrics.keys()].join(', ')} (\`/metrics list\`).`);
    }
    case 'slice': {
      const slice: Record<string, string> = {};
      for (const part of text
        .split(/[,&]/)
        .map((p) => p.trim())
        .filter(Boolean)) {
        const m = /^([a-z_]+)[=:](.+)$/.exec(part);
        if (!m)
          return bad(
            'is not a slice',
            `Write dimension=value pairs joined by commas, e.g. ${name}=city=jakarta,category=spa.`,
          );
        slice[m[1]!] = m[2]!;
      }
      return slice;
    }
    case 'date':
      return parseDate(name, text, ctx, dep);
  }
}

function parseDate(
  name: string,
  text: string,
  ctx: ResolveContext,
  dep: (name: string) => ParamValue | RunRefusal | undefined,
): string | RunRefusal {
  const parsed = parseDateDefault(text);
  const bad = () =>
    refuse(
      'vigil_playbook_param_invalid',
      `${name}=${text}: is not a date.`,
      `Give an ISO date such as ${ctx.now.toISOString().slice(0, 10)} or 2026-11-20T09:00Z, or today - 7d.`,
    );
  if (!parsed.ok) return bad();
  let at: number;
  if (parsed.base.kind === 'iso') at = parseLocalInstant(parsed.base.text, ctx.timezone)?.getTime() ?? NaN;
  else if (parsed.base.kind === 'param') {
    const v = dep(parsed.base.name);
    if (isRefusal(v)) return v;
    if (typeof v !== 'string') return bad();
    at = Date.parse(v);
  } else at = baseInstant(parsed.base.kind, ctx.now, ctx.timezone).getTime();
  if (parsed.offset) {
    let seconds: number;
    if (parsed.offset.kind === 'seconds') seconds = parsed.offset.seconds;
    else {
      const v = dep(parsed.offset.name);
      if (isRefusal(v)) return v;
      if (typeof v !== 'number') return bad();
      seconds = v;
    }
    at += parsed.sign * seconds * 1000;
  }
  return Number.isFinite(at) ? new Date(at).toISOString() : bad();
}

function fromIncident(spec: ParamSpec, incident: IncidentContext | undefined): string | undefined {
  const source = spec.from_incident;
  if (!incident || !source) return undefined;
  if (source === 'metric') return incident.metricId ?? undefined;
  if (source === 'incident_id') return String(incident.incidentId);
  // The card's window when the incident has one, so the run's figures are the card's.
  if (source === 'window_start') return (incident.card?.windowStart ?? incident.windowStart).toISOString();
  if (source === 'window_end') return (incident.card?.windowEnd ?? incident.windowEnd).toISOString();
  if (source === 'slice')
    return (
      Object.entries(incident.slice)
        .map(([k, v]) => `${k}=${v}`)
        .join(',') || undefined
    );
  return incident.slice[source.slice('slice.'.length)];
}

function defaultText(spec: ParamSpec): string | undefined {
  return spec.default === undefined ? undefined : String(spec.default);
}

function example(spec: ParamSpec): string {
  const examples: Record<ParamSpec['type'], string> = {
    string: 'jakarta',
    enum: spec.type === 'enum' ? spec.values[0]! : '',
    int: '10',
    duration: '24h',
    date: '2026-11-20',
    metric: 'refund_rate',
    slice: 'city=jakarta',
  };
  return spec.default !== undefined ? String(spec.default) : examples[spec.type];
}

function refuse(code: string, message: string, hint: string): RunRefusal {
  return { ok: false, code, message, hint };
}

function isRefusal(v: unknown): v is RunRefusal {
  return (
    typeof v === 'object' && v !== null && (v as RunRefusal).ok === false && typeof (v as RunRefusal).code === 'string'
  );
}
