// `vigil digest`: builds the daily digest (or weekly report) and prints it exactly as it would be posted; with --post
// posts it to its channels (or updates the period's message in place when it was posted already).
import pino from 'pino';
import { VigilError } from '../errors.ts';
import { resolveLocale } from '../i18n/locales.ts';
import { createSlackClient } from '../slack/build-slack-app.ts';
import { prepareDigest, runDigest } from '../summaries/run-digest.ts';
import { summaryWriterOf, type SummaryWriter } from '../summaries/summary-writer.ts';
import { openWatchContext } from './open-watch-context.ts';
import type { DigestFacts } from '../summaries/digest-facts-schema.ts';
import type { WrittenSummary } from '../drafting/draft-schema.ts';

/** Options of `vigil digest`. */
export interface DigestCliOptions {
  date?: string;
  weekly?: boolean;
  json?: boolean;
  /** A BCP 47 tag: the language of the managers' digest instead of vigil.yml digest.language. */
  lang?: string;
  /** Post it (straight to the managers, no review), or update the period's message in place. */
  post?: boolean;
}

// What needs attention as the digest says it (the checked sentence of each ranked item), for --json's opening.
function attentionOf(facts: DigestFacts, written: WrittenSummary) {
  const said = written.draft.sections.find((s) => s.key === 'attention')?.sentences ?? [];
  return facts.needsAttention.map((item) => ({
    ...item,
    text: said.find((s) => s.about === `attention:${item.kind}:${item.ref}`)?.text ?? null,
  }));
}

/** The printed digest: its text, or with --json `{ needsAttention, moreNeedingAttention, kind, language, source, fallbackReason?, text, replaced }`. */
export async function runDigestCli(
  env: NodeJS.ProcessEnv,
  opts: DigestCliOptions,
  write?: SummaryWriter,
): Promise<string[]> {
  // A bad tag is refused before anything opens.
  const language = opts.lang === undefined ? undefined : resolveLocale(opts.lang);
  const ctx = await openWatchContext(env);
  try {
    const logger = pino({ level: 'silent' });
    const kind = opts.weekly ? 'weekly' : 'daily';
    const deps = {
      config: ctx.config,
      pool: ctx.pool,
      warehouse: ctx.warehouse,
      logger,
      clock: () => new Date(),
      write: write ?? summaryWriterOf(ctx.config, logger),
    };
    const posted = opts.post
      ? await runDigest(
          { ...deps, client: slackClientOf(ctx.config, logger) },
          {
            kind,
            ...(opts.date ? { date: opts.date } : {}),
            mode: 'post',
            requestedBy: `cli:${env.USER ?? 'unknown'}`,
            review: false,
            ...(language ? { language } : {}),
          },
        )
      : undefined;
    const { written, facts, language: used } = posted ?? (await prepareDigest(deps, kind, opts.date, language));
    if (opts.json) {
      const replaced = written.replaced.map((r) => ({
        sentence: r.sentence,
        numbers: r.numbers,
        replacement: r.replacement,
        reason: r.reason ?? 'numbers',
        ...(r.about ? { about: r.about } : {}),
      }));
      return [
        JSON.stringify(
          {
            needsAttention: attentionOf(facts, written),
            moreNeedingAttention: facts.moreNeedingAttention,
            kind: written.kind,
            language: used,
            source: written.source,
            ...(written.source === 'llm' ? {} : { fallbackReason: written.fallbackReason ?? null }),
            text: written.text,
            replaced,
            ...(posted ? { delivery: posted.delivery, channelId: posted.channelId, ts: posted.ts } : {}),
          },
          null,
          2,
        ),
      ];
    }
    if (!posted) return [written.text];
    const where = posted.channelId ?? ctx.config.workspace.channels.managers;
    return [written.text, '', `${posted.delivery ?? 'posted'}: ${where}${posted.ts ? ` (ts ${posted.ts})` : ''}`];
  } finally {
    await ctx.close();
  }
}

function slackClientOf(config: Parameters<typeof createSlackClient>[0], logger: pino.Logger) {
  if (config.slack.mode === 'off' || !config.slack.botToken)
    throw new VigilError(
      'vigil_digest_no_slack',
      'vigil digest --post needs Slack, and Slack is off',
      'set SLACK_BOT_TOKEN (with SLACK_SIGNING_SECRET or SLACK_APP_TOKEN), or run the local workspace; leave out --post to print the digest',
    );
  return createSlackClient(config, logger);
}
