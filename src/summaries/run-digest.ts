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
import type { DigestFacts } from './digest-facts-schema.ts';
import { claimReviewedPost, findDigestPost, insertDigest, updateDigest, type NewDigest } from './digest-store.ts';
import type { WrittenSummary } from '../drafting/draft-schema.ts';
import type { Locale } from '../i18n/locales.ts';
import { postSummaryMessage } from './post-digest.ts';
import { postDigestChart, type DigestChartDeps } from './post-digest-chart.ts';
import {
  destinationKey,
  postOnce,
  updatePosted,
  type PostDelivery,
  type PostOnceDeps,
  type PostOnceResult,
} from './post-once.ts';
import type { SummaryWriter } from './summary-writer.ts';

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
  /** The managers' language, instead of vigil.yml digest.language (`vigil digest --lang`). */
  language?: Locale;
}

/** A channel the digest goes to, and the language it is written in there. */
export interface DigestDestination {
  channel: string;
  language: Locale;
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
  /** The language of the managers' digest. */
  language: Locale;
  /** What became of the managers' message when posting: posted, updated in place, posted anew, or skipped (another run posts it). */
  delivery?: PostDelivery;
  /** The vigil.yml digest.also_to channels, each in its language. */
  alsoTo?: Array<DigestDestination & { delivery?: PostDelivery; digestId?: number; error?: string }>;
}

/** The managers' channel (in `language`, default digest.language) and the digest.also_to channels, each once. */
export function digestDestinations(config: Config, language?: Locale): DigestDestination[] {
  const { channels, digest } = config.workspace;
  const all = [{ channel: channels.managers, language: language ?? digest.language }, ...digest.also_to];
  return all.filter((d, i) => all.findIndex((o) => destinationKey(o.channel) === destinationKey(d.channel)) === i);
}

/** Builds the facts and the written summary and renders them; posts nothing, stores nothing. */
export async function prepareDigest(
  deps: DigestDeps,
  kind: 'daily' | 'weekly',
  date?: string,
  language?: Locale,
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
  return writeDigest(deps, facts, language ?? deps.config.workspace.digest.language);
}

/** Writes and renders the digest of `facts` in `language`. */
async function writeDigest(
  deps: DigestDeps,
  facts: DigestFacts,
  language: Locale,
): Promise<Omit<DigestOutcome, 'status'>> {
  const written = await deps.write(facts, { language });
  const message = renderDigest(facts, written, { workspaceName: deps.config.workspace.workspace.name, language });
  return { facts, written, message, language };
}

/** Runs a digest: preview returns it; post sends it to review or to its channels (or logs it with Slack off) and stores it. */
export async function runDigest(deps: DigestDeps, req: DigestRequest): Promise<DigestOutcome> {
  const log = deps.logger.child({ digest: req.kind, requestedBy: req.requestedBy });
  const [main, ...others] = digestDestinations(deps.config, req.language);
  const prepared = await prepareDigest(deps, req.kind, req.date, main!.language);
  const { facts, written } = prepared;
  log.info(
    {
      label: facts.label,
      language: prepared.language,
      source: written.source,
      replaced: written.replaced.length,
      fallbackReason: written.fallbackReason,
    },
    'digest written',
  );
  if (req.mode === 'preview') return { ...prepared, status: 'previewed' };
  const { channels, digest: settings } = deps.config.workspace;
  if (!deps.client) {
    const digestId = await insertDigest(deps.pool, { ...rowOf(prepared), status: 'draft' });
    log.info({ digestId, text: written.text }, 'digest stored and logged (Slack is off, so nothing is posted)');
    return { ...prepared, status: 'logged', digestId };
  }
  if (req.review ?? settings.review.enabled) {
    // Stored first: the buttons carry the digest's id. Approving it posts (or updates) the period's message.
    const digestId = await insertDigest(deps.pool, { ...rowOf(prepared), status: 'in_review' });
    const draft = renderDigest(facts, written, {
      workspaceName: deps.config.workspace.workspace.name,
      language: prepared.language,
      extraBlocks: reviewBlocks(digestId, channels.managers),
    });
    const at = await postSummaryMessage(deps.client, settings.review.channel, draft);
    log.info({ digestId, channel: settings.review.channel }, 'digest sent to review');
    return { ...prepared, status: 'in_review', digestId, ...at };
  }
  const posted = await deliverDigest(deps, main!, prepared);
  const alsoTo = await deliverElsewhere(deps, others, facts);
  return {
    ...prepared,
    status: 'posted',
    digestId: posted.digestId,
    delivery: posted.delivery,
    ...(posted.at ? { channelId: posted.at.channelId, ts: posted.at.ts } : {}),
    alsoTo,
  };
}

