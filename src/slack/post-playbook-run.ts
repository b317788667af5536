// Runs a playbook for Slack: a progress message updated in place, the results in its thread, then the
// done or failed headline. Where vigil cannot post, the whole run comes back in one ephemeral answer.
import type { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import { VigilError } from '../errors.ts';
import { slackErrorCode } from '../incidents/incident-slack.ts';
import type { IncidentContext, PlaybookService, RunProgress, RunRefusal } from '../playbooks/playbook-service-types.ts';
import type { PlaybookRunResult } from '../playbooks/run-types.ts';
import { context, section, type SlackMessage } from '../blocks/block-limits.ts';
import { renderHeadline, renderProgress, type RunLabel } from '../blocks/render-playbook-progress.ts';
import { renderRunInOneMessage } from '../blocks/render-playbook-thread.ts';
import type { Reply } from './command-module.ts';
import { postPlaybookThread } from './post-playbook-thread.ts';
import type { Services } from './services.ts';
import { throttleProgress } from './throttle-playbook-progress.ts';

/** What running playbooks in Slack needs. */
export interface PlaybookPosterDeps {
  playbooks: PlaybookService;
  client: WebClient;
  logger: Logger;
  timezone: string;
  /** Gap between progress updates (tests shorten it). */
  progressGapMs?: number;
  uploadDeadlineMs?: number;
}

/** The poster over the services; a VigilError when this vigil was built without playbooks or a Slack client. */
export function playbookPosterOf(services: Services, logger: Logger): PlaybookPosterDeps {
  const { playbooks, client } = services;
  if (!playbooks || !client) {
    throw new VigilError(
      'vigil_playbooks_unavailable',
      'Playbooks are not set up in this vigil.',
      'Start vigil with Slack on (`vigil start`); the composition root wires the playbook service.',
    );
  }
  return { playbooks, client, logger, timezone: services.config.timezone };
}

/** One request to run a playbook from Slack. */
export interface PlaybookRunAsk {
  playbookId: string;
  given: Record<string, string>;
  userId: string;
  channelId: string;
  incident?: IncidentContext;
  /** Shows the SQL it would run, to the asker only. */
  dryRun?: boolean;
  /** An ephemeral answer to the person who asked. */
  respond(reply: Reply): Promise<void>;
}

/** How it went: refused (bad parameters), posted in the channel, or answered ephemerally. */
export type PlaybookRunOutcome =
  RunRefusal | { ok: true; runId: number | null; result: PlaybookRunResult; postedIn: string | null };

/** Slack errors that mean vigil cannot post in the channel at all, so the answer goes to the asker instead. */
export const CANNOT_POST = new Set([
  'not_in_channel',
  'channel_not_found',
  'is_archived',
  'restricted_action',
  'missing_scope',
]);

/** Runs the playbook and posts it; refusals are returned for the caller to explain with its usage. */
export async function postPlaybookRun(deps: PlaybookPosterDeps, ask: PlaybookRunAsk): Promise<PlaybookRunOutcome> {
  const { client, logger } = deps;
  const log = logger.child({ playbook: ask.playbookId, channel: ask.channelId, user: ask.userId });
  const label: RunLabel = {
    playbookId: ask.playbookId,
    title: deps.playbooks.get(ask.playbookId)?.title ?? ask.playbookId,
    requestedBy: ask.userId,
    incidentId: ask.incident?.incidentId,
  };
  let progressTs: string | undefined;
  let cannotPost: string | undefined;
  let first: Promise<void> | undefined;
  const throttle = throttleProgress<RunProgress>(
    async (p) => {
      await client.chat.update({ channel: ask.channelId, ts: progressTs!, ...renderProgress(label, p) });
    },
    {
      gapMs: deps.progressGapMs,
      onError: (err) => log.warn({ err, code: slackErrorCode(err) }, 'progress update failed; the run carries on'),
    },
  );
  // Posted at the first step, so a refused run (bad parameters) leaves nothing in the channel.
  const onProgress = async (p: RunProgress) => {
    if (ask.dryRun) return;
    first ??= postOrNote(client, ask.channelId, renderProgress(label, p)).then((r) => {
      progressTs = r.ts;
      cannotPost = r.cannot;
    });
    await first;
    if (progressTs && p.index > 1) throttle.push(p);
  };
  let outcome;
  try {
    outcome = await deps.playbooks.run(ask.playbookId, ask.given, {
      requestedBy: ask.userId,
      channelId: ask.channelId,
      incident: ask.incident,
      dryRun: ask.dryRun,
      charts: !ask.dryRun,
      onProgress,
    });
  } catch (err) {
    await throttle.finish();
    // Blocks given explicitly: chat.update keeps a message's old blocks when it gets text alone.
    const text = `:x: ${label.title}: the run failed on our side; it is logged. Try again, or \`/investigate help ${label.playbookId}\`.`;
    if (progressTs)
      await client.chat
        .update({ channel: ask.channelId, ts: progressTs, text, blocks: [section(text)] })
        .catch(() => {});
    throw err;
  }
  await throttle.finish();
  if (!outcome.ok) return outcome;
  const headline = renderHeadline(label, outcome.result, outcome.runId);
  if (ask.dryRun || cannotPost) {
    await ask.respond(
      renderRunInOneMessage(
        headline,
        outcome.result,
        deps.timezone,
        cannotPost ? cannotPostNote(cannotPost) : undefined,
      ),
    );
    return { ...outcome, postedIn: null };
  }
  await publishRun(deps, ask.channelId, progressTs, headline, outcome.result, log);
  return { ...outcome, postedIn: ask.channelId };
}

/** Posts a stored run again: a new headline and its thread (charts are not stored, so not redrawn); false when there is no such run. */
export async function postStoredRun(
  deps: PlaybookPosterDeps,
  runId: number,
  ask: Pick<PlaybookRunAsk, 'channelId' | 'userId' | 'respond'>,
): Promise<boolean> {
  const stored = await deps.playbooks.readRun(runId);
  if (!stored) return false;
  const label: RunLabel = {
    playbookId: stored.result.id,
    title: stored.result.title,
    requestedBy: stored.requestedBy,
    incidentId: stored.incidentId ?? undefined,
  };
  const headline = renderHeadline(label, stored.result, runId, { again: true });
  const withNote = {
    ...headline,
    blocks: [
      ...headline.blocks,
      context([`posted again by <@${ask.userId}>; charts are redrawn only by running the playbook again`]),
    ],
  };
  const root = await postOrNote(deps.client, ask.channelId, withNote);
  if (root.ts)
    await postPlaybookThread(
      {
        client: deps.client,
        channelId: ask.channelId,
        threadTs: root.ts,
        logger: deps.logger,
        timezone: deps.timezone,
      },
      stored.result,
    );
  else
    await ask.respond(
      renderRunInOneMessage(headline, stored.result, deps.timezone, cannotPostNote(root.cannot ?? 'unknown_error')),
    );
  return true;
}

/** Why the answer is ephemeral, and how to get the full thread next time. */
export function cannotPostNote(code: string): string {
  if (CANNOT_POST.has(code))
    return `vigil cannot post in this channel (${code}), so only you see this. Add it with \`/invite @vigil\` (or run it in a public channel) to get progress, tables and charts in a thread.`;
  return `Slack refused to post in this channel (${code}), so only you see this. Try again in a minute.`;
}

// The thread under the progress message (or a new headline message when none was posted), then the headline in place.
async function publishRun(
  deps: PlaybookPosterDeps,
  channelId: string,
  progressTs: string | undefined,
  headline: SlackMessage,
  result: PlaybookRunResult,
  log: Logger,
): Promise<void> {
  const root = progressTs ?? (await postOrNote(deps.client, channelId, headline)).ts;
  if (!root) return;
  const problems = await postPlaybookThread(
    {
      client: deps.client,
      channelId,
      threadTs: root,
      logger: log,
      timezone: deps.timezone,
      uploadDeadlineMs: deps.uploadDeadlineMs,
    },
    result,
  );
  const final =
    problems.length > 0
      ? { ...headline, blocks: [...headline.blocks, context([`:warning: ${problems.join('; ')}; see the log`])] }
      : headline;
  await deps.client.chat
    .update({ channel: channelId, ts: root, text: final.text, blocks: final.blocks })
    .catch((err: unknown) => {
      log.warn({ err, code: slackErrorCode(err) }, 'could not update the progress message with the headline');
    });
}

// Posts a message; a refusal comes back as its code instead of an error, so the run still reaches the asker.
async function postOrNote(
  client: WebClient,
  channel: string,
  message: SlackMessage,
): Promise<{ ts?: string; cannot?: string }> {
  try {
    const res = await client.chat.postMessage({ channel, text: message.text, blocks: message.blocks });
    return res.ts ? { ts: res.ts } : { cannot: 'no_ts' };
  } catch (err) {
    return { cannot: slackErrorCode(err) };
  }
}
