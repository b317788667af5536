// The playbook file format (playbooks/*.yml): typed parameters and a list of steps, validated with zod.
import { z } from 'zod';
import { durationSeconds } from './date-default.ts';

const name = z.string().regex(/^[a-z][a-z0-9_]*$/, 'use lower_snake_case: a letter, then letters, digits or _');
const slug = z.string().regex(/^[a-z][a-z0-9-]*$/, 'use lower-kebab-case, e.g. refund-spike');
const duration = z
  .string()
  .refine((s) => (durationSeconds(s) ?? 0) > 0, 'write a duration such as 30s, 15m, 2h, 1d or 4w');

/** Where a parameter's value comes from when the playbook runs in an incident channel. */
export const INCIDENT_SOURCES = ['metric', 'slice', 'window_start', 'window_end', 'incident_id'] as const;
const fromIncident = z
  .enum(INCIDENT_SOURCES)
  .or(z.string().regex(/^slice\.[a-z_]+$/, 'use slice.<dimension>, e.g. slice.city'));

const base = {
  description: z.string().optional(),
  required: z.boolean().default(false),
  from_incident: fromIncident.optional(),
};

/** One typed parameter; `default` is text in the parameter's own syntax (e.g. `24h`, `to - 1d`). */
export const paramSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('string'),
    ...base,
    default: z.string().optional(),
    pattern: z.string().optional(),
  }),
  z.strictObject({
    type: z.literal('enum'),
    ...base,
    values: z.array(z.string()).min(1),
    default: z.string().optional(),
  }),
  z.strictObject({
    type: z.literal('int'),
    ...base,
    default: z.number().int().optional(),
    min: z.number().int().optional(),
    max: z.number().int().optional(),
  }),
  z.strictObject({ type: z.literal('duration'), ...base, default: duration.optional() }),
  // Defaults: an ISO date, now, today, this_hour, or another date parameter, minus or plus a duration
  // (literal or a duration parameter's name): `to - window`, `today - 7d`.
  z.strictObject({ type: z.literal('date'), ...base, default: z.string().optional() }),
  z.strictObject({ type: z.literal('metric'), ...base, default: z.string().optional() }),
  // A slice is `city=jakarta,category=spa`; SQL reads it as JSON: (:slice::jsonb ->> 'city').
  z.strictObject({ type: z.literal('slice'), ...base, default: z.string().optional() }),
]);

const stepBase = {
  id: name,
  /** Shown in the progress message: "step 2/5: drilling down by city x category". */
  title: z.string().optional(),
  timeout: duration.optional(),
};

const querySql = z.string().min(1);
const columnName = z.string().min(1);

/** A read-only SQL query; its rows are shown as a table. */
const queryStep = z.strictObject({
  ...stepBase,
  kind: z.literal('query'),
  sql: querySql,
  show: z.enum(['table', 'none']).default('table'),
  max_rows: z.number().int().min(1).max(50).default(15),
});

/** A window against its baseline: the SQL runs once for the window and once per baseline window. */
const compareStep = z
  .strictObject({
    ...stepBase,
    kind: z.literal('compare'),
    sql: querySql,
    /** The date parameters that bound the window; the SQL reads them as :from and :to of each window. */
    window: z.strictObject({ from: name.default('from'), to: name.default('to') }).default({ from: 'from', to: 'to' }),
    baseline: z.enum(['same_weekday', 'previous_period']).default('same_weekday'),
    /** How many baseline windows: weeks back for same_weekday, periods back for previous_period. */
    weeks: z.number().int().min(1).max(12).default(4),
    /** A row key when the SQL returns several rows (one comparison each), e.g. the reason code. */
    key: columnName.optional(),
    value: columnName.optional(),
    num: columnName.optional(),
    den: columnName.optional(),
    label: z.string().optional(),
    unit: z.enum(['ratio', 'count', 'currency', 'minutes', 'number']).default('number'),
  })
  .refine((s) => (s.value !== undefined) !== (s.num !== undefined && s.den !== undefined), {
    message: 'give either value, or both num and den',
  });

/** Top-N contributors by excess events over what their exposure predicts. */
const topStep = z.strictObject({
  ...stepBase,
  kind: z.literal('top'),
  sql: querySql,
  key: z.array(columnName).min(1),
  events: columnName,
  exposure: columnName,
  /** A column with each row's own expected rate; without it, the rate pooled over all rows. */
  expected_rate: columnName.optional(),
  n: z.number().int().min(1).max(100).default(20),
  min_events: z.number().min(0).default(1),
  confidence: z.number().gt(0.5).lt(1).default(0.95),
  extra: z.array(columnName).default([]),
});

