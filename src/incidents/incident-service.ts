// Opens incidents and applies actions, keeping Slack (channel, card, notices) in step with the database.
import type { WebClient } from '@slack/web-api';
import type pg from 'pg';
import type { Logger } from 'pino';
import { renderIncidentCard } from '../blocks/render-incident-card.ts';
import { post, slackErrorCode } from './incident-slack.ts';
import { claimDueSetups, claimSetup, FRESH_SETUP, releaseSetup, type ClaimedSetup } from './incident-setup-store.ts';
import { setUpIncidentSlack, tellOpenerSetUp } from './set-up-incident-slack.ts';
import {
  applyIncidentAction, findIncidentByChannel, getIncident, incidentTimeline, insertIncident, listIncidents,
  recordIncidentEvent, updateIncident, type ActionOutcome, type NewIncident,
} from './incident-store.ts';
import { rearmUpdateReminder, restartEscalation, setEscalationDue } from './incident-escalation-store.ts';
import { lastAnomalyBucket } from './incident-watch-store.ts';
import type { Incident, IncidentAction, IncidentEvidence } from './incident-types.ts';
import { DEFAULT_UPDATE_CADENCE, nextUpdateDue, type UpdateCadence } from './next-update.ts';
import { describeAction } from './describe-incident-action.ts';
import { repairTiming, setupBackoffMs, type SetUpTiming } from './setup-timing.ts';

/** What the service needs from the rest of vigil. */
export interface IncidentServiceDeps {
  pool: pg.Pool;
  client: WebClient;
  logger: Logger;
  clock: () => Date;
  timezone: string;
  alertsChannel: string;
  privateChannels: boolean;
  /** Minutes between status updates by severity (vigil.yml incidents.update_every_minutes). */
  updateCadence?: UpdateCadence;
  /** Who to invite into a new incident channel besides the opener: on-call now, metric owner. */
  responders: (incident: Incident) => Promise<string[]>;
  /** When the escalation policy first needs a look at a new incident (undefined: never). */
  firstEscalationDue?: (incident: { severity: number; openedAt: Date }) => Date | undefined;
  playbooksFor?: (incident: Incident) => string[];
  /** Called after a responder (`actor`) escalates: pages the next person. */
  onEscalated?: (incident: Incident, actor: string) => Promise<void>;
  /** Called after an incident is resolved (the incident summary); a failure is logged, never undoes the resolve. */
  onResolved?: (incident: Incident) => Promise<void>;
  /** Timing of unfinished Slack set-ups (vigil.yml incidents.repair); defaults when left out. */
  repair?: SetUpTiming;
}

// Per timer run: each repair may wait on several slow Slack calls, and the timer runs one at a time.
const REPAIR_BATCH = 5;

/** The incident operations slash commands, buttons and the detector call. */
export class IncidentService {
  constructor(private readonly deps: IncidentServiceDeps) {}

  /** Opens an incident (or returns the one with the same dedup key) and sets up its Slack channel. */
  async open(input: NewIncident): Promise<{ incident: Incident; created: boolean }> {
    const now = this.deps.clock();
    const until = new Date(now.getTime() + this.timing.leaseMs);
    const { incident, created } = await insertIncident(this.deps.pool, { ...input, setupClaimedUntil: until });
    if (created) {
      const due = this.deps.firstEscalationDue?.({ severity: incident.severity, openedAt: incident.openedAt });
      if (due) await setEscalationDue(this.deps.pool, incident.id, due);
      return { incident: (await this.setUp({ incident, setup: FRESH_SETUP })).incident, created };
    }
    // A retry of an open whose Slack set-up did not finish resumes whatever is missing, unless a run holds it now.
    const claimed = await claimSetup(this.deps.pool, incident.id, now, until);
    return { incident: claimed ? (await this.setUp(claimed)).incident : incident, created };
  }

