// The digest's lines laid out from its facts in the summary's language: a scorecard line, an incident
// line, an action line, and the vendor scorecard as Block Kit fields, worst vendor first. Pure.
import type { KnownBlock } from '@slack/types';
import type { ActionFact, DigestFacts, IncidentFact, MetricFact } from '../summaries/digest-facts-schema.ts';
import type { Phrasing } from '../i18n/phrasing.ts';
import { escapeMrkdwn } from './block-limits.ts';
import { formatSlice, mentionUser } from './format-values.ts';
import { metricTitle, metricValue } from '../summaries/template-digest-lines.ts';
import { vendorsWorstFirst } from '../summaries/vendor-ranking.ts';

/** Status as an emoji, the way the scorecard, the legend and the header show it. */
export const STATUS_EMOJI: Record<MetricFact['status'], string> = {
  green: ':large_green_circle:',
  amber: ':large_orange_circle:',
  red: ':red_circle:',
  grey: ':white_circle:',
};

/** Block Kit's limit of fields in one section. */
const FIELDS_PER_SECTION = 10;

/** "🔴 *Refund rate* 2.9% (+0.8 pt) · target 3%": the weekly report compares with the week before, the daily with the usual. */
export function scorecardLine(m: MetricFact, kind: DigestFacts['kind'], p: Phrasing): string {
  const value = m.value === null ? p.t('status.grey') : metricValue(m, m.value, p);
  const base = kind === 'weekly' ? m.previous : m.expected;
  let change = '';
  if (m.value !== null && base !== null)
    change =
      m.unit === 'ratio' || base === 0
        ? p.fmt.change(m.value - base, m.unit)
        : p.fmt.relative(m.value / Math.abs(base) - 1);
  const target = m.target !== null ? ` · ${p.t('metric.target', { target: metricValue(m, m.target, p) })}` : '';
  return `${STATUS_EMOJI[m.status]} *${escapeMrkdwn(metricTitle(m, p))}* ${value}${change ? ` (${change})` : ''}${target}`;
}

/** One incident: severity, title, state, channel, slice, impact, cause, owner, next update. */
export function incidentLine(i: IncidentFact, p: Phrasing, now: string): string {
  const parts = [
    `*SEV${i.severity}* ${escapeMrkdwn(i.title)} (#${i.id}, ${
      i.status === 'resolved' && i.resolvedAt
        ? `${p.t('incident.status.resolved')} ${p.at(i.resolvedAt)}`
        : p.t(`incident.status.${i.status}`)
    })${i.channelId ? ` <#${i.channelId}>` : ''}`,
  ];
  if (Object.keys(i.slice).length) parts.push(formatSlice(i.slice));
  if (i.impact) parts.push(escapeMrkdwn(p.t('incident.impact', { impact: i.impact })));
  parts.push(
    i.cause
      ? escapeMrkdwn(
          p.t(i.cause.confirmed ? 'incident.cause.confirmed' : 'incident.cause.hypothesis', { cause: i.cause.text }),
        )
      : p.t('incident.cause.unknown'),
  );
  parts.push(i.owner ? p.t('incident.owner', { owner: mentionUser(i.owner) }) : p.t('incident.noOwner'));
  if (i.nextUpdateAt && i.status !== 'resolved')
    parts.push(
      i.nextUpdateAt <= now
        ? `:warning: ${p.t('incident.updateOverdue', { at: p.at(i.nextUpdateAt) })}`
        : p.t('incident.nextUpdate', { at: p.at(i.nextUpdateAt) }),
    );
  return parts.join(' · ');
}

/** "• Suspend the cluster · @owner · due 06-03 17:00 (#12) [#5]". */
export function actionLine(a: ActionFact, p: Phrasing): string {
  const owner = a.owner ? mentionUser(a.owner) : p.t('incident.noOwner');
  const due = a.due ? ` · ${p.t('action.due', { at: p.at(a.due) })}` : '';
  return `• ${escapeMrkdwn(a.text)} · ${owner}${due}${a.incidentId !== null ? ` (#${a.incidentId})` : ''} [#${a.id}]`;
}

/** The vendor scorecard: a field per vendor, worst first, a missed target marked red with the target beside it. */
export function vendorBlocks(vendors: NonNullable<DigestFacts['vendors']>, p: Phrasing): KnownBlock[] {
  const fields = vendorsWorstFirst(vendors).map(({ row, worse }) => {
    const lines = vendors.columns.flatMap((c) => {
      const v = row.values[c.key];
      if (typeof v !== 'number') return [];
      const target = c.target === null ? '' : ` (${p.t('vendor.target', { target: p.fmt.value(c.target, c.unit) })})`;
      return [`${worse.has(c.key) ? ':red_circle: ' : ''}${escapeMrkdwn(c.label)} ${p.fmt.value(v, c.unit)}${target}`];
    });
    const mark = worse.size > 0 ? ' :red_circle:' : '';
    return {
      type: 'mrkdwn' as const,
      text: `*${escapeMrkdwn(row.vendor)}*${mark}\n${lines.length ? lines.join('\n') : p.t('vendor.noData')}`,
    };
  });
  const out: KnownBlock[] = [{ type: 'section', text: { type: 'mrkdwn', text: p.t('vendor.header') } }];
  for (let k = 0; k < fields.length; k += FIELDS_PER_SECTION)
    out.push({ type: 'section', fields: fields.slice(k, k + FIELDS_PER_SECTION) });
  return out;
}
