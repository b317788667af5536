// Which incident a new anomaly (a group of firing slices of one metric) belongs to: one problem, one incident. Pure.
//
// The rule, first that applies (ties: the closer slice relation, then the newer incident):
// 1. join: an open incident of the same metric whose slices (its own and its affected slices) include one
//    related to the anomaly's: the same slice, a parent, a child, or a sibling (same keys differing in one
//    value, or sharing at least one key=value); or, in another dimension, when the anomaly moves in the
//    incident's buckets: its first anomalous bucket lies within the incident's anomalous span, from one bucket
//    before its first anomalous bucket to one bucket after its last.
// 2. also moving: an open incident of a related metric (the catalog's symmetric `related:`) whose slices
//    include the anomaly's slice, a parent, a child or a sibling of it, unless the anomaly is SEV1 by itself.
//    The live problem comes before an older one of the anomaly's own metric (complaints rising again during a
//    refund spike join the spike, not the complaints incident resolved that morning).
// 3. reopen: as in 1, for an incident of the same metric resolved within `reopenWithinMs`.
// 4. also moving after the resolve: as in 2, for a related incident resolved within `reopenWithinMs`, which is
//    reopened (a symptom that lags its cause, such as complaints after a redemption outage, stays in its incident).
// 5. open: a new incident.

/** How one slice relates to another, closest first. */
export type SliceRelation = 'same' | 'parent' | 'child' | 'sibling' | 'same_buckets';

const RANK: Record<SliceRelation, number> = { same: 0, child: 1, parent: 2, sibling: 3, same_buckets: 4 };

/** An incident the anomaly may belong to, as the store reads it; times are epoch ms. */
export interface IncidentCandidate {
  id: number;
  metricId: string;
  open: boolean;
  /** When it was resolved (null while open). */
  resolvedAt: number | null;
  /** The incident's slice first, then its affected slices. */
  slices: ReadonlyArray<Readonly<Record<string, string>>>;
  /** The first and last buckets the detector found it anomalous in (null: none recorded). */
  anomalySince: number | null;
  lastAnomaly: number | null;
}

/** The new anomaly: its metric, slices (the group's and its members'), first and last anomalous buckets, severity. */
export interface NewAnomaly {
  metricId: string;
  slices: ReadonlyArray<Readonly<Record<string, string>>>;
  start: number;
  severity: number;
}

/** What matching needs besides the candidates. */
export interface MatchPolicy {
  now: number;
  /** The anomaly's metric's bucket length. */
  bucketMs: number;
  reopenWithinMs: number;
  /** The metrics related to the anomaly's (symmetric, without itself). */
  related: readonly string[];
}

/** The decision: join, reopen or add as "also moving" to `incidentId`, or open a new incident. */
export type IncidentMatch =
  | { kind: 'join' | 'reopen'; incidentId: number; relation: SliceRelation }
  | { kind: 'also_moving'; incidentId: number; relation: SliceRelation; reopen: boolean }
  | { kind: 'open' };

/** How `a` relates to `b` by their key=value pairs alone (a "parent" fixes fewer keys), or null when unrelated. */
export function sliceRelation(
  a: Readonly<Record<string, string>>,
  b: Readonly<Record<string, string>>,
): Exclude<SliceRelation, 'same_buckets'> | null {
  const ak = Object.keys(a);
  const bk = Object.keys(b);
  const shared = ak.filter((k) => b[k] === a[k]).length;
  if (shared === ak.length && shared === bk.length) return 'same';
  if (shared === ak.length) return 'parent';
  if (shared === bk.length) return 'child';
  if (shared > 0) return 'sibling';
  const sameKeys = ak.length === bk.length && ak.every((k) => k in b);
  if (sameKeys && ak.filter((k) => b[k] !== a[k]).length === 1) return 'sibling';
  return null;
}

// The closest relation between any slice of the anomaly and any slice of the incident.
function closest(anomaly: NewAnomaly, c: IncidentCandidate): Exclude<SliceRelation, 'same_buckets'> | null {
  let best: Exclude<SliceRelation, 'same_buckets'> | null = null;
  for (const a of anomaly.slices)
    for (const s of c.slices) {
      const r = sliceRelation(a, s);
      if (r && (best === null || RANK[r] < RANK[best])) best = r;
    }
  return best;
}

// The anomaly started moving within the incident's anomalous span (one bucket of slack either side).
function inSameBuckets(anomaly: NewAnomaly, c: IncidentCandidate, bucketMs: number): boolean {
  if (c.lastAnomaly === null) return false;
  const since = c.anomalySince ?? c.lastAnomaly;
  return anomaly.start >= since - bucketMs && anomaly.start <= c.lastAnomaly + bucketMs;
}

/** Decides which incident the anomaly belongs to (see the rule at the top of this file). */
export function matchIncident(
  anomaly: NewAnomaly,
  candidates: readonly IncidentCandidate[],
  policy: MatchPolicy,
): IncidentMatch {
  const found: Array<Exclude<IncidentMatch, { kind: 'open' }>> = [];
  const recent = (c: IncidentCandidate) => c.resolvedAt !== null && policy.now - c.resolvedAt <= policy.reopenWithinMs;
  for (const c of candidates) {
    const structural = closest(anomaly, c);
    if (c.metricId === anomaly.metricId) {
      const relation = structural ?? (inSameBuckets(anomaly, c, policy.bucketMs) ? 'same_buckets' : null);
      if (relation === null) continue;
      if (c.open) found.push({ kind: 'join', incidentId: c.id, relation });
      else if (recent(c)) found.push({ kind: 'reopen', incidentId: c.id, relation });
    } else if (policy.related.includes(c.metricId) && structural !== null && anomaly.severity !== 1) {
      if (c.open || recent(c))
        found.push({ kind: 'also_moving', incidentId: c.id, relation: structural, reopen: !c.open });
    }
  }
  const order = (m: (typeof found)[number]) =>
    m.kind === 'join' ? 0 : m.kind === 'also_moving' ? (m.reopen ? 3 : 1) : 2;
  found.sort((x, y) => order(x) - order(y) || RANK[x.relation] - RANK[y.relation] || y.incidentId - x.incidentId);
  return found[0] ?? { kind: 'open' };
}