/** Root-cause localisation over leaves: an earlier step's rows, this step's SQL, or a catalog metric's cells. */
const drilldownStep = z
  .strictObject({
    ...stepBase,
    kind: z.literal('drilldown'),
    from: name.optional(),
    sql: querySql.optional(),
    /** A metric parameter: the metric's own SQL gives the cells, for the window and its same-weekday baselines. */
    metric: name.optional(),
    /** With metric: a slice parameter that narrows the cells (city=jakarta drills within Jakarta). */
    slice: name.optional(),
    window: z.strictObject({ from: name.default('from'), to: name.default('to') }).default({ from: 'from', to: 'to' }),
    weeks: z.number().int().min(1).max(12).default(4),
    /** The dimensions; with metric, default all the dimension columns its SQL returns. */
    dims: z.array(columnName).min(1).max(8).optional(),
    actual: columnName.optional(),
    expected: columnName.optional(),
    num: columnName.optional(),
    den: columnName.optional(),
    expected_num: columnName.optional(),
    expected_den: columnName.optional(),
    max_causes: z.number().int().min(1).max(20).default(5),
    unit: z.enum(['ratio', 'count', 'currency', 'minutes', 'number']).optional(),
  })
  .refine((s) => [s.from, s.sql, s.metric].filter((v) => v !== undefined).length === 1, {
    message: 'give one of from (an earlier step), sql or metric (a metric parameter)',
  })
  .refine((s) => s.metric !== undefined || s.dims !== undefined, {
    message: 'give dims: the dimension columns of the leaves',
  })
  .refine(
    (s) => {
      const additive = s.actual !== undefined && s.expected !== undefined;
      const ratio = [s.num, s.den, s.expected_num, s.expected_den].every((c) => c !== undefined);
      return s.metric !== undefined ? !additive && !ratio : additive !== ratio;
    },
    {
      message:
        'give either actual and expected (an additive measure) or num, den, expected_num and expected_den (a ratio); with metric, neither',
    },
  );

/** A line or bar chart of an earlier step's rows, rendered to PNG. */
const chartStep = z.strictObject({
  ...stepBase,
  kind: z.literal('chart'),
  from: name,
  mark: z.enum(['line', 'bar']).default('line'),
  x: columnName,
  y: columnName,
  color: columnName.optional(),
  x_type: z.enum(['temporal', 'ordinal', 'nominal', 'quantitative']).optional(),
  y_format: z.enum(['percent', 'number']).default('number'),
});

/** Text templated from parameters and earlier steps: {{params.city}}, {{compare.change | pct}}. */
const noteStep = z.strictObject({ ...stepBase, kind: z.literal('note'), text: z.string().min(1) });

/** A paragraph drafted from the findings so far; every number in it is checked against the results. */
const summarizeStep = z.strictObject({
  ...stepBase,
  kind: z.literal('summarize'),
  max_findings: z.number().int().min(1).max(20).default(8),
});

/** One sentence of a conclusion: used when its guard holds on the earlier steps' results. */
const conclusionCase = z.strictObject({
  /** Comparisons of earlier steps' first-row values, joined by `and`: `staffing.staffing_ratio < 0.7`. */
  when: z.string().min(1),
  /** The sentence, templated like a note: `{{staffing.vendor}} was under-staffed: {{staffing.staffing_ratio | pct}} ...`. */
  text: z.string().min(1),
  /** The slice the sentence names (values templated), for the incident card's likely cause. */
  elements: z.record(z.string(), z.string()).default({}),
  /** A drill-down step whose first cause's elements are the slice named (instead of, or besides, elements). */
  elements_from: name.optional(),
});

/** The run's last word: the first case whose guard holds, else `otherwise`, which says no single cause stands out. */
const conclusionStep = z.strictObject({
  ...stepBase,
  kind: z.literal('conclusion'),
  cases: z.array(conclusionCase).min(1).max(12),
  otherwise: z
    .string()
    .min(1)
    .default('No single cause stands out.')
    .refine((s) => /no single cause stands out/i.test(s), 'say "no single cause stands out" in the otherwise sentence'),
});

/** One step of any kind. */
export const stepSchema = z.discriminatedUnion('kind', [
  queryStep,
  compareStep,
  topStep,
  drilldownStep,
  chartStep,
  noteStep,
  summarizeStep,
  conclusionStep,
]);

/** A whole playbook file. */
export const playbookSchema = z.strictObject({
  id: slug,
  title: z.string().min(1),
  description: z.string().min(1),
  /** Catalog metrics whose incidents suggest this playbook on the card's Run playbook button; '*' is every metric. */
  metrics: z.array(z.string()).default([]),
  params: z.record(name, paramSchema).default({}),
  steps: z.array(stepSchema).min(1).max(20),
});

/** A validated playbook. */
export type Playbook = z.infer<typeof playbookSchema>;
/** One validated parameter spec. */
export type ParamSpec = z.infer<typeof paramSchema>;
/** One validated step. */
export type PlaybookStep = z.infer<typeof stepSchema>;
/** One conclusion case. */
export type ConclusionCase = z.infer<typeof conclusionCase>;
/** The step kinds. */
export type StepKind = PlaybookStep['kind'];
