// Runs a digest end to end: facts -> draft (LLM or template, numbers checked) -> blocks -> post, review or preview -> stored.
import type { WebClient } from '@slack/web-api';
import type pg from 'pg';
import type { Logger } from 'pino';
import type { Config } from '../config/load-config.ts';
import { reviewBlocks } from '../blocks/render-digest-review.ts';
import { renderDigest } from '../blocks/render-digest.ts';
import type { SlackMessage } from '../blocks/block-limits.ts';
import { catalogOf, selectMetrics } from '../metrics/load-catalog.ts';
import { buildDigestFacts } from './build-digest-facts.ts';
import type { DigestFacts, SummaryFacts } from './digest-facts-schema.ts';
import { insertDigest, updateDigest } from './digest-store.ts';
import type { WrittenSummary } from '../drafting/draft-schema.ts';
import { postSummaryMessage } from './post-digest.ts';
import { postDigestChart, type DigestChartDeps } from './post-digest-chart.ts';
import { writeSummary } from './write-summary.ts';

/** Writes a summary from facts (writeSummary with the configured OpenAI settings, or a test double). */
export type SummaryWriter = (facts: SummaryFacts) => Promise<WrittenSummary>;

/** What running a digest needs; `client` is absent when Slack is off (the digest is then logged and stored). */
export interface DigestDeps {
  config: Config;
  pool: pg.Pool;
  warehouse: pg.Pool;
  logger: Logger;
  clock: () => Date;
  write: SummaryWriter;
  client?: WebClient;
  /** The chart renderer (default: the real one); tests pass a stub to stay fast. */
  renderPng?: DigestChartDeps['renderPng'];
}

/** Which digest and what to do with it: post it (through review when on), or only build it. */
export interface DigestRequest {
  kind: 'daily' | 'weekly';
  /** Local date of the period's first day; default the last complete day or week. */
  date?: string;
  mode: 'post' | 'preview';
  /** Who asked: a Slack user id, `scheduler` or `cli:<user>`. */
  requestedBy: string;
  /** Send it to the reviewers first (default: vigil.yml digest.review.enabled); a manager's `/digest` posts directly. */
  review?: boolean;
}

/** What a run did. */
export interface DigestOutcome {
  facts: DigestFacts;
  written: WrittenSummary;
  message: SlackMessage;
  status: 'previewed' | 'posted' | 'in_review' | 'logged';
  digestId?: number;
  channelId?: string;
  ts?: string;
}

/** Builds the facts and the written summary and renders them; posts nothing, stores nothing. */
export async function prepareDigest(
  deps: DigestDeps,
  kind: 'daily' | 'weekly',
  date?: string,
): Promise<Omit<DigestOutcome, 'status'>> {
  const facts = await buildDigestFacts(
    {
      pool: deps.pool,
      warehouse: deps.warehouse,
      catalog: selectMetrics(catalogOf(deps.config), deps.config.workspace.digest.scorecard),
      timezone: deps.config.timezone,
      now: deps.clock(),
      updateCadence: deps.config.workspace.incidents.update_every_minutes,
      sections: deps.config.workspace.digest,
      logger: deps.logger,
    },
    { kind, ...(date ? { date } : {}) },
  );
  const written = await deps.write(facts);
  return {
    facts,
    written,
    message: renderDigest(facts, written, { workspaceName: deps.config.workspace.workspace.name }),
  };
}

