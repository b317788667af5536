// The progress message of a playbook run, updated in place: "step 2/5: ...", then the done or failed headline. Pure.
import type { KnownBlock } from '@slack/types';
import type { RunProgress } from '../playbooks/playbook-service-types.ts';
import type { PlaybookRunResult } from '../playbooks/run-types.ts';
import { context, escapeMrkdwn, fallbackText, limitBlocks, section, type SlackMessage } from './block-limits.ts';
import { mentionUser } from './format-values.ts';
import { formatMs } from './render-playbook-step.ts';
import { describeRunParams, describeRunWindow } from './render-playbook-window.ts';

/** Findings the headline lists; the rest are in the thread. */
export const HEADLINE_FINDINGS = 8;

/** Who ran what, for the progress and headline messages. */
export interface RunLabel {
  playbookId: string;
  title: string;
  requestedBy: string;
  /** The incident the run is about, when it runs in an incident channel. */
  incidentId?: number;
}

/** "step 2/5: drilling down by city x category". */
export function progressLine(p: RunProgress): string {
  return `step ${p.index}/${p.total}: ${p.step.title || p.step.id}`;
}

/** The in-progress message: who started which playbook, and the step running now. */
export function renderProgress(label: RunLabel, p: RunProgress | undefined): SlackMessage {
  const now = p ? escapeMrkdwn(progressLine(p)) : 'starting';
  const about = label.incidentId !== undefined ? ` on incident #${label.incidentId}` : '';
  const lead = `:hourglass_flowing_sand: *${escapeMrkdwn(label.title)}*${about} · ${now}`;
  return {
    text: fallbackText(escapeMrkdwn(`${label.title}: ${p ? progressLine(p) : 'starting'}`)),
    blocks: [
      section(lead),
      context([
        `\`${escapeMrkdwn(label.playbookId)}\` started by ${mentionUser(label.requestedBy)} · results follow in the thread`,
      ]),
    ],
  };
}

/** The finished message: done or failed (and at which step), the run id, duration and findings. */
export function renderHeadline(
  label: RunLabel,
  result: PlaybookRunResult,
  runId: number | null,
  opts: { again?: boolean } = {},
): SlackMessage {
  const failed = result.steps.filter((s) => !s.ok && !s.skipped);
  const ms = result.finishedAt.getTime() - result.startedAt.getTime();
  const about = label.incidentId !== undefined ? ` on incident #${label.incidentId}` : '';
  const status = result.dryRun
    ? 'dry run (nothing ran)'
    : result.ok
      ? 'done'
      : failed.length > 0
        ? `failed at step ${result.steps.indexOf(failed[0]!) + 1}/${result.steps.length}`
        : 'failed';
  const icon = result.dryRun ? ':memo:' : result.ok ? ':white_check_mark:' : ':x:';
  const run = runId !== null ? ` · run #${runId}` : '';
  const blocks: KnownBlock[] = [section(`${icon} *${escapeMrkdwn(label.title)}*${about} · ${status}${run}`)];
  const findings = result.findings.slice(0, HEADLINE_FINDINGS).map((f) => `• ${escapeMrkdwn(f)}`);
  if (result.findings.length > HEADLINE_FINDINGS)
    findings.push(`_…and ${result.findings.length - HEADLINE_FINDINGS} more in the thread_`);
  if (findings.length > 0) blocks.push(section(findings.join('\n')));
  if (failed.length > 0)
    blocks.push(
      section(
        failed
          .map((s) => `:red_circle: \`${escapeMrkdwn(s.id)}\`: ${escapeMrkdwn(s.error?.message ?? 'failed')}`)
          .join('\n'),
      ),
    );
  const timezone = result.timezone ?? 'UTC';
  const params = describeRunParams(result, timezone);
  const window = describeRunWindow(result, timezone);
  if (result.conclusion) blocks.push(section(`*Conclusion:* ${escapeMrkdwn(result.conclusion.text)}`));
  const meta = [
    `\`${escapeMrkdwn(label.playbookId)}\``,
    `${result.steps.length} steps in ${formatMs(ms)}`,
    `by ${mentionUser(label.requestedBy)}`,
  ];
  if (window) meta.push(escapeMrkdwn(window));
  if (params.length > 0) meta.push(escapeMrkdwn(params));
  if (opts.again) meta.push('posted again from the stored run');
  else if (runId !== null) meta.push(`post again: \`/investigate again ${runId}\``);
  blocks.push(context(meta));
  const head = `${label.title}: ${status}${runId !== null ? ` (run #${runId})` : ''}`;
  return {
    text: fallbackText(escapeMrkdwn([head, ...result.findings.slice(0, HEADLINE_FINDINGS)].join('\n'))),
    blocks: limitBlocks(blocks),
  };
}
