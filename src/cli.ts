// The `vigil` command line: start, migrate, demo seed. Errors print their fix and exit 1.
import { Command, InvalidArgumentError } from 'commander';
import { addDemoReplayCommand } from './cli/demo-replay-command.ts';
import { addDigestCommand } from './cli/digest-command.ts';
import { addIncidentCommand } from './cli/incident-command.ts';
import { addLocalCommand } from './cli/local-command.ts';
import { addRcaCommand } from './cli/rca-command.ts';
import { formatError } from './errors.ts';
import { dateOption } from './cli/option-instant.ts';
import { VERSION } from './version.ts';

function integer(name: string, min: number, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value) || n < min || n > max)
      throw new InvalidArgumentError(`${name} must be a whole number from ${min} to ${max}.`);
    return n;
  };
}

async function run(action: () => Promise<string[] | void>): Promise<void> {
  try {
    const lines = await action();
    if (lines) for (const line of lines) console.log(line);
  } catch (err) {
    console.error(formatError(err));
    process.exitCode = 1;
  }
}

const program = new Command('vigil')
  .description(
    'Watches marketplace health metrics, opens incidents in Slack, runs playbooks, drafts checked summaries.',
  )
  .version(VERSION)
  .showHelpAfterError('(run `vigil --help` or `vigil <command> --help` for usage)')
  .configureOutput({ outputError: (text, write) => write(`error: ${text.replace(/^error: /, '')}`) });

program
  .command('start')
  .description(
    'run the bot: migrations, embedded database unless DATABASE_URL is set, demo seed on first start, HTTP /healthz and /metrics',
  )
  // Imported on use, so `vigil --help` answers without loading the database engine.
  .action(() => run(async () => (await import('./main.ts')).startVigil(process.env)));

program
  .command('migrate')
  .description('apply pending database migrations (each once, in a transaction, under an advisory lock)')
  .action(() => run(async () => (await import('./cli/run-migrate.ts')).runMigrate(process.env)));

const demo = program.command('demo').description('the synthetic demo marketplace');
demo
  .command('seed')
  .description('write a deterministic synthetic marketplace into the warehouse schema, replacing the previous one')
  .option('--days <n>', 'days of history to generate (35-730)', integer('--days', 35, 730), 120)
  .option('--seed <s>', 'random seed; the same seed and end give the same data', integer('--seed', 0, 2 ** 31 - 1), 1)
  .option('--labels-out <file>', 'also write the injected incidents (ground truth) as a JSON array to this file')
  .option(
    '--end <date>',
    'end of the generated period; a date alone is local midnight (default: the start of the current hour)',
    dateOption,
  )
  .action((opts: { days: number; seed: number; labelsOut?: string; end?: string }) =>
    run(async () =>
      (await import('./cli/run-demo-seed.ts')).runDemoSeed(process.env, opts, (msg) => console.error(msg)),
    ),
  );

demo
  .command('check')
  .description(
    'measure every injected incident in the seeded data (its metric in its slice and window vs the weeks before); exit 1 if one does not show',
  )
  .option('--labels <file>', 'labels written by `demo seed --labels-out` (default: warehouse.injected_incidents)')
  .option('--json', 'print { ok, incidents: [{ id, kind, metric, slice, observed, baseline, ratio, visible }] }')
  .action((opts: { labels?: string; json?: boolean }) =>
    run(async () => {
      const { lines, ok } = await (await import('./cli/run-demo-check.ts')).runDemoCheck(process.env, opts);
      if (!ok) process.exitCode = 1;
      return lines;
    }),
  );

addDemoReplayCommand(demo);
addLocalCommand(program);

program
  .command('detect')
  .description(
    "judge a timestamp,value CSV with the scheduler's own judge (a catalog value metric, grain from the spacing, said on stderr); prints timestamp,value,anomaly_score (score in [0,1], 0.5 and up where an alert fires; NAB's input format)",
  )
  .requiredOption(
    '--csv <file>',
    'the series: header "timestamp,value", one row per observation (rows out of order are sorted, with a warning)',
  )
  .action((opts: { csv: string }) => run(async () => (await import('./cli/run-detect.ts')).runDetect(opts.csv)));

program
  .command('check')
  .description(
    'judge the newest complete bucket of every catalog metric (or one) and print the anomalies; records them and opens incidents unless --dry-run',
  )
  .option('--at <iso>', 'judge as of this moment; a date alone is local midnight (default: now)', dateOption)
  .option('--metric <id>', 'only this catalog metric')
  .option('--dry-run', 'judge and print, record nothing')
  .option(
    '--json',
    'print { at, dryRun, metricsJudged, metrics: { <id>: { judged, unjudged: { no_data, no_history }, low_history } }, anomalies: [{ metric, slice, bucket, since, observed, expected, band, score, severity, impact, reason, low_history }], recovering: [slices still in an alert but no longer anomalous, same fields], errors }',
  )
  .action((opts: { at?: string; metric?: string; dryRun?: boolean; json?: boolean }) =>
    run(async () => (await import('./cli/run-check.ts')).runCheck(process.env, opts)),
  );

program
  .command('backtest')
  .description(
    'replay catalog metrics bucket by bucket over a period (no look-ahead); print the alerts, alerts per week, detection delay and, with labelled incidents, precision and recall',
  )
  .option('--metric <id>', 'only this catalog metric')
  .requiredOption('--from <iso>', 'start of the replayed period; a date alone is local midnight', dateOption)
  .requiredOption('--to <iso>', 'end of the replayed period; a date alone is local midnight', dateOption)
  .option(
    '--json',
    'print { alerts: [{ metric, slice, start, end, severity, score, raised_at, delay_minutes, low_history }], metrics: { <id>: { alerts, precision, recall, judged, unjudged: { no_data, no_history }, low_history } } }',
  )
  .option(
    '--incidents',
    'also run the live path (evaluation, grouping, open, update, reopen) tick by tick on a throwaway state database, resolving each incident when vigil notes its recovery, and list the incidents (JSON: incidents: [{ id, metric, slices, opened_at, resolved_at, severity, related_metrics, likely_cause }])',
  )
  .action((opts: { metric?: string; from: string; to: string; json?: boolean; incidents?: boolean }) =>
    run(async () => (await import('./cli/run-backtest-cli.ts')).runBacktestCli(process.env, opts)),
  );

addRcaCommand(program);
addDigestCommand(program);
addIncidentCommand(program);

const playbook = program
  .command('playbook')
  .description('investigation playbooks (playbooks/*.yml), the same engine as /investigate');
playbook
  .command('list')
  .description('the playbooks that load, and any file that does not (exit 1 then)')
  .option('--json', 'print { playbooks: [{ id, title, description, metrics, params, steps }], problems }')
  .action((opts: { json?: boolean }) =>
    run(async () => (await import('./cli/run-playbook-cli.ts')).listPlaybooks(process.env, opts)),
  );
playbook
  .command('run')
  .description('run a playbook against the warehouse and store the run; parameters as name=value')
  .argument('<id>', 'the playbook id (see `vigil playbook list`)')
  .argument('[params...]', 'parameters, e.g. city=jakarta window=24h')
  .option('--dry-run', 'print the SQL each step would run, with its parameters; query and store nothing')
  .option('--json', 'print { id, ok, steps: [{ id, kind, ok, rows, ms }], findings }')
  .action((id: string, params: string[], opts: { dryRun?: boolean; json?: boolean }) =>
    run(async () => (await import('./cli/run-playbook-cli.ts')).runPlaybookCli(process.env, id, params, opts)),
  );

await program.parseAsync(process.argv);