/** Runs a digest: preview returns it; post sends it to review or to the managers (or logs it with Slack off) and stores it. */
export async function runDigest(deps: DigestDeps, req: DigestRequest): Promise<DigestOutcome> {
  const log = deps.logger.child({ digest: req.kind, requestedBy: req.requestedBy });
  const prepared = await prepareDigest(deps, req.kind, req.date);
  const { facts, written, message } = prepared;
  log.info(
    {
      label: facts.label,
      source: written.source,
      replaced: written.replaced.length,
      fallbackReason: written.fallbackReason,
    },
    'digest written',
  );
  if (req.mode === 'preview') return { ...prepared, status: 'previewed' };
  const base = {
    kind: facts.kind,
    periodStart: new Date(facts.periodStart),
    periodEnd: new Date(facts.periodEnd),
    source: written.source,
    text: written.text,
    facts,
    replaced: written.replaced,
  };
  const { channels, digest: settings } = deps.config.workspace;
  if (!deps.client) {
    const digestId = await insertDigest(deps.pool, { ...base, status: 'draft', blocks: message.blocks });
    log.info({ digestId, text: written.text }, 'digest stored and logged (Slack is off, so nothing is posted)');
    return { ...prepared, status: 'logged', digestId };
  }
  if (req.review ?? settings.review.enabled) {
    // Stored first: the buttons carry the digest's id.
    const digestId = await insertDigest(deps.pool, { ...base, status: 'in_review', blocks: message.blocks });
    const draft = renderDigest(facts, written, {
      workspaceName: deps.config.workspace.workspace.name,
      extraBlocks: reviewBlocks(digestId, channels.managers),
    });
    const at = await postSummaryMessage(deps.client, settings.review.channel, draft);
    log.info({ digestId, channel: settings.review.channel }, 'digest sent to review');
    return { ...prepared, status: 'in_review', digestId, ...at };
  }
  const at = await postSummaryMessage(deps.client, channels.managers, message);
  const digestId = await insertDigest(deps.pool, {
    ...base,
    status: 'posted',
    blocks: message.blocks,
    channelId: at.channelId,
    messageTs: at.ts,
    postedAt: deps.clock(),
  });
  await postDigestChart(chartDeps(deps), facts, at.channelId);
  log.info({ digestId, channel: channels.managers }, 'digest posted');
  return { ...prepared, status: 'posted', digestId, channelId: at.channelId, ts: at.ts };
}

/** Posts an approved (or edited) digest to the managers' channel with its chart and marks it posted; undefined when it was decided already. */
export async function publishReviewedDigest(
  deps: DigestDeps,
  digestId: number,
  message: SlackMessage,
  by: { userId: string; edited: boolean },
): Promise<{ channelId: string; ts: string } | undefined> {
  // Claimed before posting, so two reviewers clicking at once post it once.
  const claimed = await updateDigest(
    deps.pool,
    digestId,
    { status: 'posted', reviewedBy: by.userId, ...(by.edited ? { editedBy: by.userId, text: message.text } : {}) },
    ['in_review'],
  );
  if (!claimed || !deps.client) return undefined;
  try {
    const at = await postSummaryMessage(deps.client, deps.config.workspace.channels.managers, message);
    await updateDigest(
      deps.pool,
      digestId,
      { channelId: at.channelId, messageTs: at.ts, postedAt: deps.clock(), blocks: message.blocks },
      ['posted'],
    );
    await postDigestChart(chartDeps(deps), claimed.facts as DigestFacts, at.channelId);
    return at;
  } catch (err) {
    await updateDigest(deps.pool, digestId, { status: 'in_review' }, ['posted']);
    throw err;
  }
}

function chartDeps(deps: DigestDeps): DigestChartDeps {
  return {
    client: deps.client!,
    logger: deps.logger,
    workspaceName: deps.config.workspace.workspace.name,
    ...(deps.renderPng ? { renderPng: deps.renderPng } : {}),
  };
}

/** The writer vigil uses: writeSummary with OPENAI_API_KEY / OPENAI_BASE_URL / VIGIL_LLM_MODEL, the template without a key. */
export function summaryWriterOf(config: Config, logger: Logger): SummaryWriter {
  const openai = config.openai.apiKey
    ? {
        apiKey: config.openai.apiKey,
        model: config.openai.model,
        timeoutMs: config.openai.timeoutMs,
        ...(config.openai.baseUrl ? { baseUrl: config.openai.baseUrl } : {}),
      }
    : undefined;
  const log = logger.child({ component: 'summaries' });
  return (facts) => writeSummary(facts, { ...(openai ? { openai } : {}), timezone: config.timezone, logger: log });
}
