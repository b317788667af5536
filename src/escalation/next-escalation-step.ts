// Plans the next step of the escalation policy for one incident: a pure function of its state and now.
import type { EscalationPolicy } from '../config/escalation-schema.ts';

/** The parts of an incident the escalation planner reads. */
export interface EscalationState {
  /** 1 (SEV1) .. 4; another number uses the policy's ack_timeout_minutes. */
  severity: number;
  status: 'open' | 'acknowledged' | 'escalated' | 'resolved' | 'reopened';
  openedAt: Date;
  /** When it was last reopened: the policy runs again from then, and an acknowledgement before it no longer counts. */
  reopenedAt?: Date | null;
  acknowledgedAt: Date | null;
  /** Pages to the secondary sent so far; the caller stores the `page` of each page_secondary step here. */
  escalationLevel: number;
  /** When the last page went out; without it the page is assumed to have gone out on schedule. */
  lastPagedAt?: Date | null;
  /** When the post in channels.escalation went out; once set, the policy has run its course. */
  escalationPostedAt?: Date | null;
}

/** What to do now: nothing ever again, nothing until `dueAt`, or one step (which fell due at `dueAt`). */
export type EscalationStep =
  | { kind: 'none' }
  | { kind: 'wait'; dueAt: Date }
  | { kind: 'page_secondary'; page: number; dueAt: Date; skipped: number }
  | { kind: 'post_escalation_channel'; dueAt: Date; skipped: number };

const MINUTE_MS = 60_000;

/** The ack timeout for a severity: by_severity when set, else ack_timeout_minutes. */
export function ackTimeoutMinutes(policy: EscalationPolicy, severity: number): number {
  return policy.by_severity[String(severity) as '1' | '2' | '3' | '4'] ?? policy.ack_timeout_minutes;
}

/**
 * The next escalation step for `incident` at `now`. Total: every input gives one answer.
 *
 * - `none` once the incident is acknowledged (acknowledgedAt set or status acknowledged), resolved,
 *   or escalated to the channel already. Status `escalated` does not stop the pages; an ack does.
 * - Schedule, with T the ack timeout for the severity and R = repeat_every_minutes:
 *   page 1 at openedAt + T; page n+1 at (lastPagedAt of page n) + R, up to max_pages;
 *   the channel post R after the last page (at openedAt + T when max_pages is 0); then none.
 * - `wait` until the next step's due time while it lies ahead.
 * - Catch-up (the process was down, `now` is past several due times): only the latest step that
 *   is due by now is returned, never a burst. The steps passed over are not sent; `skipped`
 *   counts them so the message can say so. If the channel post is due, it wins over any page.
 *   The next step is then spaced from when the caller actually sent this one (lastPagedAt).
 * - `now` before `openedAt` (clock skew) simply waits.
 *
 * The caller sends the step, stores escalationLevel = page and lastPagedAt (or
 * escalationPostedAt), and calls again; `wait.dueAt` is the timer to store.
 */
export function nextEscalationStep(policy: EscalationPolicy, incident: EscalationState, now: Date): EscalationStep {
  const start = incident.reopenedAt ?? incident.openedAt;
  const acked = incident.acknowledgedAt !== null && incident.acknowledgedAt.getTime() >= start.getTime();
  if (incident.status === 'resolved' || incident.status === 'acknowledged' || acked) return { kind: 'none' };
  if (incident.escalationPostedAt) return { kind: 'none' };
  const timeout = ackTimeoutMinutes(policy, incident.severity) * MINUTE_MS;
  const repeat = policy.repeat_every_minutes * MINUTE_MS;
  const maxPages = policy.max_pages;
  // A level above max_pages (the policy shrank since) means every page has gone out.
  const sent = Math.min(Math.max(Math.floor(incident.escalationLevel), 0), maxPages);
  const firstDue = start.getTime() + timeout;
  const lastPaged = incident.lastPagedAt?.getTime() ?? firstDue + (sent - 1) * repeat;
  const due = sent === 0 ? firstDue : lastPaged + repeat;
  if (now.getTime() < due) return { kind: 'wait', dueAt: new Date(due) };

  // Steps numbered from 1: pages 1..maxPages, then maxPages + 1 is the channel post.
  const behind = Math.floor((now.getTime() - due) / repeat);
  const step = Math.min(sent + 1 + behind, maxPages + 1);
  const skipped = step - (sent + 1);
  const dueAt = new Date(due + skipped * repeat);
  if (step <= maxPages) return { kind: 'page_secondary', page: step, dueAt, skipped };
  return { kind: 'post_escalation_channel', dueAt, skipped };
}
