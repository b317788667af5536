// Opens incidents and applies actions, keeping Slack (channel, card, notices) in step with the database.
import type { WebClient } from '@slack/web-api';
import type pg from 'pg';
import type { Logger } from 'pino';
import { renderIncidentCard } from '../slack/blocks/render-incident-card.ts';
import { renderIncidentNotice } from '../slack/blocks/render-incident-notice.ts';
import { escapeMrkdwn } from '../slack/blocks/block-limits.ts';
import { incidentChannelName } from './channel-name.ts';
import { createIncidentChannel, inviteUsers, post, slackErrorCode } from './incident-slack.ts';
import {
  applyIncidentAction, findIncidentByChannel, getIncident, incidentTimeline, insertIncident, listIncidents,
  recordIncidentEvent, updateIncident, type ActionOutcome, type NewIncident,
} from './incident-store.ts';
import type { Incident, IncidentAction, IncidentEvidence } from './incident-types.ts';
import { DEFAULT_UPDATE_CADENCE, nextUpdateDue, type UpdateCadence } from './next-update.ts';
import { slackDate } from '../slack/blocks/format-values.ts';

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
  /** Called after a responder escalates: pages the next person. */
  onEscalated?: (incident: Incident) => Promise<void>;
  /** Called after an incident is resolved (the incident summary); a failure is logged, never undoes the resolve. */
  onResolved?: (incident: Incident) => Promise<void>;
}

/** The incident operations slash commands, buttons and the detector call. */
export class IncidentService {
  constructor(private readonly deps: IncidentServiceDeps) {}

  /** Opens an incident (or returns the one with the same dedup key) and sets up its Slack channel. */
  async open(input: NewIncident): Promise<{ incident: Incident; created: boolean }> {
    const { incident, created } = await insertIncident(this.deps.pool, input);
    // A retry of an open whose Slack set-up failed resumes it; a retry of a finished one does nothing.
    if (!created && incident.channelId) return { incident, created };
    const due = this.deps.firstEscalationDue?.({ severity: incident.severity, openedAt: incident.openedAt });
    if (created && due) await this.deps.pool.query('UPDATE incidents SET escalation_due_at = $2 WHERE id = $1', [incident.id, due]);
    return { incident: await this.setUpSlack(incident), created };
  }

  /** Applies an action, then refreshes the card and tells the channel. Refusals change nothing. */
  async act(id: number, action: IncidentAction, actor: string): Promise<ActionOutcome> {
    const outcome = await applyIncidentAction(this.deps.pool, id, action, actor, this.deps.clock());
    if (!outcome.ok) return outcome;
    const incident = outcome.incident;
    // A new update (or the end of the incident) starts the overdue-update reminder over.
    if (action.kind === 'post_update' || action.kind === 'resolve') await this.deps.pool.query('UPDATE incidents SET update_reminded_at = NULL WHERE id = $1', [id]);
    if (action.kind === 'acknowledge' || action.kind === 'resolve') {
      await this.deps.pool.query('UPDATE incidents SET escalation_due_at = NULL WHERE id = $1', [id]);
    }
    if (action.kind === 'reopen') {
      const due = this.deps.firstEscalationDue?.({ severity: incident.severity, openedAt: this.deps.clock() });
      // A reopened incident starts the escalation policy over: no pages sent yet, no channel post.
      await this.deps.pool.query(
        'UPDATE incidents SET escalation_due_at = $2, escalation_level = 0, pages_sent = 0, last_paged_at = NULL, escalation_posted_at = NULL WHERE id = $1',
        [id, due ?? null],
      );
    }
    await this.refreshCard(incident);
    if (action.kind === 'escalate' && this.deps.onEscalated) {
      await this.deps.onEscalated(incident).catch((err) => this.deps.logger.warn({ err, incident: id }, 'paging after escalation failed'));
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

  /** Replaces the metric evidence (a detector's newer reading, a chart), refreshes the card and says `note` in the channel. */
  async updateEvidence(id: number, evidence: IncidentEvidence, note?: string): Promise<Incident> {
    await this.deps.pool.query('UPDATE incidents SET evidence = $2, updated_at = now() WHERE id = $1', [id, JSON.stringify(evidence)]);
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

  private async setUpSlack(incident: Incident): Promise<Incident> {
    const { client } = this.deps;
    const channel = await this.slackStep(incident, 'create_channel', () =>
      createIncidentChannel(client, incidentChannelName(incident.title, incident.openedAt, this.deps.timezone), this.deps.privateChannels),
    );
    if (!channel) return incident;
    await updateIncident(this.deps.pool, incident.id, { channelId: channel.id, channelName: channel.name });
    let current: Incident = { ...incident, channelId: channel.id, channelName: channel.name };
    await this.slackStep(current, 'set_topic', () => this.setTopic(current));
    const users = [current.openedBy, ...(await this.deps.responders(current))].filter((u) => /^[UW][A-Z0-9]+$/.test(u));
    const inviteError = await inviteUsers(client, channel.id, users);
    if (inviteError) await this.reportFailure(current, 'invite', inviteError, `I could not invite ${users.map((u) => `<@${u}>`).join(', ')}`);
    const card = this.card(current);
    const ts = await this.slackStep(current, 'post_card', () => post(client, channel.id, card));
    if (ts) {
      await updateIncident(this.deps.pool, incident.id, { cardTs: ts });
      current = { ...current, cardTs: ts };
      await this.slackStep(current, 'pin_card', () => client.pins.add({ channel: channel.id, timestamp: ts }));
    }
    const notice = renderIncidentNotice(current);
    await this.slackStep(current, 'notice_alerts_channel', () => post(client, this.deps.alertsChannel, notice));
    return current;
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
    if (incident.channelId && step !== 'post_update') {
      const text = `:warning: ${what ?? `Slack step \`${step}\` failed`} (\`${code}\`). The incident is recorded; retry or do it by hand.`;
      await post(this.deps.client, incident.channelId, { text }).catch(() => {});
    }
  }
}

function describeAction(action: IncidentAction, actor: string, incident: Incident, nextUpdate: Date | null, timezone: string): string {
  const who = `<@${actor}>`;
  switch (action.kind) {
    case 'acknowledge': return `:eyes: ${who} acknowledged the incident.`;
    case 'escalate': return `:arrow_up: ${who} escalated the incident${action.reason ? `: ${escapeMrkdwn(action.reason)}` : ''}.`;
    case 'resolve': return `:white_check_mark: ${who} resolved the incident: ${escapeMrkdwn(action.note)}`;
    case 'reopen': return `:leftwards_arrow_with_hook: ${who} reopened the incident.`;
    case 'set_severity': return `${who} set the severity to SEV${action.severity}.`;
    case 'assign': return `${who} assigned the incident to <@${action.userId}>.`;
    case 'post_update': return `:mega: *Update* from ${who}: ${escapeMrkdwn(action.text.trim())}\n${nextUpdate ? `Next update by ${slackDate(nextUpdate, timezone)}.` : 'No further update scheduled.'}`;
    default: return `${who} updated incident #${incident.id}.`;
  }
}
