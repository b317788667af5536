// `vigil incident export`: an incident's stored postmortem (Markdown, exactly as uploaded) or its full record
// (JSON: the incident, its evidence, vigil's timeline, what people said, actions, playbook runs, the postmortem's
// version), read through each table's store.
import type pg from 'pg';
import { VigilError } from '../errors.ts';
import { getIncident, incidentTimeline } from '../incidents/incident-store.ts';
import { parseIncidentId } from '../incidents/parse-incident-id.ts';
import { incidentTimelineMessages } from '../incidents/timeline-message-store.ts';
import { incidentRuns } from '../playbooks/playbook-run-store.ts';
import { listActions } from './actions-store.ts';
import { findPostmortem } from './postmortem-store.ts';

/** What `--format` takes. */
export const EXPORT_FORMATS = ['md', 'json'] as const;
/** An export format. */
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** The incident number of `text` (12 or #12), or a VigilError saying how to find one. */
export function exportIncidentId(text: string): number {
  const id = parseIncidentId(text.trim());
  if (id === undefined)
    throw new VigilError(
      'vigil_incident_not_found',
      `"${text}" is not an incident number.`,
      'Give the number as /incident list all shows it, e.g. `vigil incident export 12 --format md`.',
    );
  return id;
}

/** The export of incident `id` as printed: the stored postmortem's Markdown, or the full record as JSON. */
export async function exportIncident(pool: pg.Pool, id: number, format: ExportFormat): Promise<string> {
  const { evidence, ...incident } = await getIncident(pool, id);
  const postmortem = await findPostmortem(pool, id);
  if (format === 'md') {
    if (!postmortem)
      throw new VigilError(
        'vigil_postmortem_not_written',
        `Incident #${id} has no postmortem yet.`,
        `Write it in Slack with \`/incident postmortem ${id}\`, or print the incident's record with \`--format json\`.`,
      );
    return postmortem.markdown;
  }
  // One query at a time: on the embedded database connections share one session.
  const timeline = await incidentTimeline(pool, id);
  const peopleTimeline = await incidentTimelineMessages(pool, id);
  const actions = await listActions(pool, { incidentId: id });
  const playbookRuns = await incidentRuns(pool, id);
  const record = {
    incident,
    evidence,
    timeline,
    peopleTimeline,
    actions,
    playbookRuns,
    postmortem: postmortem && {
      version: postmortem.version,
      source: postmortem.source,
      writtenBy: postmortem.writtenBy,
      writtenAt: postmortem.writtenAt,
      channelId: postmortem.channelId,
      fileId: postmortem.fileId,
      replaced: postmortem.replaced,
    },
  };
  return JSON.stringify(record, null, 2);
}
