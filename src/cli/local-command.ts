// Registers `vigil local url`; the work happens in run-local-url.ts.
import type { Command } from 'commander';
import { formatError } from '../errors.ts';

/** Adds `local url` to the program. */
export function addLocalCommand(program: Command): Command {
  const local = program
    .command('local')
    .description(
      'the local workspace: a stand-in for Slack that `vigil start` serves when no Slack credentials are set',
    );
  local
    .command('url')
    .description(
      "print the running bot's local workspace address with its access token (open it in a browser; it keeps the token in a cookie)",
    )
    .action(async () => {
      try {
        // Imported on use, so `vigil --help` stays fast.
        for (const line of await (await import('./run-local-url.ts')).runLocalUrl(process.env)) console.log(line);
      } catch (err) {
        console.error(formatError(err));
        process.exitCode = 1;
      }
    });
  return local;
}
