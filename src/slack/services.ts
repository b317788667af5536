// The services slash commands and buttons call: narrow interfaces over the stores, never the pool; built in the
// composition root (src/app/command-services.ts).
import type pg from 'pg';
import type { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import type { Config } from '../config/load-config.ts';
import type { Health } from '../http/check-health.ts';
import type { IncidentService } from '../incidents/incident-service.ts';
import type { Action, PermissionDenied } from '../auth/check-permission.ts';
import type { OncallOverride } from '../oncall/on-call-timeline.ts';
import type { RotaInForce } from '../oncall/calendar-rota.ts';
import type { PlaybookService } from '../playbooks/playbook-service-types.ts';
import type { SchedulerHistory } from '../scheduler/run-history.ts';
import type { Action as FollowUpAction, NewAction } from '../summaries/actions-store.ts';
import type { StoredDigest } from '../summaries/digest-store.ts';
import type { IncidentSummaryOutcome } from '../summaries/post-incident-summary.ts';
import type { DigestOutcome, DigestRequest } from '../summaries/run-digest.ts';
import type { PostmortemOutcome } from '../summaries/write-postmortem.ts';
import type { MetricMute } from '../watch/metric-mutes.ts';
import type { FirstDelivery } from './record-deliveries.ts';

/** Follow-up actions (`/incident action`), stamped with the clock; unknown or done ones are VigilErrors. */
export interface ActionsService {
  add(input: NewAction): Promise<FollowUpAction>;
  complete(id: number): Promise<FollowUpAction>;
}

/** The rota in force and on-call overrides (`/oncall`). */
export interface OncallService {
  /** vigil.yml's rotation, or the iCalendar rota's shifts around `now` (oncall.ical_url). */
  inForce(now: Date): Promise<RotaInForce>;
  activeOverrides(now: Date): Promise<OncallOverride[]>;
  addOverride(override: OncallOverride): Promise<void>;
}

/** Metric mutes (`/vigil mute`). */
export interface MutesService {
  active(now: Date): Promise<MetricMute[]>;
  mute(mute: MetricMute): Promise<void>;
  /** Removes every mute of the metric; returns how many there were. */
  unmute(metricId: string): Promise<number>;
}

/** The audit log: who did what to what. */
export interface AuditLog {
  record(actor: string, action: string, target: string | null, detail?: Record<string, unknown>): Promise<void>;
}

/** What `/vigil status` reads besides health. */
export interface StatusService {
  openIncidents(): Promise<{ open: number; paging: number }>;
  runHistory(): Promise<SchedulerHistory>;
}

/** Where a command's Slack work goes: its logger, and the bot's client (absent: nothing is posted). */
export interface CommandOutput {
  logger: Logger;
  client?: WebClient;
}

/** The daily digest and weekly report on demand (`/digest`). */
export interface DigestsService {
  /** Null when the user may post digests, else the refusal to show (audited). */
  mayPost(userId: string, target: string): Promise<string | null>;
  run(req: DigestRequest, out: CommandOutput): Promise<DigestOutcome>;
}

/** Incident summaries and postmortems on demand (`/incident summary`, `/incident postmortem`). */
export interface SummariesService {
  postIncidentSummary(incidentId: number, requestedBy: string, out: CommandOutput): Promise<IncidentSummaryOutcome>;
  writePostmortem(incidentId: number, requestedBy: string, out: CommandOutput): Promise<PostmortemOutcome>;
}

/** What the App Home reads besides incidents and on call: the viewer's open actions and the latest digest. */
export interface HomeService {
  openActionsOf(userId: string): Promise<FollowUpAction[]>;
  latestDigest(): Promise<StoredDigest | undefined>;
}

/** Everything a command handler may use. */
export interface Services {
  config: Config;
  incidents: IncidentService;
  actions: ActionsService;
  oncall: OncallService;
  mutes: MutesService;
  audit: AuditLog;
  status: StatusService;
  digests: DigestsService;
  summaries: SummariesService;
  /** The App Home's reads (wireSlack always sets it). */
  home?: HomeService;
  /** Whether a delivery is the first (Slack's retries and replays are answered once). */
  firstDelivery: FirstDelivery;
  health: () => Promise<Health>;
  clock: () => Date;
  /** The Slack user groups (S...) a user belongs to, for roles given by group. */
  userGroups: (userId: string) => Promise<string[]>;
  /** May this user do this? Refusals are audited. */
  authorize: (action: Action, userId: string, target: string | null) => Promise<{ ok: true } | PermissionDenied>;
  // Optional so harnesses that never run playbooks need not build them; wireSlack always sets all three.
  /** Investigation playbooks: list, explain, run and store (/investigate, the Run playbook button). */
  playbooks?: PlaybookService;
  /** The bot's Web API client, for commands that post in the channel (progress messages, threads, charts). */
  client?: WebClient;
  /** The warehouse the metrics come from (/metrics show). */
  warehouse?: pg.Pool;
  /**
   * Runs long work (a playbook run: queries, charts, posts) outside the follow-up queue, so it never holds
   * up other commands and buttons; false when too much is already waiting. Absent, callers await the work.
   */
  detach?: (job: () => Promise<void>) => boolean;
}
