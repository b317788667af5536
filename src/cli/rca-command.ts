// Registers `vigil rca` on a commander program; the work happens in run-rca.ts.
import type { Command } from 'commander';
import { formatError } from '../errors.ts';
import { runRca, type RcaCliOptions } from './run-rca.ts';

/** Runs `vigil rca` with parsed options: prints the result, or the error with its fix and exit code 1. */
export function rcaAction(opts: RcaCliOptions): void {
  try {
    for (const line of runRca(opts)) console.log(line);
  } catch (err) {
    console.error(formatError(err));
    process.exitCode = 1;
  }
}

/** Adds the `rca` command to `program`. */
export function addRcaCommand(program: Command): Command {
  return program
    .command('rca')
    .description(
      'root-cause drill-down: which dimension-value combinations explain the change between expected and actual in a leaf CSV (RiskLoc-style search)',
    )
    .requiredOption(
      '--csv <file>',
      'one row per leaf (combination of dimension values) with a header row; quoted fields allowed',
    )
    .requiredOption('--dims <a,b,c>', 'the dimension columns, comma-separated')
    .option('--actual <col>', 'additive measure: the actual value column (total = sum of leaves)')
    .option('--expected <col>', 'additive measure: the expected (forecast) value column')
    .option('--num <col>', 'ratio measure (rate = sum(num) / sum(den)): the actual numerator column')
    .option('--den <col>', 'ratio measure: the actual denominator column')
    .option('--expected-num <col>', 'ratio measure: the expected numerator column')
    .option('--expected-den <col>', 'ratio measure: the expected denominator column')
    .option(
      '--json',
      'print { causes: [{ elements: { dim: value }, score, baseline, current, change, contribution, baselineShare }] }, best first',
    )
    .action((opts: RcaCliOptions) => rcaAction(opts));
}
