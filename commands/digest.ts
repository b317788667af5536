// /digest: the daily digest or weekly report on demand, posted to the managers' channel or previewed privately.
import { echoInput, renderUsage } from '../src/blocks/render-usage.ts';
import { defineCommand, respondMeanwhile, type CommandContext } from '../src/slack/command-module.ts';
import { tokenize } from '../src/blocks/tokenize-command.ts';
import { localDateOf } from '../src/summaries/digest-facts-period.ts';
import { addDays } from '../src/time/zone-time.ts';
import type { DigestRequest } from '../src/summaries/run-digest.ts';

const usage = ['/digest [yesterday|today|week] [preview]'];
const examples = ['/digest preview', '/digest week preview', '/digest today'];
const PERIODS = new Set(['yesterday', 'today', 'week']);
// A period has one message per channel: a second /digest of it updates that message.
const VERBS = {
  posted: 'Posted',
  updated: 'Updated in place',
  reposted: 'Posted again (the earlier message was deleted)',
  skipped: 'Another run is posting',
};

export default defineCommand({
  name: '/digest',
  description: 'Post the daily digest or the weekly report to the managers, or preview it privately',
  usageHint: '[yesterday|today|week] [preview]',
  usage,
  examples,
  async handle(ctx) {
    const words = tokenize(ctx.text.toLowerCase());
    if (words[0] === 'help')
      return ctx.respond(
        renderUsage({
          command: '/digest',
          summary:
            'yesterday (the default) is the day the 09:00 digest covers; today is the day so far; week is the last full Monday-Sunday week',
          usage,
          examples,
        }),
      );
    const preview = words.includes('preview');
    const rest = words.filter((w) => w !== 'preview');
    const period = rest[0] ?? 'yesterday';
    if (rest.length > 1 || !PERIODS.has(period)) {
      return ctx.respond(
        renderUsage({
          command: '/digest',
          usage,
          examples,
          error: `Say which digest: yesterday, today or week (got "${echoInput(rest.join(' '))}").`,
        }),
      );
    }
    const { config, digests } = ctx.services;
    if (!preview) {
      const refusal = await digests.mayPost(ctx.userId, `digest:${period}`);
      if (refusal) return ctx.respond({ text: refusal });
    }
    const today = localDateOf(ctx.services.clock().getTime(), config.timezone);
    const req: DigestRequest = {
      kind: period === 'week' ? 'weekly' : 'daily',
      ...(period === 'today' ? { date: today } : period === 'yesterday' ? { date: addDays(today, -1) } : {}),
      mode: preview ? 'preview' : 'post',
      requestedBy: ctx.userId,
      review: false,
    };
    await respondMeanwhile(ctx, {
      text: `:hourglass_flowing_sand: Building the ${req.kind === 'weekly' ? 'weekly report' : `digest of ${req.date}`}…`,
    });
    const work = () => runAndAnswer(ctx, req);
    // Facts, a draft and a chart take seconds: detached, they do not hold up other commands.
    if (!ctx.services.detach) return work();
    if (!ctx.services.detach(work))
      return ctx.respond({
        replace_original: true,
        text: 'vigil is busy right now (vigil_digest_busy). Try again in a minute.',
      });
  },
});

async function runAndAnswer(ctx: CommandContext, req: DigestRequest): Promise<void> {
  const { config, digests, client } = ctx.services;
  try {
    const outcome = await digests.run(req, { logger: ctx.logger, client });
    if (outcome.status === 'previewed')
      return await ctx.respond({ replace_original: true, text: outcome.message.text, blocks: outcome.message.blocks });
    const where = outcome.channelId ? `<#${outcome.channelId}>` : `#${config.workspace.channels.managers}`;
    await ctx.respond({
      replace_original: true,
      text: `:white_check_mark: ${VERBS[outcome.delivery ?? 'posted']} the ${req.kind} digest (${outcome.facts.label}, ${outcome.written.source}) in ${where}.`,
    });
  } catch (err) {
    ctx.logger.error({ err, digest: req }, '/digest failed');
    const e = err as { code?: string; message?: string; hint?: string };
    await ctx.respond({
      replace_original: true,
      text: `The digest failed: ${e.message ?? String(err)}${e.hint ? ` ${e.hint}` : ''}${e.code ? ` (${e.code})` : ''}`,
    });
  }
}
