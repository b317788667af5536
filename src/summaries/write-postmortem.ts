// The postmortem of an incident: its summary facts and what people said on its timeline -> written by the
// summaries' pipeline (pseudonymised, number-checked, template fallback) -> Markdown -> stored (a rewrite
// replaces it, one version up) -> uploaded to the incident channel as a file.
import type { WebClient } from '@slack/web-api';
import { VigilError } from '../errors.ts';
import { audit, getIncident } from '../incidents/incident-store.ts';
import type { IncidentEvidence } from '../incidents/incident-types.ts';
import { incidentTimelineMessages } from '../incidents/timeline-message-store.ts';
import type { WrittenSummary } from '../drafting/draft-schema.ts';
import type { IncidentSummaryFacts } from './digest-facts-schema.ts';
import { incidentFactsAt, type IncidentSummaryDeps } from './post-incident-summary.ts';
import { recordPostmortemUpload, savePostmortem } from './postmortem-store.ts';
import { renderPostmortem } from './render-postmortem.ts';

/** What was written, stored and uploaded; `uploadError` says why a document with a channel was not uploaded. */
export interface PostmortemOutcome {
  incidentId: number;
  version: number;
  written: WrittenSummary;
  facts: IncidentSummaryFacts;
  markdown: string;
  uploaded: { channelId: string; fileId: string } | null;
  uploadError: VigilError | null;
}

/** The file name the document is uploaded under. */
export const postmortemFilename = (incidentId: number) => `postmortem-incident-${incidentId}.md`;

/** Writes incident `incidentId`'s postmortem, stores it and uploads it to the incident channel (with a client). */
export async function writePostmortem(
  deps: IncidentSummaryDeps,
  incidentId: number,
  requestedBy: string,
): Promise<PostmortemOutcome> {
  const log = deps.logger.child({ incident: incidentId, postmortem: true, requestedBy });
  const now = deps.clock();
  const summaryFacts = await incidentFactsAt(deps, incidentId, now);
  const incident = await getIncident(deps.pool, incidentId);
  const people = await incidentTimelineMessages(deps.pool, incidentId);
  const facts: IncidentSummaryFacts = {
    ...summaryFacts,
    peopleTimeline: people.map((m) => ({ at: m.postedAt.toISOString(), author: m.author, text: m.text })),
    evidence: evidenceFact(incident.evidence),
  };
  const written = await deps.write(facts);
  const markdown = renderPostmortem(facts, written, {
    commander: incident.ownerUserId,
    comms: incident.commsUserId ?? null,
    scribe: incident.scribeUserId ?? null,
  });
  const stored = await savePostmortem(deps.pool, {
    incidentId,
    source: written.source,
    markdown,
    facts,
    replaced: written.replaced,
    writtenBy: requestedBy,
    writtenAt: now,
  });
  await audit(deps.pool, requestedBy, 'incident.postmortem', `incident:${incidentId}`, {
    version: stored.version,
    source: written.source,
    replaced: written.replaced.length,
  });
  let uploaded: PostmortemOutcome['uploaded'] = null;
  let uploadError: VigilError | null = null;
  if (deps.client && incident.channelId) {
    try {
      const fileId = await uploadDocument(deps.client, incident.channelId, {
        markdown,
        filename: postmortemFilename(incidentId),
        title: `Postmortem: ${incident.title} (incident #${incidentId}, version ${stored.version})`,
        comment: `:page_facing_up: Postmortem of incident #${incidentId}, version ${stored.version} (${authorOf(written)}). Responders: fill in *What went well* and *What to improve*.`,
      });
      uploaded = { channelId: incident.channelId, fileId };
      await recordPostmortemUpload(deps.pool, incidentId, stored.version, uploaded);
    } catch (err) {
      uploadError = uploadFailure(err, incidentId);
      log.warn({ err }, 'could not upload the postmortem; it is stored');
    }
  }
  log.info(
    { version: stored.version, source: written.source, replaced: written.replaced.length, fileId: uploaded?.fileId },
    'postmortem written',
  );
  return { incidentId, version: stored.version, written, facts, markdown, uploaded, uploadError };
}

// The card's evidence as facts: numbers that are not finite are left out, so the facts stay checkable.
function evidenceFact(ev: IncidentEvidence | null): IncidentSummaryFacts['evidence'] {
  if (!ev) return null;
  const finite = (x: unknown) => (typeof x === 'number' && Number.isFinite(x) ? x : null);
  return {
    bucket: ev.bucket,
    bandLow: finite(ev.bandLow),
    bandHigh: finite(ev.bandHigh),
    contributors: (ev.contributors ?? [])
      .filter((c) => finite(c.observed) !== null && finite(c.expected) !== null)
      .slice(0, 5)
      .map((c) => ({ slice: c.slice, observed: c.observed, expected: c.expected })),
  };
}

/** Who wrote the document, in a few words: "drafted by the LLM", "the template: timeout: …". */
export function authorOf(w: WrittenSummary): string {
  if (w.source === 'llm') return 'drafted by the LLM, figures checked';
  if (w.source === 'mixed')
    return `drafted by the LLM; ${w.replaced.length} sentence${w.replaced.length === 1 ? '' : 's'} with a figure not in the data rewritten by the template`;
  return `written by the template${w.fallbackReason ? `, because ${w.fallbackReason}` : ''}`;
}

// files.getUploadURLExternal, the bytes, files.completeUploadExternal: what the client's uploadV2 does
// (https://api.slack.com/messaging/files#uploading_files).
async function uploadDocument(
  client: WebClient,
  channelId: string,
  doc: { markdown: string; filename: string; title: string; comment: string },
): Promise<string> {
  const result = await client.files.uploadV2({
    channel_id: channelId,
    content: doc.markdown,
    filename: doc.filename,
    title: doc.title,
    initial_comment: doc.comment,
  });
  const completions = (result as { files?: Array<{ files?: Array<{ id?: string }> }> }).files;
  const id = completions?.[0]?.files?.[0]?.id;
  if (!id) throw new Error('Slack accepted the upload but returned no file id');
  return id;
}

function uploadFailure(err: unknown, incidentId: number): VigilError {
  const e = err as { data?: { error?: string; needed?: string }; message?: string };
  const error = e.data?.error ?? e.message ?? String(err);
  const next =
    error === 'missing_scope'
      ? `Add ${e.data?.needed ?? 'files:write'} to the bot scopes (manifest.yml lists it) and reinstall the app.`
      : error === 'not_in_channel' || error === 'channel_not_found'
        ? 'Invite vigil to the incident channel (/invite @vigil) and run /incident postmortem again.'
        : 'Run /incident postmortem again later.';
  return new VigilError(
    'vigil_postmortem_upload_failed',
    `The postmortem is stored, but Slack refused the upload: ${error}.`,
    `${next} Meanwhile \`vigil incident export ${incidentId} --format md\` prints it.`,
    { cause: err },
  );
}
