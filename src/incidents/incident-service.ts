// Opens incidents and applies actions, keeping Slack (channel, card, notices) in step with the database through
// its notifier: the Slack one, or silentNotifier when Slack is off, so every incident goes through this service.
import { VigilError } from '../errors.ts';
import { claimDueSetups, claimSetup, FRESH_SETUP, releaseSetup, type ClaimedSetup } from './incident-setup-store.ts';
import { incidentTimelineMessages, type NewTimelineMessage, type TimelineMark } from './timeline-message-store.ts';
import { addAuditedTimelineMessage, removeAuditedTimelineMark } from './people-timeline.ts';
import {
  applyIncidentAction,
  findIncidentByChannel,
  getIncident,
  incidentTimeline,
  insertIncident,
  listIncidents,
  findRecentTwin,
  updateIncident,
  type ActionOutcome,
  type NewIncident,
} from './incident-store.ts';
import { rearmUpdateReminder, restartEscalation, setEscalationDue } from './incident-escalation-store.ts';
import { lastAnomalyBucket } from './incident-watch-store.ts';
import { silentNotifier, type IncidentNotifier } from './incident-notifier.ts';
import { slackIncidentNotifier } from './slack-incident-notifier.ts';
import type { Incident, IncidentAction, IncidentEvidence, TimelineMessage } from './incident-types.ts';
import { DEFAULT_UPDATE_CADENCE, nextUpdateDue } from './next-update.ts';
import { describeAction } from './describe-incident-action.ts';
import { repairTiming, setupBackoffMs, type SetUpTiming } from './setup-timing.ts';
import { pagingMomentOf, type PagingMoment } from './incident-paging.ts';
import { DEFAULT_REOPEN_WITHIN_MS, type IncidentCoreDeps, type IncidentServiceDeps } from './incident-service-deps.ts';

// Per timer run: each repair may wait on several slow Slack calls, and the timer runs one at a time.
const REPAIR_BATCH = 5;

/** How long an `/incident new` of an open incident's title points at it instead of opening another. */
export const RETYPE_MINUTES = 15;

/** The incident operations slash commands, buttons and the detector call. */
export class IncidentService {
  private readonly notifier: IncidentNotifier;

  constructor(private readonly deps: IncidentServiceDeps) {
    this.notifier =
      'notifier' in deps
        ? deps.notifier
        : slackIncidentNotifier({ ...deps, nextUpdateDue: (incident) => this.nextUpdateDue(incident) });
  }

  /** Opens an incident (or returns the one with the same dedup key) and sets up its Slack channel. */
  async open(input: NewIncident): Promise<{ incident: Incident; created: boolean }> {
    const { pool } = this.deps;
    const now = this.deps.clock();
    const until = new Date(now.getTime() + this.timing.leaseMs);
    // Without Slack there is nothing to set up, so nothing is claimed: the incident is only recorded.
    const slack = this.notifier.setsUpChannels;
    const { incident, created } = await insertIncident(pool, slack ? { ...input, setupClaimedUntil: until } : input);
    if (created) {
      const due = this.deps.firstEscalationDue?.({ severity: incident.severity, openedAt: incident.openedAt });
      if (due) await setEscalationDue(pool, incident.id, due);
    }
    if (!slack) {
      if (created) await this.page(incident, { kind: 'opened' });
      return { incident, created };
    }
    if (created) {
      // Paged after the set-up so the page links the channel; a set-up Slack refuses still pages (it says so).
      const opened = (await this.setUp({ incident, setup: FRESH_SETUP })).incident;
      await this.page(opened, { kind: 'opened' });
      this.changed(opened, []);
      return { incident: opened, created };
    }
    // A retry of an open whose Slack set-up did not finish resumes whatever is missing, unless a run holds it now.
    const claimed = await claimSetup(pool, incident.id, now, until);
    return { incident: claimed ? (await this.setUp(claimed)).incident : incident, created };
  }

  /** Resumes the due unfinished Slack set-ups (the incident timer calls this); returns the ids now whole. Safe on several replicas. */
  async repairDue(now = this.deps.clock()): Promise<number[]> {
    if (!this.notifier.setsUpChannels) return [];
    const claimed = await claimDueSetups(
      this.deps.pool,
      now,
      new Date(now.getTime() + this.timing.leaseMs),
      REPAIR_BATCH,
    );
    const whole: number[] = [];
    for (const one of claimed) {
      // One failing incident (its claim then lapses and the next run retries) does not hold up the others.
      const done = await this.setUp(one, true).catch((err) =>
        this.deps.logger.error({ err, incident: one.incident.id }, 'incident set-up repair failed'),
      );
      if (done?.whole) whole.push(done.incident.id);
    }
    return whole;
  }