  /** Resumes the due unfinished Slack set-ups (the incident timer calls this); returns the ids now whole. Safe on several replicas. */
  async repairDue(now = this.deps.clock()): Promise<number[]> {
    const claimed = await claimDueSetups(this.deps.pool, now, new Date(now.getTime() + this.timing.leaseMs), REPAIR_BATCH);
    const whole: number[] = [];
    for (const one of claimed) {
      // One failing incident (its claim then lapses and the next run retries) does not hold up the others.
      const done = await this.setUp(one, true).catch((err) => this.deps.logger.error({ err, incident: one.incident.id }, 'incident set-up repair failed'));
      if (done?.whole) whole.push(done.incident.id);
    }
    return whole;
  }

  /** Applies an action, then refreshes the card and tells the channel. Refusals change nothing. */
  async act(id: number, action: IncidentAction, actor: string): Promise<ActionOutcome> {
    const outcome = await applyIncidentAction(this.deps.pool, id, action, actor, this.deps.clock());
    if (!outcome.ok) return outcome;
    const incident = outcome.incident;
    // A new update (or the end of the incident) starts the overdue-update reminder over.
    if (action.kind === 'post_update' || action.kind === 'resolve') await rearmUpdateReminder(this.deps.pool, id);
    if (action.kind === 'acknowledge' || action.kind === 'resolve') await setEscalationDue(this.deps.pool, id, null);
    if (action.kind === 'reopen') {
      const due = this.deps.firstEscalationDue?.({ severity: incident.severity, openedAt: this.deps.clock() });
      // A reopened incident starts the escalation policy over: no pages sent yet, no channel post.
      await restartEscalation(this.deps.pool, id, due ?? null);
    }
    await this.refreshCard(incident);
    if (action.kind === 'escalate' && this.deps.onEscalated) {
      await this.deps.onEscalated(incident, actor).catch((err) => this.deps.logger.warn({ err, incident: id }, 'paging after escalation failed'));
    }
    if (incident.channelId) {
      const due = this.nextUpdateDue(incident);
      await this.slackStep(incident, 'post_update', () => post(this.deps.client, incident.channelId!, { text: describeAction(action, actor, incident, due, this.deps.timezone) }));
      if (action.kind === 'set_severity' || action.kind === 'resolve' || action.kind === 'reopen' || action.kind === 'acknowledge') {
        await this.slackStep(incident, 'set_topic', () => this.setTopic(incident));
      }
    }
    if (action.kind === 'resolve' && this.deps.onResolved) {
      await this.deps.onResolved(incident).catch((err) => this.deps.logger.warn({ err, incident: id }, 'the resolve hook (incident summary) failed'));
    }
    return outcome;
  }

  get(id: number): Promise<Incident> {
    return getIncident(this.deps.pool, id);
  }

  byChannel(channelId: string): Promise<Incident | undefined> {
    return findIncidentByChannel(this.deps.pool, channelId);
  }

  list(filter: 'open' | 'mine' | 'all', userId: string): Promise<Incident[]> {
    return listIncidents(this.deps.pool, filter, userId);
  }

  timeline(id: number) {
    return incidentTimeline(this.deps.pool, id);
  }

  /** The last bucket the detector found the incident's slice anomalous in (null: none). */
  lastAnomalyBucket(id: number): Promise<Date | null> {
    return lastAnomalyBucket(this.deps.pool, id);
  }

  /** Replaces the metric evidence (a detector's newer reading, a chart), refreshes the card and says `note` in the channel. */
  async updateEvidence(id: number, evidence: IncidentEvidence, note?: string): Promise<Incident> {
    await updateIncident(this.deps.pool, id, { evidence });
    const incident = await getIncident(this.deps.pool, id);
    await this.refreshCard(incident);
    if (note && incident.channelId) await this.slackStep(incident, 'post_update', () => post(this.deps.client, incident.channelId!, { text: note }));
    return incident;
  }

  /** Says something in the incident's channel (a recovery note); a Slack failure is logged, not thrown. */
  async say(incident: Incident, text: string): Promise<void> {
    if (incident.channelId) await this.slackStep(incident, 'post_update', () => post(this.deps.client, incident.channelId!, { text }));
  }

