// An incident summary written from its facts by a template: what happened, impact, timeline, root
// cause (from the playbook findings and the resolution note) and actions, with the `about` keys the
// LLM is asked to keep. Pure.
import type { IncidentSummaryFacts } from './digest-facts-schema.ts';
import type { SummaryDraft } from '../drafting/draft-schema.ts';
import { formatChange, formatDateTime, formatMinutes, formatValue, mention } from '../blocks/format-summary-figure.ts';
import { actionSentence } from './template-digest-lines.ts';
import { phrasing } from '../i18n/phrasing.ts';

type Sentence = SummaryDraft['sections'][number]['sentences'][number];

const sliceText = (slice: Record<string, string>) =>
  Object.entries(slice)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');

/** The incident summary's template draft. */
export function templateIncident(f: IncidentSummaryFacts, timeZone: string): SummaryDraft {
  const i = f.incident;
  const where = sliceText(i.slice);
  const what: Sentence[] = [
    {
      about: `incident:${i.id}`,
      text: `SEV${i.severity} *${i.title}* (#${i.id}) opened ${formatDateTime(i.openedAt, timeZone)}${f.metric ? ` on ${f.metric.title}` : ''}${where ? ` in ${where}` : ''}; now ${i.status}${i.resolvedAt ? ` (resolved ${formatDateTime(i.resolvedAt, timeZone)}${i.minutesToResolve === null ? '' : `, after ${formatMinutes(i.minutesToResolve)}`})` : ''}.`,
    },
  ];
  if (i.latestUpdate)
    what.push({
      about: 'latest_update',
      text: `Latest update (${formatDateTime(i.latestUpdate.at, timeZone)}): ${i.latestUpdate.text.replace(/[.\s]+$/, '')}.`,
    });
  if (i.nextUpdateAt)
    what.push({
      about: 'next_update',
      text: `Next update ${i.nextUpdateAt <= f.generatedAt ? 'was due' : 'due'} ${formatDateTime(i.nextUpdateAt, timeZone)}.`,
    });
  const impact: Sentence[] = [];
  if (i.impact) impact.push({ about: 'impact', text: `Impact: ${i.impact}.` });
  const m = f.metric;
  if (m && m.observed !== null && m.expected !== null) {
    impact.push({
      about: `metric:${m.id}`,
      text: `${m.title} ${formatValue(m.observed, m.unit)} against ${formatValue(m.expected, m.unit)} expected (${formatChange(m.observed - m.expected, m.unit)}).`,
    });
  }
  if (!impact.length) impact.push({ about: 'impact', text: 'No impact estimate.' });
  const timeline: Sentence[] = [
    ...f.timeline.map((t, k) => ({
      at: t.at,
      about: `timeline:${k + 1}`,
      text: `${formatDateTime(t.at, timeZone)} ${mention(t.actor)} ${t.kind}${t.detail ? `: ${t.detail}` : ''}.`,
    })),
    ...(f.peopleTimeline ?? []).map((m, k) => ({
      at: m.at,
      about: `said:${k + 1}`,
      text: `${formatDateTime(m.at, timeZone)} ${mention(m.author)} said: ${quoted(m.text)}`,
    })),
  ]
    .sort((a, b) => Date.parse(a.at) - Date.parse(b.at))
    .map(({ about, text }) => ({ about, text }));
  if (i.minutesToAcknowledge !== null)
    timeline.push({
      about: 'acknowledged',
      text: `Acknowledged in ${formatMinutes(i.minutesToAcknowledge)}, owner ${mention(i.owner)}.`,
    });
  const lc = i.likelyCause;
  const whence = lc
    ? lc.source === 'playbook'
      ? `the ${lc.playbook ?? 'playbook'} playbook's conclusion`
      : 'the drill-down at open'
    : '';
  const cause: Sentence[] = [
    {
      about: 'cause',
      text: !i.cause
        ? 'Cause: not known yet (no confirmed cause and no playbook finding).'
        : !i.cause.confirmed && lc && lc.text === i.cause.text
          ? `Likely cause (hypothesis, ${whence}): ${stop(lc.text)}`
          : `Cause (${i.cause.confirmed ? 'confirmed' : 'hypothesis'}): ${stop(i.cause.text)}`,
    },
  ];
  // A confirmed cause stands first; the card's likely cause still says what the investigation concluded.
  if (lc && i.cause?.text !== lc.text)
    cause.push({ about: 'likely_cause', text: `Likely cause (${whence}): ${stop(lc.text)}` });
  for (const r of f.playbookFindings)
    r.findings.forEach((finding, k) =>
      cause.push({ about: `finding:${r.runId}:${k + 1}`, text: `Playbook ${r.playbookId}: ${finding}.` }),
    );
  if (f.resolutionNote) cause.push({ about: 'resolution', text: `Resolution note: ${f.resolutionNote}` });
  const actions = f.actions.map((a) => actionSentence(a, phrasing('en', timeZone)));
  return {
    headline: `SEV${i.severity} #${i.id} ${i.title}: ${i.status}`,
    overall: i.status === 'resolved' ? 'green' : i.severity <= 2 ? 'red' : 'amber',
    sections: [
      { key: 'what_happened', title: 'What happened', sentences: what },
      { key: 'impact', title: 'Impact', sentences: impact },
      {
        key: 'timeline',
        title: 'Timeline',
        sentences: timeline.length ? timeline : [{ about: 'timeline', text: 'No timeline entries.' }],
      },
      { key: 'root_cause', title: 'Root cause', sentences: cause },
      {
        key: 'actions',
        title: 'Actions',
        sentences: actions.length
          ? actions.map((a) => a.sentence)
          : [{ about: 'actions', text: 'No actions recorded.' }],
      },
    ],
    actions: actions.map((a) => a.item),
  };
}

function stop(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

// A message as said, on one line and cut short: a timeline entry, not the whole thread.
function quoted(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return `"${line.length > 300 ? `${line.slice(0, 299)}…` : line}"`;
}
