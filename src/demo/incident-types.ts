// The ground truth of the demo: which incidents were injected, and the knobs each one turns.

/** The kinds of incident the demo injects. */
export const INCIDENT_KINDS = [
  'refund_spike',
  'redemption_failure',
  'fake_review_burst',
  'moderation_qa_drop',
  'cs_sla_breach',
  'external_shock',
  'slow_drift',
] as const;
/** One of INCIDENT_KINDS. */
export type IncidentKind = (typeof INCIDENT_KINDS)[number];

/** The metric ids the demo's metric definitions cover (demo-metrics.ts). */
export const METRIC_IDS = [
  'refund_rate',
  'redemption_failure_rate',
  'complaint_rate',
  'negative_review_rate',
  'inauthentic_review_share',
  'merchant_cancellation_rate',
  'moderation_qa_accuracy',
  'moderation_sla',
  'cs_first_response_sla',
  'cost_per_ticket',
  'order_volume',
] as const;
/** One of METRIC_IDS. */
export type MetricId = (typeof METRIC_IDS)[number];

/** The dimensions a slice may fix. */
export const SLICE_KEYS = [
  'city',
  'category',
  'channel',
  'merchant_tier',
  'vendor',
  'language',
  'pos_integration',
] as const;
/** One of SLICE_KEYS. */
export type SliceKey = (typeof SLICE_KEYS)[number];

/** One injected incident as written to the labels file and warehouse.injected_incidents. */
export interface InjectedIncident {
  id: string;
  kind: string;
  metric: string;
  slice: Record<string, string>;
  /** ISO timestamps; the window is [start, end). */
  start: string;
  end: string;
  cause: string;
}

/** A time window in epoch seconds, [start, end). */
export interface Window {
  start: number;
  end: number;
}

/** What an incident does to the generated data, read by the generators through Effects. */
export type IncidentEffect =
  | { kind: 'refund_spike'; window: Window; cityIdx: number; catIdx: number; ringMerchantIds: number[] }
  | { kind: 'redemption_failure'; window: Window; pos: string; failProb: number }
  | {
      kind: 'fake_review_burst';
      window: Window;
      cityIdx: number;
      catIdx: number;
      merchantIds: number[];
      perMerchantPerDay: number;
      accounts: number;
      devices: string[];
      ips: string[];
      textHashes: string[];
      firstAccountId: number;
    }
  | { kind: 'moderation_qa_drop'; window: Window; vendorId: number; language: string; accuracy: number }
  | {
      kind: 'cs_sla_breach';
      window: Window;
      vendorId: number;
      language: string | null;
      replyMultiplier: number;
      staffing: number;
    }
  | { kind: 'external_shock'; window: Window; cityIdx: number; volumeFactor: number; complaintRate: number }
  | {
      kind: 'slow_drift';
      window: Window;
      cityIdx: number;
      catIdx: number;
      metric: 'merchant_cancellation_rate' | 'negative_review_rate';
      peak: number;
    };

/** Time as an ISO string, as labels carry it. */
export function isoOf(t: number): string {
  return new Date(t * 1000).toISOString();
}
