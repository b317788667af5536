// Registers `vigil digest` on a commander program; the work happens in run-digest-cli.ts.
import { type Command, InvalidArgumentError } from 'commander';
import { formatError } from '../errors.ts';
import type { DigestCliOptions } from './run-digest-cli.ts';

function localDate(value: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`)))
    throw new InvalidArgumentError('use a local date YYYY-MM-DD, e.g. 2026-06-02.');
  return value;
}

/** Adds the `digest` command to `program`. */
export function addDigestCommand(program: Command): Command {
  return program
    .command('digest')
    .description(
      'print the daily digest (or with --weekly the weekly report) exactly as it would be posted; with --post post it (once per period: a re-run updates the message in place)',
    )
    .option(
      '--date <YYYY-MM-DD>',
      'first local day (VIGIL_TIMEZONE) of the period (default: yesterday, or the last full Monday-Sunday week)',
      localDate,
    )
    .option('--weekly', 'the weekly report (week over week) instead of the daily digest')
    .option(
      '--lang <tag>',
      'the language of the digest (BCP 47, e.g. id or id-ID) instead of vigil.yml digest.language',
    )
    .option(
      '--post',
      "post it to the managers' channel and digest.also_to (no review); a period posted already is updated in place",
    )
    .option(
      '--json',
      'print { "kind", "language", "source": "llm" | "template" | "mixed", "fallbackReason" (when not llm), "text", "replaced": [{ "sentence", "numbers" }] }',
    )
    .action(async (opts: DigestCliOptions) => {
      try {
        // Imported on use, so `vigil --help` answers without loading the database engine.
        const lines = await (await import('./run-digest-cli.ts')).runDigestCli(process.env, opts);
        for (const line of lines) console.log(line);
      } catch (err) {
        console.error(formatError(err));
        process.exitCode = 1;
      }
    });
}
