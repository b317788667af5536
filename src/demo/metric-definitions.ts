// The 11 health metrics as SQL over the demo warehouse: what is counted, from which rows, sliced how.
// Slice keys map to these fixed column expressions; values and times are bound by demo-metrics.ts.
import type { MetricId, SliceKey } from './incident-types.ts';

/** Rows of one fact table with the lookups its slices need (LEFT JOINs on unique keys, so PostgreSQL drops unused ones). */
export interface Relation {
  from: string;
  /** The timestamp column the window applies to. */
  time: string;
  where?: string;
  slices: Partial<Record<SliceKey, string>>;
}

/** An aggregate over a relation; `$2` in it means the window's end. */
export interface Aggregate {
  relation: Relation;
  value: string;
}

/** A metric: numerator / denominator x scale, or numerator per hour when there is no denominator. */
export interface MetricDefinition {
  id: MetricId;
  description: string;
  bad: 'up' | 'down';
  numerator: Aggregate;
  denominator?: Aggregate;
  scale?: number;
}

const W = 'warehouse';
const CITY = `LEFT JOIN ${W}.cities c ON c.city_id`;
const ORDERS: Relation = {
  from: `${W}.orders o ${CITY} = o.city_id LEFT JOIN ${W}.merchants m ON m.merchant_id = o.merchant_id`,
  time: 'o.paid_at',
  slices: { city: 'c.slug', category: 'o.category_l2', channel: 'o.channel', merchant_tier: 'm.tier' },
};
const REFUNDS: Relation = {
  from:
    `${W}.refunds r LEFT JOIN ${W}.orders o ON o.order_id = r.order_id ${CITY} = o.city_id ` +
    `LEFT JOIN ${W}.merchants m ON m.merchant_id = o.merchant_id`,
  time: 'r.requested_at',
  slices: ORDERS.slices,
};
const REDEMPTIONS: Relation = {
  from:
    `${W}.redemptions d LEFT JOIN ${W}.orders o ON o.order_id = d.order_id ${CITY} = o.city_id ` +
    `LEFT JOIN ${W}.merchants m ON m.merchant_id = o.merchant_id`,
  time: 'd.attempted_at',
  slices: { ...ORDERS.slices, pos_integration: 'd.pos_integration' },
};
const TICKETS: Relation = {
  from: `${W}.tickets t ${CITY} = t.city_id LEFT JOIN ${W}.vendors v ON v.vendor_id = t.vendor_id`,
  time: 't.created_at',
  slices: { city: 'c.slug', category: 't.category_l2', vendor: 'v.slug', language: 't.language' },
};
const REVIEWS: Relation = {
  from:
    `${W}.reviews rv LEFT JOIN ${W}.merchants m ON m.merchant_id = rv.merchant_id ${CITY} = m.city_id ` +
    `LEFT JOIN ${W}.orders o ON o.order_id = rv.order_id`,
  time: 'rv.created_at',
  slices: { city: 'c.slug', category: 'm.category_l2', merchant_tier: 'm.tier', channel: 'o.channel' },
};
const CASES: Relation = {
  from: `${W}.moderation_cases mc LEFT JOIN ${W}.vendors v ON v.vendor_id = mc.vendor_id`,
  time: 'mc.created_at',
  slices: { vendor: 'v.slug', language: 'mc.language', channel: 'mc.channel' },
};
// QA grades decisions, so its window is when the case was actioned, not when it was audited.
const QA: Relation = {
  from: `${W}.qa_samples q JOIN ${W}.moderation_cases mc ON mc.case_id = q.case_id LEFT JOIN ${W}.vendors v ON v.vendor_id = mc.vendor_id`,
  time: 'mc.actioned_at',
  slices: CASES.slices,
};
const CS_INTERVALS: Relation = {
  from: `${W}.vendor_intervals vi LEFT JOIN ${W}.vendors v ON v.vendor_id = vi.vendor_id`,
  time: 'vi.interval_start',
  where: `vi.queue = 'tickets'`,
  slices: { vendor: 'v.slug', language: 'vi.language' },
};

