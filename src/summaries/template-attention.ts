// The template's opening (what needs attention, ranked, one line each) and the weekly report's trend and
// why its overall status is what it is, in the summary's language. Pure.
import type { AttentionItem, DigestFacts } from './digest-facts-schema.ts';
import type { Phrasing } from '../i18n/phrasing.ts';
import { mention } from '../blocks/format-summary-figure.ts';
import { metricTitle, metricValue, statusWords, type Sentence } from './template-digest-lines.ts';

/** The `about` key of an attention item's sentence. */
export const attentionAbout = (item: AttentionItem): string => `attention:${item.kind}:${item.ref}`;

// A cause read in one line: its first sentence, cut at a word near 90 characters, never inside brackets
// (a figure cut in half would read as another figure).
function short(text: string): string {
  const first = text.split(/(?<=[.;])\s/)[0]!.replace(/[.;]$/, '');
  if (first.length <= 90) return first;
  let cut = first.slice(0, first.lastIndexOf(' ', 88));
  if (cut.split('(').length > cut.split(')').length) cut = cut.slice(0, cut.lastIndexOf('(')).trimEnd();
  return `${cut.replace(/[,:;]$/, '')}…`;
}

function attentionSentence(item: AttentionItem, f: DigestFacts, p: Phrasing): Sentence | null {
  const about = attentionAbout(item);
  if (item.kind === 'metric') {
    const m = f.metrics.find((x) => x.id === item.ref);
    if (!m || m.value === null) return null;
    const params = {
      title: metricTitle(m, p),
      value: metricValue(m, m.value, p),
      usual: m.expected === null ? '-' : metricValue(m, m.expected, p),
      reason: statusWords(m, p),
    };
    return {
      about,
      text:
        m.target === null
          ? p.t('attention.metric', params)
          : p.t('attention.metric.target', { ...params, target: metricValue(m, m.target, p) }),
    };
  }
  if (item.kind === 'action_overdue') {
    const a = f.actions.find((x) => String(x.id) === item.ref);
    if (!a?.due) return null;
    const owner = a.owner ? mention(a.owner) : p.t('incident.noOwner');
    return { about, text: p.t('attention.actionOverdue', { due: p.at(a.due), text: a.text, owner }) };
  }
  const i = f.incidents.list.find((x) => String(x.id) === item.ref);
  if (!i) return null;
  const owner = i.owner ? mention(i.owner) : p.t('incident.noOwner');
  if (item.kind === 'update_overdue')
    return { about, text: p.t('attention.updateOverdue', { id: i.id, at: p.at(i.nextUpdateAt!), owner }) };
  const why = i.cause?.text ?? i.likelyCause?.text;
  const params = {
    severity: i.severity,
    id: i.id,
    title: i.title,
    cause: why ? short(why) : p.t('incident.cause.unknown'),
    owner,
  };
  if (!i.nextUpdateAt) return { about, text: p.t('attention.incident.noNext', params) };
  const next =
    i.nextUpdateAt <= f.generatedAt
      ? p.t('incident.updateOverdue', { at: p.at(i.nextUpdateAt) })
      : p.at(i.nextUpdateAt);
  return { about, text: p.t('attention.incident', { ...params, next }) };
}

/** The "Needs attention" sentences: the ranked items, the count of the rest, or that nothing needs it. */
export function attentionSentences(f: DigestFacts, p: Phrasing): Sentence[] {
  const out = f.needsAttention.flatMap((item) => attentionSentence(item, f, p) ?? []);
  if (out.length === 0) return [{ about: 'attention:none', text: p.t('attention.none') }];
  if (f.moreNeedingAttention > 0)
    out.push({ about: 'attention:more', text: p.t('attention.more', { count: p.fmt.count(f.moreNeedingAttention) }) });
  return out;
}

const bySeverity = (counts: Record<string, number>, p: Phrasing): string => {
  const parts = Object.entries(counts)
    .filter(([, n]) => n > 0)
    .map(([sev, n]) => `SEV${sev} ${p.fmt.value(n, 'count')}`);
  return parts.length ? parts.join(', ') : p.t('trend.none');
};

/** The weekly trend: opened by severity and median times, this week against the four before; empty for a daily digest. */
export function trendSentences(f: DigestFacts, p: Phrasing): Sentence[] {
  if (!f.trend) return [];
  const { thisWeek: w, weeksBefore: b } = f.trend;
  const d = (m: number | null) => (m === null ? p.t('trend.notAvailable') : p.fmt.minutes(m));
  return [
    {
      about: 'trend:opened',
      text: p.t('trend.bySeverity', { thisWeek: bySeverity(w.opened, p), before: bySeverity(b.openedPerWeek, p) }),
    },
    {
      about: 'trend:times',
      text: p.t('trend.times', {
        ack: d(w.medianMinutesToAcknowledge),
        ackBefore: d(b.medianMinutesToAcknowledge),
        resolve: d(w.medianMinutesToResolve),
        resolveBefore: d(b.medianMinutesToResolve),
      }),
    },
  ];
}

/** Why the overall status is what it is: the red and amber metrics and what was open at the period's end. */
export function overallWhy(f: DigestFacts, p: Phrasing): Sentence {
  const titles = (status: string) => f.metrics.filter((m) => m.status === status).map((m) => metricTitle(m, p));
  const open = Object.entries(f.incidents.openBySeverity)
    .filter(([, n]) => n > 0)
    .map(([sev, n]) => `${p.fmt.count(n)} SEV${sev}`);
  const reasons = [
    titles('red').length ? p.t('trend.why.redMetrics', { metrics: titles('red').join(', ') }) : '',
    titles('amber').length ? p.t('trend.why.amberMetrics', { metrics: titles('amber').join(', ') }) : '',
    open.length ? p.t('trend.why.openIncidents', { list: open.join(', ') }) : '',
  ].filter(Boolean);
  return {
    about: 'overall',
    text: p.t('trend.why', {
      status: p.t(`status.${f.overall}`),
      why: reasons.length ? reasons.join('; ') : p.t('trend.why.green'),
    }),
  };
}
