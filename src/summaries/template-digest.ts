// The daily digest (or weekly report) written from its facts by a template: the same sections and
// `about` keys the LLM is asked for, so any sentence can stand in for a drafted one. Pure.
import type { ActionFact, DigestFacts, IncidentFact, MetricFact } from './digest-facts-schema.ts';
import type { SummaryDraft } from '../drafting/draft-schema.ts';
import { localEndDateTime } from '../time/zone-time.ts';
import {
  formatChange,
  formatDateTime,
  formatHours,
  formatMinutes,
  formatRelative,
  formatValue,
  mention,
} from '../blocks/format-summary-figure.ts';

type Sentence = SummaryDraft['sections'][number]['sentences'][number];

const sliceText = (slice: Record<string, string>) =>
  Object.entries(slice)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ') || 'the whole market';

function metricSentence(m: MetricFact, weekly: boolean): Sentence {
  const about = `metric:${m.id}`;
  if (m.value === null) return { about, text: `*${m.title}*: no data for the period (${m.status.toUpperCase()}).` };
  const parts: string[] = [];
  const relative = m.unit !== 'ratio' && m.changePct !== null ? ` (${formatRelative(m.changePct)})` : '';
  if (m.change !== null && m.expected !== null)
    parts.push(
      `${formatChange(m.change, m.unit)}${relative} vs the 4-week median of ${formatValue(m.expected, m.unit)}`,
    );
  else parts.push('no 4-week median yet');
  if (m.changeVsPrevious !== null)
    parts.push(`${formatChange(m.changeVsPrevious, m.unit)} vs ${weekly ? 'the week before' : '7 days ago'}`);
  if (m.target !== null) parts.push(`target ${formatValue(m.target, m.unit)}`);
  const per = m.per !== null ? ` per ${m.per.toLocaleString('en-US')}` : '';
  return {
    about,
    text: `*${m.title}* ${formatValue(m.value, m.unit)}${per} (${parts.join('; ')}): ${m.status.toUpperCase()}, ${m.statusReason}.`,
  };
}

/** One incident in a sentence: severity, title, impact, cause (confirmed or hypothesis), owner, age, next update (overdue at `now`). */
export function incidentSentence(i: IncidentFact, timeZone: string, now?: string): Sentence {
  const parts = [`SEV${i.severity} *${i.title}* (#${i.id}, ${i.status})`];
  if (i.impact) parts.push(`impact: ${i.impact}`);
  parts.push(
    i.cause ? `cause (${i.cause.confirmed ? 'confirmed' : 'hypothesis'}): ${i.cause.text}` : 'cause: not known yet',
  );
  parts.push(`owner ${mention(i.owner)}`);
  const timing = i.resolvedAt
    ? `opened ${formatDateTime(i.openedAt, timeZone)}, resolved in ${i.minutesToResolve === null ? 'an unknown time' : formatMinutes(i.minutesToResolve)}`
    : `open since ${formatDateTime(i.openedAt, timeZone)} (${formatHours(i.ageHours)})${i.minutesToAcknowledge === null ? ', not acknowledged yet' : `, acknowledged in ${formatMinutes(i.minutesToAcknowledge)}`}`;
  parts.push(timing);
  if (i.nextUpdateAt)
    parts.push(
      now !== undefined && i.nextUpdateAt <= now
        ? `update overdue since ${formatDateTime(i.nextUpdateAt, timeZone)}`
        : `next update ${formatDateTime(i.nextUpdateAt, timeZone)}`,
    );
  return { about: `incident:${i.id}`, text: `${parts.join('; ')}.` };
}

/** One action in a sentence, and as the draft's action item. */
export function actionSentence(
  a: ActionFact,
  timeZone: string,
): { sentence: Sentence; item: SummaryDraft['actions'][number] } {
  const due = a.due ? formatDateTime(a.due, timeZone) : null;
  const ref = a.incidentId === null ? '' : ` (#${a.incidentId})`;
  const text = `${a.text}${ref}: owner ${mention(a.owner)}, ${due ? `due ${due}` : 'no due date'}${a.done ? ', done' : ''}.`;
  return {
    sentence: { about: `action:${a.id}`, text },
    item: { text: a.text, owner: a.owner ? mention(a.owner) : null, due },
  };
}

function incidentTotals(f: DigestFacts): Sentence {
  const inc = f.incidents;
  const open = Object.entries(inc.openBySeverity)
    .filter(([, n]) => n > 0)
    .map(([sev, n]) => `${n} SEV${sev}`);
  const times = [
    inc.medianMinutesToAcknowledge === null
      ? null
      : `median time to acknowledge ${formatMinutes(inc.medianMinutesToAcknowledge)}`,
    inc.medianMinutesToResolve === null ? null : `to resolve ${formatMinutes(inc.medianMinutesToResolve)}`,
  ].filter(Boolean);
  return {
    about: 'incidents',
    text: `${inc.opened} opened, ${inc.acknowledged} acknowledged, ${inc.resolved} resolved${times.length ? `; ${times.join(', ')}` : ''}; open now: ${open.length ? open.join(', ') : 'none'}.`,
  };
}

