// /investigate: run an investigation playbook (progress in place, results in its thread), list and explain them, post a run again.
import { renderPlaybookHelp, renderPlaybookList } from '../src/blocks/render-playbook-list.ts';
import { echoInput, renderUsage } from '../src/blocks/render-usage.ts';
import { defineCommand } from '../src/slack/command-module.ts';
import { splitKeyValues, tokenize } from '../src/blocks/tokenize-command.ts';
import { playbookContextFor } from '../src/slack/playbook-incident-context.ts';
import { playbookPosterOf, postPlaybookRun, postStoredRun } from '../src/slack/post-playbook-run.ts';
import { catalogOf } from '../src/metrics/load-catalog.ts';

const usage = [
  '/investigate list',
  '/investigate help <playbook>',
  '/investigate <playbook> [key=value ...] [--dry-run]',
  '/investigate again <run-id>',
];
const examples = ['/investigate refund-spike city=jakarta', '/investigate help refund-spike', '/investigate again 12'];
// Some Slack clients turn a typed "--" into an em dash.
const DRY_RUN = /^(--|—)?dry-?run$/i;

export default defineCommand({
  name: '/investigate',
  description: 'Run an investigation playbook; results in a thread',
  usageHint: '<playbook> [key=value ...] | list | help <playbook> | again <run-id>',
  usage,
  examples,
  async handle(ctx) {
    const poster = playbookPosterOf(ctx.services, ctx.logger);
    const { playbooks } = poster;
    const words = tokenize(ctx.text);
    const first = words.shift()?.toLowerCase();
    const refuse = (error: string, lines = usage) =>
      ctx.respond(renderUsage({ command: '/investigate', usage: lines, examples, error }));
    const unknown = (id: string) =>
      refuse(
        `There is no playbook "${echoInput(id)}" (vigil_playbook_not_found). Use one of: ${
          playbooks
            .list()
            .map((p) => p.id)
            .join(', ') || 'none loaded'
        }.`,
      );
    if (!first || (first === 'help' && words.length === 0)) {
      return ctx.respond(
        renderUsage({
          command: '/investigate',
          summary: 'run an investigation playbook; `/investigate list` shows them',
          usage,
          examples,
        }),
      );
    }
    if (first === 'list') return ctx.respond(renderPlaybookList(playbooks.list(), playbooks.problems()));
    if (first === 'help') {
      const playbook = playbooks.get(words[0]!);
      return playbook ? ctx.respond(renderPlaybookHelp(playbook)) : unknown(words[0]!);
    }
    if (first === 'again' || first === 'show') {
      const runId = Number(words[0]?.replace(/^#/, ''));
      if (!Number.isInteger(runId) || runId <= 0)
        return refuse('Say which run, e.g. `/investigate again 12` (the headline of each run shows its number).');
      const found = await postStoredRun(poster, runId, {
        channelId: ctx.channelId,
        userId: ctx.userId,
        respond: ctx.respond,
      });
      return found
        ? undefined
        : refuse(
            `There is no stored run #${runId} (vigil_playbook_run_not_found). Each run's headline shows its number.`,
          );
    }
    const playbook = playbooks.get(first);
    if (!playbook) return unknown(first);
    const dryRun = words.some((w) => DRY_RUN.test(w));
    const { positional, options: given, problems } = splitKeyValues(words.filter((w) => !DRY_RUN.test(w)));
    const params = Object.keys(playbook.params);
    const playbookUsage = [
      `/investigate ${playbook.id} ${params.map((p) => `[${p}=…]`).join(' ')}`.trim(),
      `/investigate help ${playbook.id}`,
    ];
    if (problems.length > 0)
      return refuse(
        `Could not read ${echoInput(problems.join('; '))}. Quote a value with spaces whole: city="kuala lumpur".`,
        playbookUsage,
      );
    if (positional.length > 0)
      return refuse(
        `Give parameters as key=value (got ${echoInput(positional.map((w) => `"${w}"`).join(', '))}); ${playbook.id} takes ${params.join(', ') || 'none'}.`,
        playbookUsage,
      );
    // In an incident channel the incident's metric, slice and window fill the parameters the playbook takes from it.
    const incident = await ctx.services.incidents.byChannel(ctx.channelId);
    const context = incident
      ? await playbookContextFor(ctx.services.incidents, incident, catalogOf(ctx.services.config))
      : undefined;
    const checked = playbooks.check(playbook.id, given, context);
    if (!checked.ok) return refuse(`${checked.message} ${checked.hint} (${checked.code})`, playbookUsage);
    const work = async () => {
      const outcome = await postPlaybookRun(poster, {
        playbookId: playbook.id,
        given,
        userId: ctx.userId,
        channelId: ctx.channelId,
        incident: context,
        dryRun,
        respond: ctx.respond,
      });
      if (!outcome.ok) await refuse(`${outcome.message} ${outcome.hint} (${outcome.code})`, playbookUsage);
    };
    // A run takes seconds: detached, it does not hold up other commands and buttons behind it.
    if (!ctx.services.detach) return work();
    if (!ctx.services.detach(work))
      return refuse('vigil is running too many playbooks right now (vigil_playbooks_busy). Try again in a minute.');
  },
});