  /** Applies an action, then refreshes the card and tells the channel. Refusals change nothing. */
  async act(id: number, action: IncidentAction, actor: string): Promise<ActionOutcome> {
    const { pool } = this.deps;
    const outcome = await applyIncidentAction(pool, id, action, actor, this.deps.clock());
    if (!outcome.ok) return outcome;
    const incident = outcome.incident;
    // A new update (or the end of the incident) starts the overdue-update reminder over.
    if (action.kind === 'post_update' || action.kind === 'resolve') await rearmUpdateReminder(pool, id);
    if (action.kind === 'acknowledge' || action.kind === 'resolve') await setEscalationDue(pool, id, null);
    if (action.kind === 'reopen') {
      const due = this.deps.firstEscalationDue?.({ severity: incident.severity, openedAt: this.deps.clock() });
      // A reopened incident starts the escalation policy over: no pages sent yet, no channel post.
      await restartEscalation(pool, id, due ?? null);
    }
    await this.notifier.refreshCard(incident);
    if (action.kind === 'escalate' && this.deps.onEscalated) {
      await this.deps
        .onEscalated(incident, actor, action.reason)
        .catch((err) => this.deps.logger.warn({ err, incident: id }, 'paging after escalation failed'));
    }
    if (incident.channelId) {
      await this.notifier.say(
        incident,
        describeAction(action, actor, incident, this.nextUpdateDue(incident), this.deps.timezone),
      );
      if (
        action.kind === 'set_severity' ||
        action.kind === 'resolve' ||
        action.kind === 'reopen' ||
        action.kind === 'acknowledge'
      ) {
        await this.notifier.updateTopic(incident);
      }
    }
    const moment = pagingMomentOf(action, actor, outcome.event.detail);
    if (moment) await this.page(incident, moment);
    this.changed(incident, [actor, outcome.event.detail.from_user]);
    if (action.kind === 'resolve' && this.deps.onResolved) {
      await this.deps
        .onResolved(incident)
        .catch((err) => this.deps.logger.warn({ err, incident: id }, 'the resolve hook (incident summary) failed'));
    }
    return outcome;
  }

  get(id: number): Promise<Incident> {
    return getIncident(this.deps.pool, id);
  }

  byChannel(channelId: string): Promise<Incident | undefined> {
    return findIncidentByChannel(this.deps.pool, channelId);
  }

  /** The incident with this id, else the one whose channel this is; a VigilError saying to name one when neither. */
  async byIdOrChannel(id: number | undefined, channelId: string): Promise<Incident> {
    if (id !== undefined) return this.get(id);
    const here = await this.byChannel(channelId);
    if (here) return here;
    throw new VigilError(
      'vigil_incident_id_needed',
      'This is not an incident channel, so say which incident.',
      'Add its id, e.g. `/incident ack 12`, or run it in the incident channel; `/incident list` shows ids.',
    );
  }

  /** An unresolved incident of this title opened in the last RETYPE_MINUTES, if any (a retyped `/incident new`). */
  recentTwin(title: string): Promise<Incident | undefined> {
    return findRecentTwin(this.deps.pool, title, RETYPE_MINUTES);
  }

  list(filter: 'open' | 'mine' | 'all', userId: string): Promise<Incident[]> {
    return listIncidents(this.deps.pool, filter, userId);
  }

  timeline(id: number) {
    return incidentTimeline(this.deps.pool, id);
  }

  /** The messages people put on the incident's timeline, oldest first. */
  timelineMessages(id: number): Promise<TimelineMessage[]> {
    return incidentTimelineMessages(this.deps.pool, id);
  }

  /** Puts a message on an incident's timeline, or adds `entry.mark` to it (see people-timeline.ts). */
  addMessageToTimeline(entry: NewTimelineMessage): Promise<{ added: boolean }> {
    return addAuditedTimelineMessage(this.deps.pool, entry);
  }