// "Data complete through 06-02" when the data ends at local midnight (all of that day), else "to 06-02 14:00".
function completeTo(iso: string, timeZone: string): string {
  const end = localEndDateTime(iso, timeZone).slice(5);
  return end.endsWith(' 24:00') ? `Data complete through ${end.slice(0, 5)}` : `Data complete to ${end}`;
}

/** The digest's template draft. */
export function templateDigest(f: DigestFacts, timeZone: string): SummaryDraft {
  const weekly = f.kind === 'weekly';
  const header: Sentence[] = [
    {
      about: 'header',
      text: `${f.freshness.completeTo ? completeTo(f.freshness.completeTo, timeZone) : 'No complete data yet'} (${timeZone}); overall *${f.overall.toUpperCase()}*.`,
    },
  ];
  if (f.freshness.stale.length || f.freshness.broken.length) {
    const gaps = [
      f.freshness.stale.length ? `stale: ${f.freshness.stale.join(', ')}` : '',
      f.freshness.broken.length ? `broken: ${f.freshness.broken.join(', ')}` : '',
    ];
    header.push({ about: 'freshness', text: `Not up to date, ${gaps.filter(Boolean).join('; ')}.` });
  }
  const units = new Map(f.metrics.map((m) => [m.id, m] as const));
  const integrity: Sentence[] = f.topSlices.map((s, k) => {
    const m = units.get(s.metricId);
    const unit = m?.unit ?? 'count';
    return {
      about: `slice:${k + 1}`,
      text: `${m?.title ?? s.metricId} in ${sliceText(s.slice)}: ${formatValue(s.observed, unit)} against ${formatValue(s.expected, unit)} expected.`,
    };
  });
  for (const r of f.playbookFindings) {
    integrity.push({
      about: `finding:${r.runId}`,
      text: `Playbook ${r.playbookId}${r.incidentId === null ? '' : ` on #${r.incidentId}`}: ${r.findings.map((f) => f.trim().replace(/[.;\s]+$/, '')).join('; ')}.`,
    });
  }
  const counts = f.integrity.map(
    (c) => `${c.label} ${c.value === null ? 'n/a (its query failed)' : formatValue(c.value, c.unit)}`,
  );
  if (counts.length) integrity.unshift({ about: 'integrity:counts', text: `${counts.join('; ')}.` });
  // A vendor's columns without data are left out (a CS vendor has no moderation QA).
  const vendors: Sentence[] = (f.vendors?.rows ?? []).map((r) => {
    const known = f.vendors!.columns.flatMap((c) =>
      typeof r.values[c.key] === 'number' ? [`${c.label} ${formatValue(r.values[c.key]!, c.unit)}`] : [],
    );
    return {
      about: `vendor:${r.vendor}`,
      text: `*${r.vendor}*: ${known.length ? known.join(', ') : 'no data for the period'}.`,
    };
  });
  const actions = f.actions.filter((a) => !a.done).map((a) => actionSentence(a, timeZone));
  const sections: SummaryDraft['sections'] = [
    { key: 'header', title: weekly ? 'Week' : 'Today', sentences: header },
    {
      key: 'scorecard',
      title: weekly ? 'Scorecard, week over week' : 'Scorecard vs the 4-week median',
      sentences: f.metrics.map((m) => metricSentence(m, weekly)),
    },
    {
      key: 'incidents',
      title: 'Incidents',
      sentences: [incidentTotals(f), ...f.incidents.list.map((i) => incidentSentence(i, timeZone, f.generatedAt))],
    },
  ];
  if (integrity.length) sections.push({ key: 'integrity', title: 'Integrity', sentences: integrity });
  if (vendors.length) sections.push({ key: 'vendors', title: 'Vendor scorecard', sentences: vendors });
  sections.push({
    key: 'actions',
    title: 'Actions',
    sentences: actions.length ? actions.map((a) => a.sentence) : [{ about: 'actions', text: 'No open actions.' }],
  });
  const worst = f.metrics.filter((m) => m.status === 'red').map((m) => m.title);
  const label = weekly ? `GNE weekly from ${f.label}` : `GNE daily ${f.label}`;
  return {
    headline: `${label}: overall ${f.overall.toUpperCase()}${worst.length ? `, red: ${worst.join(', ')}` : ''}`,
    overall: f.overall,
    sections,
    actions: actions.map((a) => a.item),
  };
}
