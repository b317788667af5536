// `vigil playbook list|run`: the same engine and store as /investigate, from the command line.
import pg from 'pg';
import pino from 'pino';
import { loadConfig } from '../config/load-config.ts';
import { VigilError } from '../errors.ts';
import { createPlaybookService } from '../playbooks/create-playbook-service.ts';
import { loadPlaybooks } from '../playbooks/load-playbooks.ts';
import { runToJson } from '../playbooks/run-types.ts';
import { openWatchContext } from './open-watch-context.ts';
import { printPlaybookRun } from './print-playbook-run.ts';

/** `vigil playbook list`: the playbooks and any files that did not load (exit 1 if one did not). */
export function listPlaybooks(env: NodeJS.ProcessEnv, opts: { json?: boolean }): string[] {
  const { playbooks, problems } = loadPlaybooks(loadConfig(env).playbooksDir);
  if (problems.length > 0) process.exitCode = 1;
  if (opts.json) {
    return [
      JSON.stringify(
        {
          playbooks: playbooks.map((p) => ({
            id: p.id,
            title: p.title,
            description: p.description,
            metrics: p.metrics,
            params: Object.keys(p.params),
            steps: p.steps.length,
          })),
          problems,
        },
        null,
        2,
      ),
    ];
  }
  const width = Math.max(0, ...playbooks.map((p) => p.id.length));
  return [
    ...playbooks.map((p) => `${p.id.padEnd(width)}  ${p.title}: ${firstSentence(p.description)}`),
    ...(problems.length > 0 ? ['', 'Did not load:', ...problems.map((p) => `  ${p}`)] : []),
  ];
}

/** `vigil playbook run <id> [k=v ...]`: runs (and stores) the playbook, or with --dry-run prints its SQL. */
export async function runPlaybookCli(
  env: NodeJS.ProcessEnv,
  id: string,
  words: string[],
  opts: { dryRun?: boolean; json?: boolean },
): Promise<string[]> {
  const given = parseKeyValues(words);
  const user = `cli:${env.USER ?? 'unknown'}`;
  if (opts.dryRun) {
    // A dry run queries nothing, so it opens no database (and works while the bot holds the embedded one).
    const config = loadConfig(env);
    const unused = new pg.Pool({ max: 1 });
    const service = createPlaybookService({
      pool: unused,
      warehouse: unused,
      config,
      logger: pino({ level: 'silent' }),
      clock: () => new Date(),
    });
    return finish(await service.run(id, given, { requestedBy: user, dryRun: true, charts: false }), opts);
  }
  const ctx = await openWatchContext(env);
  try {
    const service = createPlaybookService({
      pool: ctx.pool,
      warehouse: ctx.warehouse,
      config: ctx.config,
      logger: pino({ level: 'silent' }),
      clock: () => new Date(),
    });
    return finish(await service.run(id, given, { requestedBy: user, charts: false }), opts);
  } finally {
    await ctx.close();
  }
}

function finish(
  outcome: Awaited<ReturnType<ReturnType<typeof createPlaybookService>['run']>>,
  opts: { json?: boolean },
): string[] {
  if (!outcome.ok) throw new VigilError(outcome.code, outcome.message, outcome.hint);
  if (!outcome.result.ok) process.exitCode = 1;
  if (opts.json) return [JSON.stringify(runToJson(outcome.result), null, 2)];
  return printPlaybookRun(outcome.result, outcome.runId);
}

function parseKeyValues(words: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const w of words) {
    const m = /^([a-z_][a-z0-9_]*)=(.*)$/i.exec(w);
    if (!m)
      throw new VigilError(
        'vigil_playbook_bad_argument',
        `"${w}" is not a parameter.`,
        'Write parameters as name=value, e.g. city=jakarta window=24h.',
      );
    out[m[1]!.toLowerCase()] = m[2]!;
  }
  return out;
}

function firstSentence(text: string): string {
  const s = text.trim().split(/(?<=\.)\s/)[0] ?? '';
  return s.length > 100 ? `${s.slice(0, 99)}…` : s;
}