  /** Re-renders the pinned card in place (never reposts it). */
  async refreshCard(incident: Incident): Promise<void> {
    if (!incident.channelId || !incident.cardTs) return;
    const card = this.card(incident);
    await this.slackStep(incident, 'update_card', () =>
      this.deps.client.chat.update({ channel: incident.channelId!, ts: incident.cardTs!, text: card.text, blocks: card.blocks as never }),
    );
  }

  /** When the incident's next status update is due (null: resolved, or no cadence for its severity). */
  nextUpdateDue(incident: Incident): Date | null {
    return nextUpdateDue(incident, this.deps.updateCadence ?? DEFAULT_UPDATE_CADENCE);
  }

  private card(incident: Incident) {
    return renderIncidentCard(incident, { now: this.deps.clock(), timezone: this.deps.timezone, playbooks: this.deps.playbooksFor?.(incident), nextUpdateAt: this.nextUpdateDue(incident) });
  }

  private get timing(): SetUpTiming {
    return this.deps.repair ?? repairTiming();
  }

  // Runs the missing set-up steps under the caller's claim, then releases it: whole, or retried after a backoff.
  // `resumed`: the open that started it is gone (a crash, a failed try), so nobody has told the opener yet.
  private async setUp({ incident, setup }: ClaimedSetup, resumed = false): Promise<{ incident: Incident; whole: boolean }> {
    const { pool, client, timezone, alertsChannel, privateChannels, responders } = this.deps;
    const done = await setUpIncidentSlack({
      pool, client, timezone, alertsChannel, privateChannels, responders,
      card: (i) => this.card(i),
      setTopic: (i) => this.setTopic(i),
      step: (i, step, fn) => this.slackStep(i, step, fn),
      reportFailure: (i, step, code, what) => this.reportFailure(i, step, code, what),
    }, incident, setup);
    if (!done.whole) {
      const next = new Date(this.deps.clock().getTime() + setupBackoffMs(setup.attempts + 1, this.timing.firstRetryMs, this.timing.maxRetryMs));
      await releaseSetup(pool, incident.id, next);
      this.deps.logger.warn({ incident: incident.id, attempts: setup.attempts + 1, next }, 'incident Slack set-up unfinished; retrying later');
      return done;
    }
    await releaseSetup(pool, incident.id, null);
    if (resumed || setup.attempts > 0) await tellOpenerSetUp({ pool, client, logger: this.deps.logger }, done.incident, setup.attempts + 1);
    return done;
  }

  private async setTopic(incident: Incident): Promise<void> {
    const topic = `SEV${incident.severity} · ${incident.status} · ${incident.title}`.slice(0, 250);
    await this.deps.client.conversations.setTopic({ channel: incident.channelId!, topic });
  }

  // A Slack step that fails loses nothing: the incident exists; the failure is logged, put on the
  // timeline and said in the channel when there is one.
  private async slackStep<T>(incident: Incident, step: string, fn: () => Promise<T>): Promise<T | undefined> {
    try {
      return await fn();
    } catch (err) {
      await this.reportFailure(incident, step, slackErrorCode(err));
      return undefined;
    }
  }

  private async reportFailure(incident: Incident, step: string, code: string, what?: string): Promise<void> {
    this.deps.logger.warn({ incident: incident.id, step, error: code }, 'slack step failed; the incident is kept');
    await recordIncidentEvent(this.deps.pool, incident.id, 'vigil', 'slack_error', { step, error: code }).catch(() => {});
    // Set-up steps are retried by vigil, so the channel is not asked to do them by hand.
    if (incident.channelId && !SILENT_STEPS.has(step)) {
      const text = `:warning: ${what ?? `Slack step \`${step}\` failed`} (\`${code}\`). The incident is recorded; retry or do it by hand.`;
      await post(this.deps.client, incident.channelId, { text }).catch(() => {});
    }
  }
}

const SILENT_STEPS = new Set(['post_update', 'post_card', 'pin_card', 'notice_alerts_channel', 'update_notice']);
