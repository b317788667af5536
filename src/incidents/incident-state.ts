// The incident state machine: what each action does to an incident, or why it is refused. Pure.
//
// | action       | allowed from                           | to            | refused with                                  |
// |--------------|----------------------------------------|---------------|-----------------------------------------------|
// | acknowledge  | open, escalated, reopened              | acknowledged  | acknowledged: vigil_incident_already_acknowledged; resolved: vigil_incident_resolved |
// | escalate     | open, acknowledged, escalated, reopened| escalated     | resolved: vigil_incident_resolved             |
// | resolve      | every state but resolved (note needed) | resolved      | resolved: vigil_incident_already_resolved; blank note: vigil_incident_note_required |
// | reopen       | resolved                               | reopened      | any other: vigil_incident_not_resolved        |
// | set_severity | every state but resolved               | (unchanged)   | same severity: vigil_incident_same_severity; resolved: vigil_incident_resolved |
// | assign       | every state but resolved               | (unchanged)   | same owner: vigil_incident_already_owner; blank id: vigil_incident_assignee_required; resolved: vigil_incident_resolved |
// | assign_role  | every state but resolved               | (unchanged)   | same holder: vigil_incident_role_unchanged; blank id: vigil_incident_role_holder_required; resolved: vigil_incident_resolved |
// | post_update  | every state but resolved               | (unchanged)   | blank text: vigil_incident_update_text_required; next update not after now: vigil_incident_next_update_past; resolved: vigil_incident_resolved |
//
// Acknowledging an incident without an owner makes the acknowledging person its owner (the commander role).
// acknowledgedAt/By record the first acknowledgement only: acknowledging again after an escalation
// or a reopen moves the status but keeps the time to acknowledge measured against the first page.
// Reopen clears resolvedAt/By and the note (the resolved event keeps them, and the reopened event
// copies them into its detail) and keeps openedAt, so time to resolve counts the whole incident.
import type { Incident, IncidentAction, IncidentStatus, Severity } from './incident-types.ts';
import { assignIncidentRole } from './assign-incident-role.ts';

/** A timeline event produced by a transition; detail is JSON-serialisable. */
export interface IncidentTransitionEvent {
  kind: string;
  fromStatus: IncidentStatus;
  toStatus: IncidentStatus;
  detail: Record<string, unknown>;
}

/** An accepted action: the fields to save and the event to record. */
export interface TransitionResult {
  ok: true;
  changes: Partial<Incident>;
  event: IncidentTransitionEvent;
}

/** A refused action: a stable code, what is wrong, and what to do instead. */
export interface TransitionRefusal {
  ok: false;
  code: string;
  message: string;
  hint: string;
}

/** Whether an incident in this status still needs attention (anything but resolved). */
export function isOpen(status: IncidentStatus): boolean {
  return status !== 'resolved';
}

/** Seconds from opening to the first acknowledgement, or null when never acknowledged. */
export function timeToAcknowledgeSeconds(incident: Pick<Incident, 'openedAt' | 'acknowledgedAt'>): number | null {
  return incident.acknowledgedAt ? secondsBetween(incident.openedAt, incident.acknowledgedAt) : null;
}

/** Seconds from opening to resolution, or null while unresolved. */
export function timeToResolveSeconds(incident: Pick<Incident, 'openedAt' | 'resolvedAt'>): number | null {
  return incident.resolvedAt ? secondsBetween(incident.openedAt, incident.resolvedAt) : null;
}

/** The action kinds applyAction would accept in this status (button visibility follows this). */
export function allowedActionKinds(status: IncidentStatus): Array<IncidentAction['kind']> {
  if (status === 'resolved') return ['reopen'];
  const kinds: Array<IncidentAction['kind']> = status === 'acknowledged' ? [] : ['acknowledge'];
  return [...kinds, 'escalate', 'resolve', 'set_severity', 'assign', 'assign_role', 'post_update'];
}

