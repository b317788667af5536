// Registers `vigil demo replay` under the `demo` command; the work happens in run-demo-replay.ts.
import { type Command, InvalidArgumentError, Option } from 'commander';
import { REPLAY_SPEED } from '../demo/replay-plan.ts';
import { formatError } from '../errors.ts';
import { dateOption } from './option-instant.ts';
import type { DemoReplayFlags } from './run-demo-replay.ts';

function speed(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < REPLAY_SPEED.min || n > REPLAY_SPEED.max) {
    throw new InvalidArgumentError(
      `--speed must be a whole number of simulated hours a second, from ${REPLAY_SPEED.min} to ${REPLAY_SPEED.max}.`,
    );
  }
  return n;
}

/** Adds `replay` to the `demo` command. */
export function addDemoReplayCommand(demo: Command): Command {
  return demo
    .command('replay')
    .description(
      "ask the running bot (`npm start`) to walk the demo's last days forward: each simulated hour runs the metric checks (and the 09:00 digest), so alerts fire and incidents open on the local workspace page; a replay already running is reported, not restarted",
    )
    .option(
      '--speed <n>',
      `simulated hours a real second (${REPLAY_SPEED.min}-${REPLAY_SPEED.max})`,
      speed,
      REPLAY_SPEED.default,
    )
    .option(
      '--from <iso>',
      'start of the simulated period; a date alone is local midnight (default: 3 days before --to)',
      dateOption,
    )
    .option('--to <iso>', 'end of the simulated period; a date alone is local midnight (default: now)', dateOption)
    .option('--stop', 'stop the replay in progress')
    .addOption(
      new Option('--status', 'say whether a replay runs in the bot and how far it is; starts nothing').conflicts([
        'stop',
        'from',
        'to',
        'speed',
      ]),
    )
    .option(
      '--json',
      'print the replay status { running, at, speed, from, to, runs, anomalies, incidents, digests, error, started } (started: false when one was already running and was left as it is; null: no replay since the bot started)',
    )
    .action(async (opts: DemoReplayFlags) => {
      try {
        // Imported on use, so `vigil --help` stays fast.
        const lines = await (await import('./run-demo-replay.ts')).runDemoReplay(process.env, opts);
        for (const line of lines) console.log(line);
      } catch (err) {
        console.error(formatError(err));
        process.exitCode = 1;
      }
    });
}
