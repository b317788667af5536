// The postmortem document as Markdown: the incident at a glance, then the checked draft's sections (summary,
// impact with the metric evidence, timeline, cause, what the playbooks found), the actions with owners and due
// dates, and empty "what went well / what to improve" sections for people to write. Pure.
import { formatChange, formatDateTime, formatValue } from '../blocks/format-summary-figure.ts';
import type { SummaryDraft, WrittenSummary } from '../drafting/draft-schema.ts';
import type { IncidentSummaryFacts } from './digest-facts-schema.ts';

/** Who held the incident's roles when the document was written (Slack user ids, or null). */
export interface PostmortemRoles {
  commander: string | null;
  comms: string | null;
  scribe: string | null;
}

/** The headings of the document, in order: tests and readers find sections by them. */
export const POSTMORTEM_SECTIONS = [
  'Summary',
  'Impact',
  'Timeline',
  'Cause',
  'What the playbooks found',
  'Actions',
  'What went well',
  'What to improve',
] as const;

type Sentence = SummaryDraft['sections'][number]['sentences'][number];

// Slack mrkdwn to Markdown: *bold* becomes **bold**, and a mention <@U123> becomes @U123 (a file shows no mentions).
function markdownOf(text: string): string {
  return text
    .replace(/<@([UW][A-Z0-9]+)(?:\|[^>]*)?>/g, '@$1')
    .replace(/(^|[\s(])\*([^*\n]+)\*(?=[\s.,;:)!?]|$)/g, '$1**$2**');
}

const person = (user: string | null) => (user ? (/^[UW][A-Z0-9]{2,}$/.test(user) ? `@${user}` : user) : 'nobody');
const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
const bullets = (sentences: readonly Sentence[], none: string) =>
  sentences.length ? sentences.map((s) => `- ${markdownOf(s.text)}`) : [`_${none}_`];
const sliceText = (slice: Record<string, string>) =>
  Object.entries(slice)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ') || 'all';

/** The Markdown postmortem of `facts` from the written (checked) draft. */
export function renderPostmortem(facts: IncidentSummaryFacts, written: WrittenSummary, roles: PostmortemRoles): string {
  const tz = facts.timezone;
  const i = facts.incident;
  const section = (key: string) => written.draft.sections.find((s) => s.key === key)?.sentences ?? [];
  const rootCause = section('root_cause');
  const findings = rootCause.filter((s) => s.about.startsWith('finding:'));
  const glance: Array<[string, string]> = [
    ['Incident', `#${i.id}`],
    ['Severity', `SEV${i.severity}`],
    ['Status', i.status],
    ['Opened', formatDateTime(i.openedAt, tz)],
    ['Acknowledged', i.acknowledgedAt ? formatDateTime(i.acknowledgedAt, tz) : 'not acknowledged'],
    ['Resolved', i.resolvedAt ? formatDateTime(i.resolvedAt, tz) : 'not resolved'],
    ['Commander', person(roles.commander)],
    ['Comms', person(roles.comms)],
    ['Scribe', person(roles.scribe)],
  ];
  const lines = [
    `# Postmortem: ${cell(i.title)} (incident #${i.id})`,
    '',
    `_Written ${formatDateTime(facts.generatedAt, tz)} (${tz})._`,
    '',
    '| | |',
    '|---|---|',
    ...glance.map(([k, v]) => `| ${k} | ${cell(v)} |`),
    '',
    '## Summary',
    '',
    ...bullets(section('what_happened'), 'Nothing recorded.'),
    '',
    '## Impact',
    '',
    ...bullets(section('impact'), 'No impact estimate.'),
    ...evidenceTable(facts),
    '',
    '## Timeline',
    '',
    ...bullets(section('timeline'), 'No timeline entries.'),
    '',
    '## Cause',
    '',
    ...bullets(
      rootCause.filter((s) => !s.about.startsWith('finding:')),
      'Not known yet.',
    ),
    '',
    '## What the playbooks found',
    '',
    ...bullets(findings, 'No playbook found anything on this incident (run one with `/investigate`).'),
    '',
    '## Actions',
    '',
    ...actionsTable(facts),
    '',
    '## What went well',
    '',
    '_For the responders to write._',
    '',
    '## What to improve',
    '',
    '_For the responders to write._',
    '',
    '---',
    '',
    // The summary's own footer: which wrote it, the model's name and how many sentences were rewritten.
    markdownOf(written.text.split('\n').at(-1) ?? ''),
    '',
  ];
  return lines.join('\n');
}

// The metric evidence: the slice's reading against what was expected, the normal band and bucket it was judged
// on, and the slices that drive the change (the card's), each a fact the number check knows.
function evidenceTable(f: IncidentSummaryFacts): string[] {
  const m = f.metric;
  if (!m) return [];
  const value = (x: number | null) => (x === null ? 'no data' : formatValue(x, m.unit));
  const change = (o: number | null, e: number | null) =>
    o !== null && e !== null ? formatChange(o - e, m.unit) : 'n/a';
  const ev = f.evidence;
  const lines = [
    '',
    '| Metric | Slice | Observed | Expected | Change |',
    '|---|---|---|---|---|',
    `| ${cell(m.title)} | ${cell(sliceText(f.incident.slice))} | ${value(m.observed)} | ${value(m.expected)} | ${change(m.observed, m.expected)} |`,
  ];
  if (!ev) return lines;
  const band =
    ev.bandLow !== null && ev.bandHigh !== null
      ? `; normal band ${formatValue(ev.bandLow, m.unit)} to ${formatValue(ev.bandHigh, m.unit)}`
      : '';
  const at = Number.isNaN(Date.parse(ev.bucket)) ? ev.bucket : formatDateTime(ev.bucket, f.timezone);
  lines.push('', `Judged on the bucket starting ${at}${band}.`);
  if (ev.contributors.length === 0) return lines;
  return [
    ...lines,
    '',
    '| Slice driving the change | Observed | Expected | Change |',
    '|---|---|---|---|',
    ...ev.contributors.map(
      (c) =>
        `| ${cell(sliceText(c.slice))} | ${value(c.observed)} | ${value(c.expected)} | ${change(c.observed, c.expected)} |`,
    ),
  ];
}

function actionsTable(f: IncidentSummaryFacts): string[] {
  if (f.actions.length === 0)
    return ['_No actions yet: add them with `/incident action <text> @owner due=YYYY-MM-DD`._'];
  return [
    '| Action | Owner | Due | Status |',
    '|---|---|---|---|',
    ...f.actions.map(
      (a) =>
        `| ${cell(markdownOf(a.text))} | ${person(a.owner)} | ${a.due ? formatDateTime(a.due, f.timezone) : 'no due date'} | ${a.done ? 'done' : 'open'} |`,
    ),
  ];
}