/** Applies an action by `actor` at `now`; never throws for a refused action. */
export function applyAction(
  incident: Incident,
  action: IncidentAction,
  actor: string,
  now: Date,
): TransitionResult | TransitionRefusal {
  const from = incident.status;
  const ref = `Incident #${incident.id}`;
  if (action.kind === 'reopen') {
    if (from !== 'resolved')
      return refuse(
        'vigil_incident_not_resolved',
        `${ref} is ${from}, not resolved, so there is nothing to reopen.`,
        'Only a resolved incident can be reopened.',
      );
    const detail = {
      reason: action.reason ?? null,
      previous_resolved_at: iso(incident.resolvedAt),
      previous_resolved_by: incident.resolvedBy,
      previous_resolution_note: incident.resolutionNote,
    };
    return accept(
      from,
      'reopened',
      'reopened',
      { resolvedAt: null, resolvedBy: null, resolutionNote: null, reopenedAt: now },
      detail,
    );
  }
  if (from === 'resolved') {
    if (action.kind === 'resolve')
      return refuse(
        'vigil_incident_already_resolved',
        `${ref} was already resolved by ${who(incident.resolvedBy)} at ${utc(incident.resolvedAt)}.`,
        'Nothing to do. Reopen it first if the problem is back.',
      );
    return refuse(
      'vigil_incident_resolved',
      `${ref} is resolved, so it cannot be ${PAST[action.kind]}.`,
      'Reopen it first if the problem is back.',
    );
  }
  switch (action.kind) {
    case 'acknowledge': {
      if (from === 'acknowledged') {
        return refuse(
          'vigil_incident_already_acknowledged',
          `${ref} was already acknowledged by ${who(incident.acknowledgedBy)} at ${utc(incident.acknowledgedAt)}.`,
          'Nothing to do: someone is on it. Escalate if more help is needed.',
        );
      }
      const first = incident.acknowledgedAt === null;
      const changes: Partial<Incident> = first ? { acknowledgedAt: now, acknowledgedBy: actor } : {};
      // Whoever acknowledges an unowned incident owns it (a person; not the scheduler or a detector).
      if (incident.ownerUserId === null && /^[UW][A-Z0-9]{2,}$/.test(actor)) changes.ownerUserId = actor;
      const ackAt = incident.acknowledgedAt ?? now;
      return accept(from, 'acknowledged', 'acknowledged', changes, {
        first_acknowledgement: first,
        time_to_acknowledge_s: secondsBetween(incident.openedAt, ackAt),
      });
    }
    case 'escalate': {
      const level = incident.escalationLevel + 1;
      return accept(
        from,
        'escalated',
        'escalated',
        { escalationLevel: level },
        { from_level: incident.escalationLevel, to_level: level, reason: action.reason ?? null },
      );
    }
    case 'resolve': {
      const note = (action.note ?? '').trim();
      if (note === '')
        return refuse(
          'vigil_incident_note_required',
          `Resolving ${ref} needs a note saying what fixed it.`,
          'Add a short resolution note, e.g. "rolled back the refund rule".',
        );
      const changes: Partial<Incident> = { resolvedAt: now, resolvedBy: actor, resolutionNote: note };
      return accept(from, 'resolved', 'resolved', changes, {
        note,
        time_to_resolve_s: secondsBetween(incident.openedAt, now),
        time_to_acknowledge_s: timeToAcknowledgeSeconds(incident),
      });
    }
    case 'set_severity': {
      if (action.severity === incident.severity)
        return refuse(
          'vigil_incident_same_severity',
          `${ref} is already ${sev(incident.severity)}.`,
          'Pick a different severity, SEV1 (most severe) to SEV4.',
        );
      return accept(
        from,
        from,
        'severity_changed',
        { severity: action.severity },
        { from_severity: incident.severity, to_severity: action.severity },
      );
    }
    case 'assign': {
      const userId = (action.userId ?? '').trim();
      if (userId === '')
        return refuse(
          'vigil_incident_assignee_required',
          `Assigning ${ref} needs a person.`,
          'Mention the new owner, e.g. `@alice`.',
        );
      if (userId === incident.ownerUserId)
        return refuse(
          'vigil_incident_already_owner',
          `${who(userId)} already owns ${ref}.`,
          'Nothing to do. Assign someone else to hand it over.',
        );
      return accept(
        from,
        from,
        'assigned',
        { ownerUserId: userId },
        { from_owner: incident.ownerUserId, to_owner: userId },
      );
    }
    case 'assign_role': {
      const result = assignIncidentRole(incident, action.role, action.userId ?? '');
      if (!result.ok) return refuse(result.code, result.message, result.hint);
      return accept(from, from, 'role_assigned', result.changes, result.detail);
    }
    case 'post_update': {
      const text = (action.text ?? '').trim();
      if (text === '')
        return refuse(
          'vigil_incident_update_text_required',
          `An update on ${ref} needs a text.`,
          'Say where things stand, e.g. "merchants suspended, refunds going out".',
        );
      if (action.nextUpdateAt !== null && action.nextUpdateAt <= now) {
        return refuse(
          'vigil_incident_next_update_past',
          `The next update on ${ref} must be later than now (got ${utc(action.nextUpdateAt)}).`,
          'Give a time ahead, e.g. `next=30m` or `next=14:00`.',
        );
      }
      return accept(
        from,
        from,
        'update',
        { lastUpdateAt: now, nextUpdateAt: action.nextUpdateAt },
        { text, next_update_at: iso(action.nextUpdateAt) },
      );
    }
  }
}

const PAST: Record<IncidentAction['kind'], string> = {
  acknowledge: 'acknowledged',
  escalate: 'escalated',
  resolve: 'resolved',
  reopen: 'reopened',
  set_severity: 'given a new severity',
  assign: 'assigned',
  assign_role: 'given a role holder',
  post_update: 'updated',
};

function accept(
  from: IncidentStatus,
  to: IncidentStatus,
  kind: string,
  changes: Partial<Incident>,
  detail: Record<string, unknown>,
): TransitionResult {
  const withStatus = from === to ? changes : { status: to, ...changes };
  return { ok: true, changes: withStatus, event: { kind, fromStatus: from, toStatus: to, detail } };
}

function refuse(code: string, message: string, hint: string): TransitionRefusal {
  return { ok: false, code, message, hint };
}

function secondsBetween(from: Date, to: Date): number {
  // Clocks of different replicas can disagree by a little; a negative duration means "at once".
  return Math.max(0, Math.round((to.getTime() - from.getTime()) / 1000));
}

function sev(severity: Severity): string {
  return `SEV${severity}`;
}

// Slack user ids render as mentions; other actors (the scheduler, a detector) as plain words.
function who(actor: string | null): string {
  if (actor === null) return 'someone';
  return /^[UW][A-Z0-9]{2,}$/.test(actor)
    ? `<@${actor}>`
    : actor.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function iso(date: Date | null): string | null {
  return date ? date.toISOString() : null;
}

function utc(date: Date | null): string {
  return date ? `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC` : 'an unknown time';
}
