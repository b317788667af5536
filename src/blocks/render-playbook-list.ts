// `/investigate list` and `/investigate help <playbook>`: the playbooks, the files that did not load, one playbook explained. Pure.
import type { KnownBlock } from '@slack/types';
import type { ParamSpec, Playbook } from '../playbooks/playbook-schema.ts';
import {
  context,
  escapeMrkdwn,
  fallbackText,
  limitBlocks,
  section,
  SLACK_LIMITS,
  truncate,
  type SlackMessage,
} from './block-limits.ts';

/** Each playbook as "`id` *title*: first line of its description", then the files that failed to load. */
export function renderPlaybookList(playbooks: Playbook[], problems: string[]): SlackMessage {
  const blocks: KnownBlock[] = [section(`*Investigation playbooks* (${playbooks.length})`)];
  const lines = playbooks.map(
    (p) =>
      `\`${escapeMrkdwn(p.id)}\` *${escapeMrkdwn(p.title)}*: ${escapeMrkdwn(truncate(firstLine(p.description), 160, { plain: true }))}`,
  );
  if (lines.length === 0)
    blocks.push(section('_No playbooks loaded._ Add YAML files to `playbooks/` (see its README).'));
  blocks.push(...chunkLines(lines));
  if (problems.length > 0) {
    blocks.push(
      section(`:warning: *${problems.length} playbook file${problems.length === 1 ? '' : 's'} did not load*`),
    );
    blocks.push(...chunkLines(problems.map((p) => `• ${escapeMrkdwn(p)}`)));
  }
  blocks.push(
    context(['Run one: `/investigate <playbook> [key=value ...]` · explain one: `/investigate help <playbook>`']),
  );
  const text = `Playbooks: ${playbooks.map((p) => p.id).join(', ') || 'none'}${problems.length ? `; ${problems.length} failed to load` : ''}`;
  return { text: fallbackText(escapeMrkdwn(text)), blocks: limitBlocks(blocks) };
}

/** One playbook: description, its parameters (type, default, filled from the incident) and its steps. */
export function renderPlaybookHelp(p: Playbook): SlackMessage {
  const blocks: KnownBlock[] = [
    section(`*${escapeMrkdwn(p.title)}* (\`${escapeMrkdwn(p.id)}\`)\n${escapeMrkdwn(p.description.trim())}`),
  ];
  const params = Object.entries(p.params).map(([name, spec]) => paramLine(name, spec));
  blocks.push(section(`*Parameters*\n${params.length > 0 ? params.join('\n') : '_none_'}`));
  blocks.push(
    section(`*Steps*\n${p.steps.map((s, i) => `${i + 1}. ${escapeMrkdwn(s.title ?? s.id)} (${s.kind})`).join('\n')}`),
  );
  const example = Object.entries(p.params)
    .filter(([, s]) => s.required)
    .map(([n]) => `${n}=…`)
    .join(' ');
  const notes = [`Run: \`/investigate ${escapeMrkdwn(p.id)}${example ? ` ${escapeMrkdwn(example)}` : ''}\``];
  if (p.metrics.includes('*')) notes.push('suggested for every metric');
  else if (p.metrics.length > 0)
    notes.push(`suggested for ${p.metrics.map((m) => `\`${escapeMrkdwn(m)}\``).join(', ')}`);
  blocks.push(context(notes));
  return { text: fallbackText(escapeMrkdwn(`${p.title}: ${firstLine(p.description)}`)), blocks: limitBlocks(blocks) };
}

/** "• `city` string, default jakarta, from the incident's slice.city: the city to look at". */
export function paramLine(name: string, spec: ParamSpec): string {
  const type = spec.type === 'enum' ? `one of ${spec.values.join(' | ')}` : spec.type;
  const parts = [`\`${escapeMrkdwn(name)}\` ${escapeMrkdwn(type)}`];
  if (spec.required) parts.push('required');
  if (spec.default !== undefined) parts.push(`default ${escapeMrkdwn(String(spec.default))}`);
  if (spec.from_incident) parts.push(`from the incident's ${escapeMrkdwn(spec.from_incident.replace('_', ' '))}`);
  const text = parts.join(', ');
  return `• ${text}${spec.description ? `: ${escapeMrkdwn(spec.description)}` : ''}`;
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0] ?? '';
}

// Lines into sections of at most 3000 characters each, never splitting a line.
function chunkLines(lines: string[]): KnownBlock[] {
  const out: KnownBlock[] = [];
  let current = '';
  for (const line of lines) {
    if (current && current.length + line.length + 1 > SLACK_LIMITS.sectionText) {
      out.push(section(current));
      current = '';
    }
    current = current ? `${current}\n${line}` : line;
  }
  if (current) out.push(section(current));
  return out;
}
