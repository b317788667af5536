// Registers `vigil incident export` on a commander program; the work happens in summaries/export-incident.ts.
import { type Command, InvalidArgumentError } from 'commander';
import { formatError } from '../errors.ts';
import { EXPORT_FORMATS, type ExportFormat } from '../summaries/export-incident.ts';

function exportFormat(value: string): ExportFormat {
  if (!(EXPORT_FORMATS as readonly string[]).includes(value))
    throw new InvalidArgumentError(
      "use md (the postmortem document) or json (the incident's full record), e.g. --format md.",
    );
  return value as ExportFormat;
}

/** Adds `incident export <id> --format md|json` to `program`. */
export function addIncidentCommand(program: Command): Command {
  const incident = program.command('incident').description('incidents in the bot database');
  incident
    .command('export')
    .description(
      "print an incident's postmortem as uploaded (--format md) or its full record (--format json: incident, evidence, timeline, peopleTimeline, actions, playbookRuns, postmortem)",
    )
    .argument('<id>', 'the incident number, as /incident list all shows it')
    .requiredOption('--format <md|json>', 'md or json', exportFormat)
    .action(async (id: string, opts: { format: ExportFormat }) => {
      try {
        // Imported on use, so `vigil --help` answers without loading the database engine.
        console.log(await (await import('./run-incident-export.ts')).runIncidentExport(process.env, id, opts.format));
      } catch (err) {
        console.error(formatError(err));
        process.exitCode = 1;
      }
    });
  return incident;
}
