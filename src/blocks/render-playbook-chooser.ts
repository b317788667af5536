// The ephemeral chooser the Run playbook button opens when an incident's metric suggests several playbooks. Pure.
import type { KnownBlock } from '@slack/types';
import type { Playbook } from '../playbooks/playbook-schema.ts';
import {
  actions,
  button,
  context,
  escapeMrkdwn,
  fallbackText,
  limitBlocks,
  section,
  SLACK_LIMITS,
  truncate,
  type SlackMessage,
} from './block-limits.ts';

/** action_id of the n-th choice (unique within its actions block, as Slack requires): `incident_playbook_pick_<n>`. */
export const PLAYBOOK_PICK_PREFIX = 'incident_playbook_pick_';
/** Choices shown; more would not help anyone pick, and `/investigate list` has them all. */
export const MAX_PLAYBOOK_CHOICES = 10;

/** A button value: which incident and which playbook. */
export function pickValue(incidentId: number, playbookId: string): string {
  return `${incidentId}:${playbookId}`;
}

/** The incident and playbook a pick button carries, or undefined when the value is not one of ours. */
export function parsePickValue(value: string | undefined): { incidentId: number; playbookId: string } | undefined {
  const m = /^([1-9]\d*):([a-z][a-z0-9-]*)$/.exec(value ?? '');
  return m ? { incidentId: Number(m[1]), playbookId: m[2]! } : undefined;
}

/** "Which playbook?": each suggested playbook with its one-line description and a Run button. */
export function renderPlaybookChooser(
  incidentId: number,
  metricId: string | null,
  playbooks: Playbook[],
): SlackMessage {
  const shown = playbooks.slice(0, MAX_PLAYBOOK_CHOICES);
  const lines = shown.map(
    (p) =>
      `• *${escapeMrkdwn(p.title)}* (\`${escapeMrkdwn(p.id)}\`): ${escapeMrkdwn(truncate(p.description.trim().split('\n')[0] ?? '', 200, { plain: true }))}`,
  );
  const about = metricId ? ` for \`${escapeMrkdwn(metricId)}\`` : '';
  const blocks: KnownBlock[] = [
    section(`*Which playbook for incident #${incidentId}?* Suggested${about}:\n${lines.join('\n')}`),
  ];
  blocks.push(
    actions(
      shown.map((p, i) =>
        button({ text: `Run ${p.title}`, actionId: `${PLAYBOOK_PICK_PREFIX}${i}`, value: pickValue(incidentId, p.id) }),
      ),
    ),
  );
  const more = playbooks.length > shown.length ? `${playbooks.length - shown.length} more suggested; ` : '';
  blocks.push(
    context([`${more}results go to the incident channel's thread · any playbook: \`/investigate <playbook>\``]),
  );
  return {
    text: fallbackText(`Which playbook for incident #${incidentId}? ${shown.map((p) => p.id).join(', ')}`),
    blocks: limitBlocks(blocks, SLACK_LIMITS.blocksPerMessage),
  };
}