/** The metric definitions, by id. */
export const METRICS: Readonly<Record<MetricId, MetricDefinition>> = {
  // Refunded amount (USD) requested in the window / GMV (USD) paid in the window.
  refund_rate: {
    id: 'refund_rate',
    description: 'refunded amount / paid GMV',
    bad: 'up',
    numerator: { relation: REFUNDS, value: 'sum(r.amount_usd)' },
    denominator: { relation: ORDERS, value: 'sum(o.gmv_usd)' },
  },
  // Failed redemption attempts / redemption attempts.
  redemption_failure_rate: {
    id: 'redemption_failure_rate',
    description: 'failed redemption attempts / attempts',
    bad: 'up',
    numerator: { relation: REDEMPTIONS, value: 'count(*) FILTER (WHERE NOT d.success)' },
    denominator: { relation: REDEMPTIONS, value: 'count(*)' },
  },
  // Complaint tickets created / orders paid, per 1,000 orders.
  complaint_rate: {
    id: 'complaint_rate',
    description: 'complaint tickets / 1,000 orders',
    bad: 'up',
    scale: 1000,
    numerator: { relation: TICKETS, value: 'count(*) FILTER (WHERE t.is_complaint)' },
    denominator: { relation: ORDERS, value: 'count(*)' },
  },
  // 1-2 star reviews / reviews, both excluding reviews removed as fake.
  negative_review_rate: {
    id: 'negative_review_rate',
    description: '1-2 star reviews / reviews (not removed)',
    bad: 'up',
    numerator: { relation: REVIEWS, value: `count(*) FILTER (WHERE rv.rating <= 2 AND rv.filter_status <> 'removed')` },
    denominator: { relation: REVIEWS, value: `count(*) FILTER (WHERE rv.filter_status <> 'removed')` },
  },
  // Reviews filtered as not recommended or removed / reviews submitted.
  inauthentic_review_share: {
    id: 'inauthentic_review_share',
    description: 'reviews filtered or removed as fake / reviews',
    bad: 'up',
    numerator: {
      relation: REVIEWS,
      value: `count(*) FILTER (WHERE rv.filter_status IN ('not_recommended', 'removed'))`,
    },
    denominator: { relation: REVIEWS, value: 'count(*)' },
  },
  // Merchant-fault cancellations requested / orders paid.
  merchant_cancellation_rate: {
    id: 'merchant_cancellation_rate',
    description: 'merchant-fault cancellations / orders',
    bad: 'up',
    numerator: { relation: REFUNDS, value: `count(*) FILTER (WHERE r.kind = 'cancel' AND r.fault_party = 'merchant')` },
    denominator: { relation: ORDERS, value: 'count(*)' },
  },
  // Weight of correct QA samples / weight of QA samples, for decisions made in the window.
  moderation_qa_accuracy: {
    id: 'moderation_qa_accuracy',
    description: 'weighted correct QA samples / samples',
    bad: 'down',
    numerator: { relation: QA, value: 'sum(q.weight) FILTER (WHERE q.correct)' },
    denominator: { relation: QA, value: 'sum(q.weight)' },
  },
  // Cases actioned within their SLA / cases whose deadline has passed or that were actioned.
  moderation_sla: {
    id: 'moderation_sla',
    description: 'cases actioned within SLA / cases',
    bad: 'down',
    numerator: { relation: CASES, value: 'count(*) FILTER (WHERE mc.actioned_at <= mc.created_at + mc.sla)' },
    denominator: {
      relation: CASES,
      value: 'count(*) FILTER (WHERE mc.actioned_at IS NOT NULL OR mc.created_at + mc.sla < $2)',
    },
  },
  // Tickets with a first human reply within sla_first_reply / tickets whose deadline has passed or that were answered.
  cs_first_response_sla: {
    id: 'cs_first_response_sla',
    description: 'tickets first answered within SLA / tickets',
    bad: 'down',
    numerator: {
      relation: TICKETS,
      value: 'count(*) FILTER (WHERE t.first_human_reply_at <= t.created_at + t.sla_first_reply)',
    },
    denominator: {
      relation: TICKETS,
      value: 'count(*) FILTER (WHERE t.first_human_reply_at IS NOT NULL OR t.created_at + t.sla_first_reply < $2)',
    },
  },
  // CS vendor cost (USD) / contacts handled, over the vendor's 15-minute intervals.
  cost_per_ticket: {
    id: 'cost_per_ticket',
    description: 'CS vendor cost / contacts',
    bad: 'up',
    numerator: { relation: CS_INTERVALS, value: 'sum(vi.cost)' },
    denominator: { relation: CS_INTERVALS, value: 'sum(vi.contacts)' },
  },
  // Orders paid, per hour of the window.
  order_volume: {
    id: 'order_volume',
    description: 'orders / hours in the window',
    bad: 'down',
    numerator: { relation: ORDERS, value: 'count(*)' },
  },
};
