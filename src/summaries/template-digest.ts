// The daily digest (or weekly report) written from its facts by a template, in the summary's language:
// what needs attention first, then the same sections and `about` keys the LLM is asked for, so any
// sentence can stand in for a drafted one. Pure.
import type { DigestFacts } from './digest-facts-schema.ts';
import type { SummaryDraft } from '../drafting/draft-schema.ts';
import { localEndDateTime } from '../time/zone-time.ts';
import { phrasing, type Phrasing } from '../i18n/phrasing.ts';
import type { Locale } from '../i18n/locales.ts';
import { attentionSentences, overallWhy, trendSentences } from './template-attention.ts';
import {
  actionSentence,
  incidentSentence,
  incidentTotals,
  metricSentence,
  metricTitle,
  type Sentence,
} from './template-digest-lines.ts';
import { vendorsWorstFirst } from './vendor-ranking.ts';

export { actionSentence, incidentSentence } from './template-digest-lines.ts';

// "Data complete through 06-02" when the data ends at local midnight (all of that day), else "to 06-02 14:00".
function completeTo(iso: string, p: Phrasing): string {
  if (!localEndDateTime(iso, p.timeZone).endsWith(' 24:00')) return p.t('freshness.to', { at: p.at(iso) });
  const lastMinute = new Date(Date.parse(iso) - 60_000).toISOString();
  return p.t('freshness.through', { date: p.fmt.date(lastMinute, p.timeZone) });
}

function headerSentences(f: DigestFacts, p: Phrasing): Sentence[] {
  const complete = f.freshness.completeTo ? completeTo(f.freshness.completeTo, p) : p.t('freshness.none');
  const out: Sentence[] = [
    {
      about: 'header',
      text: p.t('freshness.header', { complete, timezone: p.timeZone, status: p.t(`status.${f.overall}`) }),
    },
  ];
  const gaps = [
    f.freshness.stale.length ? p.t('freshness.stale', { metrics: f.freshness.stale.join(', ') }) : '',
    f.freshness.broken.length ? p.t('freshness.broken', { metrics: f.freshness.broken.join(', ') }) : '',
  ].filter(Boolean);
  if (gaps.length) out.push({ about: 'freshness', text: p.t('freshness.gaps', { gaps: gaps.join('; ') }) });
  return out;
}

function integritySentences(f: DigestFacts, p: Phrasing): Sentence[] {
  const metrics = new Map(f.metrics.map((m) => [m.id, m] as const));
  const out: Sentence[] = f.topSlices.map((s, k) => {
    const m = metrics.get(s.metricId);
    const unit = m?.unit ?? 'count';
    const slice = Object.entries(s.slice).map(([key, v]) => `${key}=${v}`);
    return {
      about: `slice:${k + 1}`,
      text: p.t('integrity.slice', {
        title: m ? metricTitle(m, p) : s.metricId,
        slice: slice.length ? slice.join(', ') : p.t('integrity.wholeMarket'),
        observed: p.fmt.value(s.observed, unit),
        expected: p.fmt.value(s.expected, unit),
      }),
    };
  });
  for (const r of f.playbookFindings) {
    const findings = r.findings.map((x) => x.trim().replace(/[.;\s]+$/, '')).join('; ');
    out.push({
      about: `finding:${r.runId}`,
      text:
        r.incidentId === null
          ? p.t('integrity.playbook', { playbook: r.playbookId, findings })
          : p.t('integrity.playbookOn', { playbook: r.playbookId, id: r.incidentId, findings }),
    });
  }
  const counts = f.integrity.map((c) =>
    c.value === null ? p.t('integrity.queryFailed', { label: c.label }) : `${c.label} ${p.fmt.value(c.value, c.unit)}`,
  );
  if (counts.length) out.unshift({ about: 'integrity:counts', text: `${counts.join('; ')}.` });
  return out;
}

// A vendor's columns without data are left out (a CS vendor has no moderation QA); worst vendor first.
function vendorSentences(f: DigestFacts, p: Phrasing): Sentence[] {
  if (!f.vendors) return [];
  return vendorsWorstFirst(f.vendors).map(({ row, worse }) => {
    const known = f.vendors!.columns.flatMap((c) => {
      const v = row.values[c.key];
      if (typeof v !== 'number') return [];
      const mark = worse.has(c.key) ? ` (${p.t('vendor.belowTarget')})` : '';
      return [`${c.label} ${p.fmt.value(v, c.unit)}${mark}`];
    });
    return {
      about: `vendor:${row.vendor}`,
      text: p.t('vendor.line', { vendor: row.vendor, values: known.length ? known.join(', ') : p.t('vendor.noData') }),
    };
  });
}

/** The digest's template draft in `language` (default English). */
export function templateDigest(f: DigestFacts, timeZone: string, language: Locale = 'en'): SummaryDraft {
  const p = phrasing(language, timeZone);
  const weekly = f.kind === 'weekly';
  const actions = f.actions.filter((a) => !a.done).map((a) => actionSentence(a, p));
  const incidents = [incidentTotals(f, p), ...f.incidents.list.map((i) => incidentSentence(i, p, f.generatedAt))];
  const sections: SummaryDraft['sections'] = [
    { key: 'attention', title: p.t('section.attention'), sentences: attentionSentences(f, p) },
    {
      key: 'header',
      title: p.t(weekly ? 'section.week' : 'section.today'),
      sentences: weekly ? [...headerSentences(f, p), overallWhy(f, p)] : headerSentences(f, p),
    },
    {
      key: 'scorecard',
      title: p.t(weekly ? 'section.scorecard.weekly' : 'section.scorecard.daily'),
      sentences: f.metrics.map((m) => metricSentence(m, weekly, p)),
    },
    { key: 'incidents', title: p.t('section.incidents'), sentences: incidents },
  ];
  const trend = trendSentences(f, p);
  if (trend.length) sections.push({ key: 'trend', title: p.t('section.trend'), sentences: trend });
  const integrity = integritySentences(f, p);
  if (integrity.length) sections.push({ key: 'integrity', title: p.t('section.integrity'), sentences: integrity });
  const vendors = vendorSentences(f, p);
  if (vendors.length) sections.push({ key: 'vendors', title: p.t('section.vendors'), sentences: vendors });
  sections.push({
    key: 'actions',
    title: p.t('section.actions'),
    sentences: actions.length ? actions.map((a) => a.sentence) : [{ about: 'actions', text: p.t('action.none') }],
  });
  const red = f.metrics.filter((m) => m.status === 'red').map((m) => metricTitle(m, p));
  const headline = p.t(weekly ? 'headline.weekly' : 'headline.daily', {
    date: f.label,
    status: p.t(`status.${f.overall}`),
  });
  return {
    headline: red.length ? p.t('headline.red', { headline, metrics: red.join(', ') }) : headline,
    overall: f.overall,
    sections,
    actions: actions.map((a) => a.item),
  };
}
