// Puts a chart PNG on Slack (files.uploadV2) so a message or an image block can show it.
import type { WebClient } from '@slack/web-api';
import { VigilError } from '../errors.ts';

/** The chart to upload and where: into a channel (optionally a thread), or nowhere, to show it in an image block by file id. */
export interface ChartUpload {
  png: Buffer;
  /** The file's title in Slack, e.g. "Refund rate, city=jakarta". */
  title: string;
  /** What the chart shows, for screen readers. */
  altText: string;
  filename?: string;
  channelId?: string;
  /** Only with channelId: post the chart as a reply in this thread. */
  threadTs?: string;
  initialComment?: string;
  /** Give up after this long (default 30 s): a rate-limited upload must not hold up the incident. */
  deadlineMs?: number;
}

/** The uploaded file: its id (for `slack_file: { id }`) and its permalink. */
export interface UploadedChart {
  fileId: string;
  permalink?: string;
}

/** Default ceiling on one upload (three Web API calls and the file PUT). */
export const DEFAULT_UPLOAD_DEADLINE_MS = 30_000;

/** Uploads the PNG and returns the file id; every failure is a VigilError and the caller carries on without the chart. */
export async function uploadChart(client: WebClient, upload: ChartUpload): Promise<UploadedChart> {
  const deadlineMs = upload.deadlineMs ?? DEFAULT_UPLOAD_DEADLINE_MS;
  const where = upload.channelId
    ? {
        channel_id: upload.channelId,
        ...(upload.threadTs ? { thread_ts: upload.threadTs } : {}),
        ...(upload.initialComment ? { initial_comment: upload.initialComment } : {}),
      }
    : {};
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new VigilError(
            'vigil_chart_upload_timeout',
            `Uploading the chart to Slack took longer than ${deadlineMs} ms.`,
            'Slack is slow or rate limiting file uploads; vigil carries on without the chart.',
          ),
        ),
      deadlineMs,
    );
  });
  try {
    const result = await Promise.race([
      client.files.uploadV2({
        file: upload.png,
        filename: upload.filename ?? 'chart.png',
        title: upload.title,
        alt_text: upload.altText,
        ...where,
      }),
      deadline,
    ]);
    const file = uploadedFile(result);
    if (!file?.id)
      throw new VigilError(
        'vigil_chart_upload_failed',
        'Slack accepted the chart upload but returned no file id.',
        'Retry later; vigil carries on without the chart.',
      );
    return { fileId: file.id, ...(file.permalink ? { permalink: file.permalink } : {}) };
  } catch (err) {
    throw toVigilError(err);
  } finally {
    clearTimeout(timer);
  }
}

// uploadV2 answers { files: [completeUploadExternal result, ...] }, each with its own `files`.
function uploadedFile(result: unknown): { id?: string; permalink?: string } | undefined {
  const completions = (result as { files?: Array<{ files?: Array<{ id?: string; permalink?: string }> }> }).files;
  return completions?.[0]?.files?.[0];
}

/** A Slack upload failure as a VigilError saying what to do next. */
export function toVigilError(err: unknown): VigilError {
  if (err instanceof VigilError) return err;
  const e = err as {
    code?: string;
    data?: { error?: string; needed?: string };
    retryAfter?: number;
    statusCode?: number;
    message?: string;
  };
  const fallback = 'The incident carries on without the chart.';
  if (e.code === 'slack_webapi_platform_error') {
    const error = e.data?.error ?? 'unknown_error';
    if (error === 'missing_scope') {
      return new VigilError(
        'vigil_chart_missing_scope',
        `Slack refused the chart upload: the app lacks the ${e.data?.needed ?? 'files:write'} scope.`,
        `Add files:write to the bot scopes (manifest.yml lists it), reinstall the app to the workspace, and use the new bot token. ${fallback}`,
        { cause: err },
      );
    }
    if (error === 'not_in_channel' || error === 'channel_not_found') {
      return new VigilError(
        'vigil_chart_channel',
        `Slack refused the chart upload: ${error}.`,
        `Invite vigil to the channel (/invite @vigil) or check the channel id. ${fallback}`,
        { cause: err },
      );
    }
    return new VigilError(
      'vigil_chart_upload_failed',
      `Slack refused the chart upload: ${error}.`,
      `Look up "${error}" in the files.getUploadURLExternal / files.completeUploadExternal docs. ${fallback}`,
      { cause: err },
    );
  }
  // A 429 surfaces as a rate-limited error when the client rejects such calls, or as its retry's message once retries run out.
  if (e.code === 'slack_webapi_rate_limited_error' || /rate limit was exceeded/i.test(e.message ?? '')) {
    const after = typeof e.retryAfter === 'number' ? ` Slack asks to wait ${e.retryAfter} s.` : '';
    return new VigilError(
      'vigil_chart_rate_limited',
      `Slack rate limited the chart upload.${after}`,
      `Upload fewer charts at once (each is three Web API calls); retry after the wait. ${fallback}`,
      { cause: err },
    );
  }
  const message = e.message ?? String(err);
  return new VigilError(
    'vigil_chart_upload_failed',
    `Uploading the chart to Slack failed: ${message}`,
    `Check that Slack (and files.slack.com) is reachable from this host. ${fallback}`,
    { cause: err },
  );
}
