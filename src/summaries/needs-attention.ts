// What a manager must look at first, ranked: open SEV1 incidents, red metrics not already explained by
// an open SEV1/SEV2 on them, open SEV2 incidents, overdue incident updates, overdue actions. At most
// MAX_ATTENTION are listed; the rest are counted. Pure.
import type { AttentionItem, DigestFacts } from './digest-facts-schema.ts';

/** Items the digest lists before its scorecard. */
export const MAX_ATTENTION = 3;

type Sources = Pick<DigestFacts, 'metrics' | 'incidents' | 'actions' | 'generatedAt'>;

const isOpen = (status: string) => status !== 'resolved';

// A red metric ranks by how far it is from what is usual, relative to it: the worst first.
function redMetrics(f: Sources, coveredByIncident: ReadonlySet<string>): AttentionItem[] {
  const distance = (m: Sources['metrics'][number]) =>
    m.value !== null && m.expected ? Math.abs(m.value / m.expected - 1) : 0;
  return f.metrics
    .filter((m) => m.status === 'red' && !coveredByIncident.has(m.id))
    .sort((a, b) => distance(b) - distance(a))
    .map((m) => ({ kind: 'metric', ref: m.id }));
}

/** Every item that needs attention, most urgent first (the digest shows the first MAX_ATTENTION). */
export function rankAttention(f: Sources): AttentionItem[] {
  const open = f.incidents.list.filter((i) => isOpen(i.status));
  const severe = open.filter((i) => i.severity <= 2);
  const covered = new Set(severe.flatMap((i) => (i.metricId ? [i.metricId] : [])));
  const listed = new Set(severe.map((i) => i.id));
  const incident = (sev: number): AttentionItem[] =>
    severe.filter((i) => i.severity === sev).map((i) => ({ kind: 'incident', ref: String(i.id) }));
  // A SEV1/SEV2 item already says when its next update is due, so its overdue update is not listed twice.
  const overdueUpdates: AttentionItem[] = open
    .filter((i) => !listed.has(i.id) && i.nextUpdateAt !== null && i.nextUpdateAt <= f.generatedAt)
    .map((i) => ({ kind: 'update_overdue', ref: String(i.id) }));
  const overdueActions: AttentionItem[] = f.actions
    .filter((a) => !a.done && a.due !== null && a.due <= f.generatedAt)
    .sort((a, b) => a.due!.localeCompare(b.due!))
    .map((a) => ({ kind: 'action_overdue', ref: String(a.id) }));
  return [...incident(1), ...redMetrics(f, covered), ...incident(2), ...overdueUpdates, ...overdueActions];
}

/** The listed items and how many more there are. */
export function needsAttention(f: Sources): { needsAttention: AttentionItem[]; moreNeedingAttention: number } {
  const all = rankAttention(f);
  return { needsAttention: all.slice(0, MAX_ATTENTION), moreNeedingAttention: Math.max(0, all.length - MAX_ATTENTION) };
}