  /** Takes a mark (an unpin, a removed reaction) off a message on the timeline; the entry goes with its last mark. */
  removeTimelineMark(mark: TimelineMark, actor: string): Promise<{ removed: boolean }> {
    return removeAuditedTimelineMark(this.deps.pool, mark, actor);
  }

  /** The last bucket the detector found the incident's slice anomalous in (null: none). */
  lastAnomalyBucket(id: number): Promise<Date | null> {
    return lastAnomalyBucket(this.deps.pool, id);
  }

  /** Replaces the metric evidence (a detector's newer reading, a chart), refreshes the card and says `note` in the channel. */
  async updateEvidence(id: number, evidence: IncidentEvidence, note?: string): Promise<Incident> {
    await updateIncident(this.deps.pool, id, { evidence });
    const incident = await getIncident(this.deps.pool, id);
    await this.notifier.refreshCard(incident);
    if (note) await this.notifier.say(incident, note);
    return incident;
  }

  /** Says something in the incident's channel (a recovery note); a Slack failure is logged, not thrown. */
  async say(incident: Incident, text: string): Promise<void> {
    await this.notifier.say(incident, text);
  }

  /** Re-renders the pinned card in place (never reposts it). */
  async refreshCard(incident: Incident): Promise<void> {
    await this.notifier.refreshCard(incident);
  }

  /** How recently resolved an incident the detector reopens rather than opening a new one. */
  get reopenWithinMs(): number {
    return this.deps.reopenWithinMs ?? DEFAULT_REOPEN_WITHIN_MS;
  }

  /** The service's clock (the detector dates reopen windows by it). */
  now(): Date {
    return this.deps.clock();
  }

  /** When the incident's next status update is due (null: resolved, or no cadence for its severity). */
  nextUpdateDue(incident: Incident): Date | null {
    return nextUpdateDue(incident, this.deps.updateCadence ?? DEFAULT_UPDATE_CADENCE);
  }

  // The Home tab's hook never undoes or holds up the incident.
  private changed(incident: Incident, more: unknown[]): void {
    if (!this.deps.onChanged) return;
    const people = [incident.openedBy, incident.ownerUserId, incident.commsUserId, incident.scribeUserId, ...more];
    try {
      this.deps.onChanged(incident, [...new Set(people.filter((p): p is string => typeof p === 'string' && p !== ''))]);
    } catch (err) {
      this.deps.logger.warn({ err, incident: incident.id }, 'the incident change hook failed');
    }
  }

  // Pages never undo or hold up the incident: a failure is logged (the pager says it in the channel).
  private async page(incident: Incident, moment: PagingMoment): Promise<void> {
    await this.deps.paging
      ?.tell(incident, moment)
      .catch((err) => this.deps.logger.warn({ err, incident: incident.id, moment: moment.kind }, 'paging failed'));
  }

  private get timing(): SetUpTiming {
    return this.deps.repair ?? repairTiming();
  }

  // Runs the missing set-up steps under the caller's claim, then releases it: whole, or retried after a backoff.
  // `resumed`: the open that started it is gone (a crash, a failed try), so nobody has told the opener yet.
  private async setUp(
    { incident, setup }: ClaimedSetup,
    resumed = false,
  ): Promise<{ incident: Incident; whole: boolean }> {
    const { pool } = this.deps;
    const done = await this.notifier.setUp(incident, setup);
    if (!done.whole) {
      const next = new Date(
        this.deps.clock().getTime() +
          setupBackoffMs(setup.attempts + 1, this.timing.firstRetryMs, this.timing.maxRetryMs),
      );
      await releaseSetup(pool, incident.id, next);
      this.deps.logger.warn(
        { incident: incident.id, attempts: setup.attempts + 1, next },
        'incident Slack set-up unfinished; retrying later',
      );
      return done;
    }
    await releaseSetup(pool, incident.id, null);
    if (resumed || setup.attempts > 0) await this.notifier.tellOpenerSetUp(done.incident, setup.attempts + 1);
    return done;
  }
}

/** The service when Slack is off (`vigil check`, a bot without Slack): incidents are recorded and nothing is said. */
export function incidentServiceWithoutSlack(
  deps: Pick<IncidentCoreDeps, 'pool' | 'logger' | 'timezone' | 'reopenWithinMs' | 'paging'> & { clock?: () => Date },
): IncidentService {
  return new IncidentService({ ...deps, clock: deps.clock ?? (() => new Date()), notifier: silentNotifier });
}
