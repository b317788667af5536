// The template's sentences about one fact each (a metric, an incident, an action, the incident totals),
// in the summary's language: the same `about` keys the LLM is asked for. Pure.
import type { ActionFact, DigestFacts, IncidentFact, MetricFact } from './digest-facts-schema.ts';
import type { SummaryDraft } from '../drafting/draft-schema.ts';
import type { Phrasing } from '../i18n/phrasing.ts';
import { mention } from '../blocks/format-summary-figure.ts';

/** One sentence of a draft. */
export type Sentence = SummaryDraft['sections'][number]['sentences'][number];

/** A metric's title in the summary's language (English when the catalog has none). */
export function metricTitle(m: Pick<MetricFact, 'title' | 'titles'>, p: Phrasing): string {
  return m.titles?.[p.locale] ?? m.title;
}

/** A metric's value in its unit, with its scale ("16.2 per 1,000"). */
export function metricValue(m: MetricFact, value: number, p: Phrasing): string {
  const v = p.fmt.value(value, m.unit);
  return m.per !== null ? p.t('metric.per', { value: v, base: p.fmt.count(m.per) }) : v;
}

/** Why a metric has its status, in words. */
export function statusWords(m: MetricFact, p: Phrasing): string {
  const codes = m.statusReasons?.length ? m.statusReasons : null;
  return codes ? codes.map((c) => p.t(`reason.${c}`)).join('; ') : m.statusReason;
}

/** A scorecard sentence: value, change against the 4-week median and a week ago, target, status and why. */
export function metricSentence(m: MetricFact, weekly: boolean, p: Phrasing): Sentence {
  const about = `metric:${m.id}`;
  const title = metricTitle(m, p);
  const status = p.t(`status.${m.status}`);
  if (m.value === null) return { about, text: p.t('metric.noData', { title, status }) };
  const parts: string[] = [];
  const relative = m.unit !== 'ratio' && m.changePct !== null ? ` (${p.fmt.relative(m.changePct)})` : '';
  parts.push(
    m.change !== null && m.expected !== null
      ? p.t('metric.vsMedian', {
          change: `${p.fmt.change(m.change, m.unit)}${relative}`,
          expected: p.fmt.value(m.expected, m.unit),
        })
      : p.t('metric.noMedian'),
  );
  if (m.changeVsPrevious !== null)
    parts.push(
      p.t(weekly ? 'metric.vsWeekBefore' : 'metric.vsWeekAgo', { change: p.fmt.change(m.changeVsPrevious, m.unit) }),
    );
  if (m.target !== null) parts.push(p.t('metric.target', { target: p.fmt.value(m.target, m.unit) }));
  return {
    about,
    text: p.t('metric.line', {
      title,
      value: metricValue(m, m.value, p),
      comparisons: parts.join('; '),
      status,
      reasons: statusWords(m, p),
    }),
  };
}

/** One incident in a sentence: severity, title, impact, cause (confirmed or hypothesis), owner, age, next update (overdue at `now`). */
export function incidentSentence(i: IncidentFact, p: Phrasing, now?: string): Sentence {
  const parts = [
    p.t('incident.head', {
      severity: i.severity,
      title: i.title,
      id: i.id,
      status: p.t(`incident.status.${i.status}`),
    }),
  ];
  if (i.impact) parts.push(p.t('incident.impact', { impact: i.impact }));
  parts.push(
    i.cause
      ? p.t(i.cause.confirmed ? 'incident.cause.confirmed' : 'incident.cause.hypothesis', { cause: i.cause.text })
      : p.t('incident.cause.unknown'),
  );
  parts.push(i.owner ? p.t('incident.owner', { owner: mention(i.owner) }) : p.t('incident.noOwner'));
  if (i.resolvedAt)
    parts.push(
      i.minutesToResolve === null
        ? p.t('incident.resolvedUnknown', { opened: p.at(i.openedAt) })
        : p.t('incident.resolvedIn', { opened: p.at(i.openedAt), duration: p.fmt.minutes(i.minutesToResolve) }),
    );
  else {
    parts.push(p.t('incident.openSince', { opened: p.at(i.openedAt), age: p.fmt.hours(i.ageHours) }));
    parts.push(
      i.minutesToAcknowledge === null
        ? p.t('incident.notAcknowledged')
        : p.t('incident.acknowledgedIn', { duration: p.fmt.minutes(i.minutesToAcknowledge) }),
    );
  }
  if (i.nextUpdateAt && !i.resolvedAt)
    parts.push(
      now !== undefined && i.nextUpdateAt <= now
        ? p.t('incident.updateOverdue', { at: p.at(i.nextUpdateAt) })
        : p.t('incident.nextUpdate', { at: p.at(i.nextUpdateAt) }),
    );
  return { about: `incident:${i.id}`, text: `${parts.join('; ')}.` };
}

/** One action in a sentence, and as the draft's action item. */
export function actionSentence(
  a: ActionFact,
  p: Phrasing,
): { sentence: Sentence; item: SummaryDraft['actions'][number] } {
  const due = a.due ? p.at(a.due) : null;
  const params = {
    text: a.text,
    ref: a.incidentId === null ? '' : ` (#${a.incidentId})`,
    owner: a.owner ? mention(a.owner) : p.t('incident.noOwner'),
    due: due ? p.t('action.due', { at: due }) : p.t('action.noDue'),
  };
  return {
    sentence: { about: `action:${a.id}`, text: p.t(a.done ? 'action.lineDone' : 'action.line', params) },
    item: { text: a.text, owner: a.owner ? mention(a.owner) : null, due },
  };
}

/** Opened, acknowledged and resolved in the period, the median times, and what was open at its end. */
export function incidentTotals(f: DigestFacts, p: Phrasing): Sentence {
  const inc = f.incidents;
  const open = Object.entries(inc.openBySeverity)
    .filter(([, n]) => n > 0)
    .map(([sev, n]) => `${p.fmt.count(n)} SEV${sev}`);
  const parts = [
    p.t('incidents.totals', {
      opened: p.fmt.count(inc.opened),
      acknowledged: p.fmt.count(inc.acknowledged),
      resolved: p.fmt.count(inc.resolved),
    }),
  ];
  if (inc.medianMinutesToAcknowledge !== null)
    parts.push(p.t('incidents.medianAck', { duration: p.fmt.minutes(inc.medianMinutesToAcknowledge) }));
  if (inc.medianMinutesToResolve !== null)
    parts.push(p.t('incidents.medianResolve', { duration: p.fmt.minutes(inc.medianMinutesToResolve) }));
  parts.push(open.length ? p.t('incidents.openAtEnd', { list: open.join(', ') }) : p.t('incidents.noneOpenAtEnd'));
  return { about: 'incidents', text: `${parts.join('; ')}.` };
}
