// Mapping between incident rows (snake_case SQL) and the core's Incident (camelCase).
import type { Incident, IncidentEvidence, IncidentStatus, Severity } from './incident-types.ts';

/** Columns of `incidents` that the core may change, by Incident field. */
export const CHANGEABLE_COLUMNS: Partial<Record<keyof Incident, string>> = {
  title: 'title',
  severity: 'severity',
  status: 'status',
  evidence: 'evidence',
  channelId: 'channel_id',
  channelName: 'channel_name',
  cardTs: 'card_ts',
  ownerUserId: 'owner_user_id',
  commsUserId: 'comms_user_id',
  scribeUserId: 'scribe_user_id',
  acknowledgedAt: 'acknowledged_at',
  acknowledgedBy: 'acknowledged_by',
  resolvedAt: 'resolved_at',
  resolvedBy: 'resolved_by',
  resolutionNote: 'resolution_note',
  reopenedAt: 'reopened_at',
  escalationLevel: 'escalation_level',
  lastUpdateAt: 'last_update_at',
  nextUpdateAt: 'next_update_at',
};

/** An Incident from a `SELECT * FROM incidents` row. */
export function rowToIncident(r: Record<string, unknown>): Incident {
  return {
    id: Number(r.id),
    dedupKey: (r.dedup_key as string | null) ?? null,
    title: r.title as string,
    severity: Number(r.severity) as Severity,
    status: r.status as IncidentStatus,
    metricId: (r.metric_id as string | null) ?? null,
    slice: (r.slice as Record<string, string>) ?? {},
    evidence: (r.evidence as IncidentEvidence | null) ?? null,
    channelId: (r.channel_id as string | null) ?? null,
    channelName: (r.channel_name as string | null) ?? null,
    cardTs: (r.card_ts as string | null) ?? null,
    ownerUserId: (r.owner_user_id as string | null) ?? null,
    commsUserId: (r.comms_user_id as string | null) ?? null,
    scribeUserId: (r.scribe_user_id as string | null) ?? null,
    openedBy: r.opened_by as string,
    openedAt: r.opened_at as Date,
    acknowledgedAt: (r.acknowledged_at as Date | null) ?? null,
    acknowledgedBy: (r.acknowledged_by as string | null) ?? null,
    resolvedAt: (r.resolved_at as Date | null) ?? null,
    reopenedAt: (r.reopened_at as Date | null) ?? null,
    resolvedBy: (r.resolved_by as string | null) ?? null,
    resolutionNote: (r.resolution_note as string | null) ?? null,
    escalationLevel: Number(r.escalation_level ?? 0),
    lastUpdateAt: (r.last_update_at as Date | null) ?? null,
    nextUpdateAt: (r.next_update_at as Date | null) ?? null,
  };
}

/** `SET a = $2, b = $3 ...` for the changed fields (ids start after `offset`), with their values. */
export function updateSet(changes: Partial<Incident>, offset: number): { sql: string; values: unknown[] } {
  const parts: string[] = [];
  const values: unknown[] = [];
  for (const [field, value] of Object.entries(changes)) {
    const column = CHANGEABLE_COLUMNS[field as keyof Incident];
    if (!column) throw new Error(`incident field ${field} cannot be changed`);
    values.push(column === 'evidence' && value !== null ? JSON.stringify(value) : value);
    parts.push(`${column} = $${offset + values.length}`);
  }
  parts.push('updated_at = now()');
  return { sql: parts.join(', '), values };
}
