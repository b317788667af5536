// The facts a management summary may use, as zod schemas: every figure in a digest or an incident
// summary comes from one of these objects, and the number check reads them back.
import { z } from 'zod';

const iso = z.string().datetime({ offset: true });
const num = z.number().finite();
const status = z.enum(['green', 'amber', 'red']);
const unitSchema = z.enum(['ratio', 'count', 'currency', 'minutes']);
/** Why a metric has its status (see metric-period-fact.ts for the rule). */
export const statusReasonSchema = z.enum([
  'no_data',
  'query_failed',
  'open_high_severity',
  'open_incident',
  'past_threshold',
  'far_worse_than_usual',
  'worse_than_usual',
  'worse_than_target',
  'within_usual',
  'too_little_history',
  'on_target',
]);
const severityCounts = z.record(z.string(), num);
const periodIncidentTimes = {
  medianMinutesToAcknowledge: num.nullable(),
  medianMinutesToResolve: num.nullable(),
};

/**
 * One day of a metric's chart series: its value and the usual band of that weekday (expected, low, high; see
 * usualBands in metric-day-values.ts). The band's defaults keep facts stored before it existed readable, and
 * `.optional()` lets hand-made facts leave it out.
 */
export const seriesDaySchema = z.object({
  day: z.string(),
  value: num.nullable(),
  expected: num.nullable().default(null).optional(),
  low: num.nullable().default(null).optional(),
  high: num.nullable().default(null).optional(),
});

/** One headline metric in the scorecard. */
export const metricFactSchema = z.object({
  id: z.string(),
  title: z.string(),
  /** The title in other languages (catalog `title: {en: …, id: …}`); English is `title`. */
  titles: z.record(z.string(), z.string()).default({}),
  unit: unitSchema,
  /** A scaled ratio's base (catalog `scale`, e.g. 1000: values are per 1,000); null when unscaled. */
  per: num.nullable().default(null),
  /** Which way is bad (catalog `bad`). */
  bad: z.enum(['up', 'down', 'both']),
  /** The whole-market value over the period (a day, or a week for the weekly report); null without data. */
  value: num.nullable(),
  /** What the detectors expect: the median of the same period over the 4 weeks before. */
  expected: num.nullable(),
  target: num.nullable(),
  /** value - expected, and value / expected - 1. */
  change: num.nullable(),
  changePct: num.nullable(),
  /** The same period 7 days before (a day a week ago; for weekly, the week before) and value minus it. */
  previous: num.nullable(),
  changeVsPrevious: num.nullable(),
  status: status.or(z.literal('grey')),
  /** Why the status is what it is, in words with no figures ("worse than target", "open SEV2"). */
  statusReason: z.string(),
  /** The same reasons as codes (src/i18n catalogs' `reason.*` keys), for summaries in other languages. */
  statusReasons: z.array(statusReasonSchema).default([]),
  /** Daily values over the last 28 days, oldest first, for the digest's charts. */
  series: z.array(seriesDaySchema),
});

/** One incident as a summary sees it. */
export const incidentFactSchema = z.object({
  id: z.number().int(),
  title: z.string(),
  severity: z.number().int().min(1).max(4),
  status: z.enum(['open', 'acknowledged', 'escalated', 'resolved', 'reopened']),
  metricId: z.string().nullable(),
  slice: z.record(z.string(), z.string()),
  openedAt: iso,
  acknowledgedAt: iso.nullable(),
  resolvedAt: iso.nullable(),
  minutesToAcknowledge: num.nullable(),
  minutesToResolve: num.nullable(),
  ageHours: num,
  /** The detector's impact estimate in words (may hold figures: they are facts too). */
  impact: z.string().nullable(),
  impactValue: num.nullable(),
  /** From a playbook run or the resolution note: confirmed only when a responder wrote it. */
  cause: z.object({ text: z.string(), confirmed: z.boolean() }).nullable(),
  /** The card's likely cause: the drill-down's at open, or a playbook's conclusion after a run (a hypothesis). */
  likelyCause: z
    .object({
      text: z.string(),
      source: z.enum(['drill-down', 'playbook']),
      playbook: z.string().nullable().default(null),
      elements: z.record(z.string(), z.string()).default({}),
    })
    .nullable()
    .default(null),
  /** Slack user id of the owner (assignee, else acknowledger), or null. */
  owner: z.string().nullable(),
  channelId: z.string().nullable(),
  /** When the next status update is due while the incident is open (promised, else the severity's cadence). */
  // Defaults keep facts stored before these fields existed readable.
  nextUpdateAt: iso.nullable().default(null),
  /** The latest status update (`/incident update`), as the responder wrote it. */
  latestUpdate: z.object({ at: iso, text: z.string() }).nullable().default(null),
});

/** An action with an owner and a due date. */
export const actionFactSchema = z.object({
  id: z.number().int(),
  incidentId: z.number().int().nullable(),
  text: z.string(),
  owner: z.string().nullable(),
  due: iso.nullable(),
  done: z.boolean(),
});

/** What needs a manager's attention first, ranked (see needs-attention.ts): at most three. */
export const attentionItemSchema = z.object({
  kind: z.enum(['incident', 'metric', 'update_overdue', 'action_overdue']),
  /** The incident id, metric id or action id. */
  ref: z.string(),
});

