// Posts a run's results as replies in a thread: step messages, and charts uploaded as PNGs between them.
import type { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import { uploadChart } from '../charts/upload-chart.ts';
import { VigilError } from '../errors.ts';
import { slackErrorCode } from '../incidents/incident-slack.ts';
import type { PlaybookRunResult } from '../playbooks/run-types.ts';
import { escapeMrkdwn } from '../blocks/block-limits.ts';
import { planThread } from '../blocks/render-playbook-thread.ts';

/** Where the thread is. */
export interface ThreadTarget {
  client: WebClient;
  channelId: string;
  threadTs: string;
  logger: Logger;
  timezone: string;
  /** Ceiling on one chart upload (default: uploadChart's 30 s). */
  uploadDeadlineMs?: number;
}

/** Posts every step in order; a failed chart upload or reply is said in the thread (or logged) and the rest still post. Returns what went wrong. */
export async function postPlaybookThread(target: ThreadTarget, result: PlaybookRunResult): Promise<string[]> {
  const { client, channelId, threadTs, logger } = target;
  const problems: string[] = [];
  for (const post of planThread(result, target.timezone)) {
    if (post.kind === 'message') {
      try {
        await client.chat.postMessage({
          channel: channelId,
          thread_ts: threadTs,
          text: post.message.text,
          blocks: post.message.blocks,
        });
      } catch (err) {
        const code = slackErrorCode(err);
        logger.warn({ err, code }, 'could not post playbook results in the thread');
        problems.push(`a reply with step results did not post (${code})`);
      }
      continue;
    }
    try {
      await uploadChart(client, {
        png: post.png,
        title: post.title,
        altText: post.altText,
        filename: post.filename,
        channelId,
        threadTs,
        ...(target.uploadDeadlineMs ? { deadlineMs: target.uploadDeadlineMs } : {}),
      });
    } catch (err) {
      const e =
        err instanceof VigilError ? err : new VigilError('vigil_chart_upload_failed', String(err), 'Retry later.');
      logger.warn(
        { err, code: e.code, step: post.stepId },
        'playbook chart upload failed; the run carries on without it',
      );
      problems.push(`the chart of \`${post.stepId}\` did not upload`);
      const text = `:warning: The chart of \`${escapeMrkdwn(post.stepId)}\` could not be uploaded: ${escapeMrkdwn(e.message)} ${escapeMrkdwn(e.hint)}`;
      await client.chat.postMessage({ channel: channelId, thread_ts: threadTs, text }).catch((postErr: unknown) => {
        logger.warn({ err: postErr }, 'could not say in the thread that the chart upload failed');
      });
    }
  }
  return problems;
}
