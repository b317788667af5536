// `vigil digest`: builds the daily digest (or weekly report) and prints it exactly as it would be posted; posts and stores nothing.
import pino from 'pino';
import { prepareDigest, summaryWriterOf, type SummaryWriter } from '../summaries/run-digest.ts';
import { openWatchContext } from './open-watch-context.ts';

/** Options of `vigil digest`. */
export interface DigestCliOptions {
  date?: string;
  weekly?: boolean;
  json?: boolean;
}

/** The printed digest: its text, or with --json `{ kind, source, text, replaced: [{ sentence, numbers }] }`. */
export async function runDigestCli(
  env: NodeJS.ProcessEnv,
  opts: DigestCliOptions,
  write?: SummaryWriter,
): Promise<string[]> {
  const ctx = await openWatchContext(env);
  try {
    const logger = pino({ level: 'silent' });
    const { written } = await prepareDigest(
      {
        config: ctx.config,
        pool: ctx.pool,
        warehouse: ctx.warehouse,
        logger,
        clock: () => new Date(),
        write: write ?? summaryWriterOf(ctx.config, logger),
      },
      opts.weekly ? 'weekly' : 'daily',
      opts.date,
    );
    if (opts.json) {
      const replaced = written.replaced.map((r) => ({ sentence: r.sentence, numbers: r.numbers }));
      return [JSON.stringify({ kind: written.kind, source: written.source, text: written.text, replaced }, null, 2)];
    }
    return [written.text];
  } finally {
    await ctx.close();
  }
}