/** The daily digest's (or weekly report's) facts. */
export const digestFactsSchema = z.object({
  /** Ranked, most urgent first; the digest opens with these. */
  needsAttention: z.array(attentionItemSchema).default([]),
  /** How many more items would need attention beyond the three listed. */
  moreNeedingAttention: z.number().int().default(0),
  kind: z.enum(['daily', 'weekly']),
  /** The period summarised, [start, end), in VIGIL_TIMEZONE days. */
  periodStart: iso,
  periodEnd: iso,
  /** Local date of the period's first day, YYYY-MM-DD, for the header. */
  label: z.string(),
  timezone: z.string(),
  generatedAt: iso,
  freshness: z.object({
    /** The end of the newest bucket any metric has data for, and the metrics that are stale or broken. */
    completeTo: iso.nullable(),
    stale: z.array(z.string()),
    broken: z.array(z.string()),
  }),
  overall: status,
  metrics: z.array(metricFactSchema),
  incidents: z.object({
    opened: z.number().int(),
    acknowledged: z.number().int(),
    resolved: z.number().int(),
    medianMinutesToAcknowledge: num.nullable(),
    medianMinutesToResolve: num.nullable(),
    /** Open at the period's end, by severity (keys "1".."4"). */
    openBySeverity: z.record(z.string(), z.number().int()),
    /** Incidents opened in the period or open at its end, most severe first. */
    list: z.array(incidentFactSchema),
  }),
  /** Slices behind the period's anomalies, largest impact first. */
  topSlices: z.array(
    z.object({
      metricId: z.string(),
      slice: z.record(z.string(), z.string()),
      observed: num,
      expected: num,
      impact: num.nullable(),
    }),
  ),
  /** Findings of playbooks run in the period. */
  playbookFindings: z.array(
    z.object({
      runId: z.number().int(),
      playbookId: z.string(),
      incidentId: z.number().int().nullable(),
      findings: z.array(z.string()),
    }),
  ),
  actions: z.array(actionFactSchema),
  /** Integrity counts over the period (vigil.yml digest.integrity); null where the query failed. */
  integrity: z.array(z.object({ label: z.string(), unit: unitSchema, value: num.nullable() })).default([]),
  /** The vendor scorecard over the period (vigil.yml digest.vendors), or null when none is set up or it failed. */
  vendors: z
    .object({
      columns: z.array(
        z.object({
          key: z.string(),
          label: z.string(),
          unit: unitSchema,
          /** The column's target and which way is bad (vigil.yml digest.vendors.columns), when set. */
          target: num.nullable().default(null),
          bad: z.enum(['up', 'down']).default('up'),
        }),
      ),
      rows: z.array(z.object({ vendor: z.string(), values: z.record(z.string(), num.nullable()) })),
    })
    .nullable()
    .default(null),
  /** The weekly report's incident trend: this week against the four weeks before it; null in the daily digest. */
  trend: z
    .object({
      thisWeek: z.object({ opened: severityCounts, ...periodIncidentTimes }),
      /** Opened per week by severity (the mean of the four weeks) and the medians over the four weeks pooled. */
      weeksBefore: z.object({ openedPerWeek: severityCounts, ...periodIncidentTimes }),
    })
    .nullable()
    .default(null),
});

/** An incident summary's facts: the incident, its timeline and what the playbooks found. */
export const incidentSummaryFactsSchema = z.object({
  kind: z.literal('incident'),
  generatedAt: iso,
  timezone: z.string(),
  incident: incidentFactSchema,
  metric: metricFactSchema
    .pick({ id: true, title: true, unit: true })
    .extend({ observed: num.nullable(), expected: num.nullable() })
    .nullable(),
  timeline: z.array(z.object({ at: iso, actor: z.string(), kind: z.string(), detail: z.string() })),
  /** What people said on the timeline (pinned or marked messages); the postmortem's facts have it, the summary's not. */
  peopleTimeline: z.array(z.object({ at: iso, author: z.string(), text: z.string() })).optional(),
  /** The detector's evidence beyond observed and expected (the postmortem's impact): the bucket, band and driving slices. */
  evidence: z
    .object({
      bucket: z.string(),
      bandLow: num.nullable(),
      bandHigh: num.nullable(),
      contributors: z.array(z.object({ slice: z.record(z.string(), z.string()), observed: num, expected: num })),
    })
    .nullable()
    .optional(),
  playbookFindings: z.array(
    z.object({ runId: z.number().int(), playbookId: z.string(), findings: z.array(z.string()) }),
  ),
  resolutionNote: z.string().nullable(),
  actions: z.array(actionFactSchema),
});

/** An item that needs attention. */
export type AttentionItem = z.infer<typeof attentionItemSchema>;
/** A status reason code. */
export type StatusReason = z.infer<typeof statusReasonSchema>;
/** A metric in the scorecard. */
export type MetricFact = z.infer<typeof metricFactSchema>;
/** An incident in a summary. */
export type IncidentFact = z.infer<typeof incidentFactSchema>;
/** An action. */
export type ActionFact = z.infer<typeof actionFactSchema>;
/** The digest's facts. */
export type DigestFacts = z.infer<typeof digestFactsSchema>;
/** An incident summary's facts. */
export type IncidentSummaryFacts = z.infer<typeof incidentSummaryFactsSchema>;
/** Either kind of facts. */
export type SummaryFacts = DigestFacts | IncidentSummaryFacts;
