// What a drafted digest must say (the coverage check's requirements): every red and amber metric with its
// value, every open SEV1/SEV2 incident by its number, every overdue action. Pure.
import type { CoverageRequirement } from '../drafting/check-draft-coverage.ts';
import type { Locale } from '../i18n/locales.ts';
import { findFigures } from '../numbers/find-figures.ts';
import { emptyFigureFacts, unmatchedReason } from '../numbers/match-figures.ts';
import type { DigestFacts, MetricFact } from './digest-facts-schema.ts';

// The metric's value as the number check would accept it, and nothing else.
function valueFacts(m: MetricFact) {
  const facts = emptyFigureFacts();
  const v = m.value!;
  if (m.unit === 'ratio') facts.percent.push(v * 100);
  else if (m.unit === 'currency') facts.currency.push(v);
  else if (m.unit === 'minutes') facts.minutes.push(v);
  else facts.plain.push(v);
  return facts;
}

function mentionsMetric(m: MetricFact, about: string, text: string): boolean {
  if (about.endsWith(`metric:${m.id}`)) return true;
  const lower = text.toLowerCase();
  return [m.title, ...Object.values(m.titles ?? {})].some((t) => lower.includes(t.toLowerCase()));
}

/** The digest's coverage requirements, reading figures as `locale` writes them. */
export function digestCoverage(f: DigestFacts, locale: Locale): CoverageRequirement[] {
  const out: CoverageRequirement[] = [];
  for (const m of f.metrics) {
    if ((m.status !== 'red' && m.status !== 'amber') || m.value === null) continue;
    const facts = valueFacts(m);
    out.push({
      about: `metric:${m.id}`,
      what: `${m.status} metric ${m.id} with its value`,
      covered: (s) =>
        mentionsMetric(m, s.about, s.text) &&
        findFigures(s.text, undefined, locale).some((fig) => unmatchedReason(fig, facts) === null),
    });
  }
  for (const i of f.incidents.list) {
    if (i.status === 'resolved' || i.severity > 2) continue;
    const number = new RegExp(`#${i.id}(?!\\d)`);
    out.push({
      about: `incident:${i.id}`,
      what: `open SEV${i.severity} incident #${i.id}`,
      // Only a sentence about this incident counts: an action or finding citing "#12" says nothing of its state.
      covered: (s) =>
        [`incident:${i.id}`, `attention:incident:${i.id}`, 'incidents'].includes(s.about) && number.test(s.text),
    });
  }
  for (const a of f.actions) {
    if (a.done || a.due === null || a.due > f.generatedAt) continue;
    out.push({
      about: `action:${a.id}`,
      what: `overdue action ${a.id}`,
      covered: (s) =>
        s.about === `action:${a.id}` || s.about === `attention:action_overdue:${a.id}` || s.text.includes(a.text),
    });
  }
  return out;
}