/** The stored row of a written digest. */
function rowOf(p: Omit<DigestOutcome, 'status'>): Omit<NewDigest, 'status'> {
  return {
    kind: p.facts.kind,
    periodStart: new Date(p.facts.periodStart),
    periodEnd: new Date(p.facts.periodEnd),
    source: p.written.source,
    text: p.written.text,
    blocks: p.message.blocks,
    facts: p.facts,
    replaced: p.written.replaced,
    language: p.language,
  };
}

/** Posts the digest to `dest` once per period, with its chart; a later run updates that message in place (no new chart). */
async function deliverDigest(
  deps: DigestDeps,
  dest: DigestDestination,
  p: Omit<DigestOutcome, 'status'>,
): Promise<PostOnceResult> {
  const result = await postOnce(onceDeps(deps), { ...rowOf(p), destination: dest.channel }, p.message);
  if (result.at && result.delivery !== 'updated') await postDigestChart(chartDeps(deps), p.facts, result.at.channelId);
  deps.logger.info(
    { digestId: result.digestId, channel: dest.channel, language: dest.language, delivery: result.delivery },
    result.delivery === 'skipped' ? 'digest being posted by another run; skipped' : `digest ${result.delivery}`,
  );
  return result;
}

/** The digest.also_to channels, each written in its language; one that fails is logged and the others still get it. */
async function deliverElsewhere(
  deps: DigestDeps,
  dests: DigestDestination[],
  facts: DigestFacts,
): Promise<NonNullable<DigestOutcome['alsoTo']>> {
  const out: NonNullable<DigestOutcome['alsoTo']> = [];
  for (const dest of dests) {
    try {
      const r = await deliverDigest(deps, dest, await writeDigest(deps, facts, dest.language));
      out.push({ ...dest, delivery: r.delivery, digestId: r.digestId });
    } catch (err) {
      deps.logger.warn({ err, channel: dest.channel }, 'could not post the digest in this also_to channel');
      out.push({ ...dest, error: err instanceof Error ? err.message : String(err) });
    }
  }
  return out;
}

/**
 * Posts an approved (or edited) digest to the managers' channel with its chart and marks it posted; when the period
 * was posted already, updates that message in place instead. The also_to channels follow. Undefined when it was decided already.
 */
export async function publishReviewedDigest(
  deps: DigestDeps,
  digestId: number,
  message: SlackMessage,
  by: { userId: string; edited: boolean },
): Promise<{ channelId: string; ts: string } | undefined> {
  const [main, ...others] = digestDestinations(deps.config);
  // Claimed before posting, so two reviewers clicking at once post it once.
  const claim = await claimReviewedPost(
    deps.pool,
    digestId,
    { reviewedBy: by.userId, ...(by.edited ? { editedBy: by.userId, text: message.text } : {}) },
    destinationKey(main!.channel),
  );
  if (!claim || !deps.client) return undefined;
  const { digest } = claim;
  const facts = digest.facts as DigestFacts;
  let result: PostOnceResult;
  if (claim.owner) {
    try {
      const at = await postSummaryMessage(deps.client, main!.channel, message);
      result = { digestId, delivery: 'posted', at };
    } catch (err) {
      await updateDigest(deps.pool, digestId, { status: 'in_review', destination: null }, ['posted']);
      throw err;
    }
  } else {
    // A second draft of a period already posted: its message is updated in place.
    const existing = await findDigestPost(deps.pool, digest, destinationKey(main!.channel));
    result = existing
      ? await updatePosted(onceDeps(deps), existing, { ...digest, blocks: message.blocks }, message)
      : { digestId, delivery: 'skipped' };
  }
  if (!result.at) return undefined;
  const at = { channelId: result.at.channelId, ts: result.at.ts };
  await updateDigest(
    deps.pool,
    digestId,
    { channelId: at.channelId, messageTs: at.ts, postedAt: deps.clock(), blocks: message.blocks },
    ['posted'],
  );
  if (result.delivery !== 'updated') await postDigestChart(chartDeps(deps), facts, at.channelId);
  await deliverElsewhere(deps, others, facts);
  return at;
}

function onceDeps(deps: DigestDeps): PostOnceDeps {
  return { pool: deps.pool, client: deps.client!, clock: deps.clock };
}

function chartDeps(deps: DigestDeps): DigestChartDeps {
  return {
    client: deps.client!,
    logger: deps.logger,
    workspaceName: deps.config.workspace.workspace.name,
    ...(deps.renderPng ? { renderPng: deps.renderPng } : {}),
  };
}
