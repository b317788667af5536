// The incident as the pure core sees it: no Slack, no SQL.

/** Where an incident is in its life. */
export type IncidentStatus = 'open' | 'acknowledged' | 'escalated' | 'resolved' | 'reopened';

/** SEV1 (everyone affected) .. SEV4 (minor). */
export type Severity = 1 | 2 | 3 | 4;

/** What a responder or the scheduler can do to an incident. */
export type IncidentAction =
  | { kind: 'acknowledge' }
  | { kind: 'escalate'; reason?: string }
  | { kind: 'resolve'; note: string }
  | { kind: 'reopen'; reason?: string }
  | { kind: 'set_severity'; severity: Severity }
  | { kind: 'assign'; userId: string }
  /** Gives an incident role to a person; the commander is the owner (`assign` by another name). */
  | { kind: 'assign_role'; role: IncidentRole; userId: string }
  /** A status update for the channel and the digest; `nextUpdateAt` null falls back to the severity's cadence. */
  | { kind: 'post_update'; text: string; nextUpdateAt: Date | null };

/** The roles a person can hold on one incident; the commander is the incident's owner. */
export const INCIDENT_ROLES = ['commander', 'comms', 'scribe'] as const;

/** One incident role. */
export type IncidentRole = (typeof INCIDENT_ROLES)[number];

/** The metric evidence a detector attaches when it opens an incident. */
export interface IncidentEvidence {
  metricId: string;
  metricTitle?: string;
  /** The bucket (ISO time) judged anomalous. */
  bucket: string;
  observed: number;
  expected: number;
  bandLow?: number;
  bandHigh?: number;
  /** How to print the values: a ratio prints as a percentage. */
  unit: 'ratio' | 'count' | 'currency' | 'minutes';
  slice: Record<string, string>;
  /** The slices that drive the change, largest first. */
  contributors?: Array<{ slice: Record<string, string>; observed: number; expected: number }>;
  /** Estimated impact in words, e.g. "~3,100 orders, Rp410M refunded". */
  impact?: string;
  reason?: string;
  /** The headline reading was judged on low history: the slice is new, so a shorter baseline with a wider band. */
  lowHistory?: boolean;
  /** A public or Slack-hosted image of the chart, when one was uploaded. */
  chartUrl?: string;
  /** The Slack file id of the uploaded chart PNG (uploadChart); the card shows it through `slack_file: { id }`. */
  chartFileId?: string;
  /** The card's "Likely cause" line: the drill-down's at open, replaced by a playbook's conclusion after a run. */
  likelyCause?: LikelyCause;
  /** Related metrics (catalog `related:`) anomalous in the same or a related slice while this incident is open. */
  alsoMoving?: Array<{
    metricId: string;
    metricTitle: string;
    slice: Record<string, string>;
    observed: number;
    expected: number;
    unit: 'ratio' | 'count' | 'currency' | 'minutes';
  }>;
}

/** A likely cause in plain words, and the slice it names (empty when no single slice stands out). */
export interface LikelyCause {
  elements: Record<string, string>;
  /** One sentence in the units and local times users read. */
  text: string;
  source: 'drill-down' | 'playbook';
  /** The playbook whose conclusion this is (source playbook). */
  playbook?: string;
}

/** An incident row. */
export interface Incident {
  id: number;
  dedupKey: string | null;
  title: string;
  severity: Severity;
  status: IncidentStatus;
  metricId: string | null;
  slice: Record<string, string>;
  evidence: IncidentEvidence | null;
  channelId: string | null;
  channelName: string | null;
  cardTs: string | null;
  /** The owner, who is also the incident commander. */
  ownerUserId: string | null;
  /** Who holds the comms role (status updates to stakeholders); absent or null: nobody. */
  commsUserId?: string | null;
  /** Who holds the scribe role (keeps the timeline); absent or null: nobody. */
  scribeUserId?: string | null;
  openedBy: string;
  openedAt: Date;
  acknowledgedAt: Date | null;
  acknowledgedBy: string | null;
  resolvedAt: Date | null;
  /** When it was last reopened (the escalation policy starts again from here). */
  reopenedAt: Date | null;
  resolvedBy: string | null;
  resolutionNote: string | null;
  /** How many pages the escalation policy has sent so far. */
  escalationLevel: number;
  /** When the latest status update was posted. */
  lastUpdateAt: Date | null;
  /** When the next status update was promised (null: the severity's cadence decides). */
  nextUpdateAt: Date | null;
}

/** One timeline entry (incident_events row). */
export interface IncidentEvent {
  at: Date;
  actor: string;
  kind: string;
  fromStatus: string | null;
  toStatus: string | null;
  detail: Record<string, unknown>;
}

/** A message a person put on an incident's timeline (pinned, marked with the timeline emoji, or by a shortcut). */
export interface TimelineMessage {
  incidentId: number;
  channelId: string;
  messageTs: string;
  /** Who wrote the message. */
  author: string;
  text: string;
  postedAt: Date;
  /** Who put it on the timeline first. */
  addedBy: string;
  /** What keeps it there: `pin`, `reaction:<user>`, `shortcut:<user>`. */
  marks: string[];
  /** The message's link (chat.getPermalink), when vigil got one. */
  permalink?: string;
}
