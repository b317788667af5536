// Every figure a summary may print, sorted by unit, from its facts: what the number check accepts. Pure.
import { addTextFigures, emptyFigureFacts, type FigureFacts } from '../numbers/match-figures.ts';
import { localInstants } from '../time/zone-time.ts';
import type { ActionFact, DigestFacts, IncidentFact, MetricFact, SummaryFacts } from './digest-facts-schema.ts';
import type { SummaryUnit } from '../blocks/format-summary-figure.ts';

type Num = number | null | undefined;

function inUnit(out: FigureFacts, unit: SummaryUnit, values: Num[]): void {
  for (const v of values) {
    if (v === null || v === undefined || !Number.isFinite(v)) continue;
    if (unit === 'ratio') out.percent.push(v * 100);
    else if (unit === 'currency') out.currency.push(v);
    else if (unit === 'minutes') out.minutes.push(v);
    else out.plain.push(v);
  }
}

// Differences of two values in their unit: a rate's difference is printed in points.
function diffs(out: FigureFacts, unit: SummaryUnit, values: Num[]): void {
  for (const v of values) {
    if (v === null || v === undefined || !Number.isFinite(v)) continue;
    if (unit === 'ratio') out.points.push(v * 100);
    else inUnit(out, unit, [v]);
  }
}

function ratio(out: FigureFacts, a: Num, b: Num): void {
  if (a === null || a === undefined || !b) return;
  out.multiple.push(a / b);
  out.percent.push((a / b - 1) * 100);
}

function instant(out: FigureFacts, iso: string | null | undefined, tz: string): void {
  if (iso) out.instants.push(...localInstants(iso, tz));
}

function addMetric(out: FigureFacts, m: MetricFact): void {
  const u = m.unit;
  inUnit(out, u, [m.value, m.expected, m.target, m.previous]);
  const minus = (a: Num, b: Num) => (a === null || a === undefined || b === null || b === undefined ? null : a - b);
  diffs(out, u, [
    m.change,
    m.changeVsPrevious,
    minus(m.value, m.target),
    minus(m.value, m.expected),
    minus(m.value, m.previous),
  ]);
  if (m.changePct !== null) out.percent.push(m.changePct * 100);
  ratio(out, m.value, m.expected);
  ratio(out, m.value, m.previous);
  for (const title of [m.title, ...Object.values(m.titles ?? {})]) addTextFigures(out, title);
  if (m.per !== null) out.plain.push(m.per);
}

function addIncident(out: FigureFacts, i: IncidentFact, tz: string): void {
  out.incidentIds.push(i.id);
  for (const at of [i.openedAt, i.acknowledgedAt, i.resolvedAt, i.nextUpdateAt, i.latestUpdate?.at])
    instant(out, at, tz);
  inUnit(out, 'minutes', [i.minutesToAcknowledge, i.minutesToResolve]);
  out.hours.push(i.ageHours);
  // The impact estimate is in the catalog's impact label ("USD refunded", "orders lost"), not the metric's unit.
  if (i.impactValue !== null) {
    out.plain.push(i.impactValue);
    out.currency.push(i.impactValue);
  }
  for (const text of [i.title, i.impact, i.cause?.text, i.likelyCause?.text, i.latestUpdate?.text])
    addTextFigures(out, text);
}

function addTrend(out: FigureFacts, trend: NonNullable<DigestFacts['trend']>): void {
  const { thisWeek: w, weeksBefore: b } = trend;
  out.plain.push(...Object.values(w.opened), ...Object.values(b.openedPerWeek));
  inUnit(out, 'minutes', [
    w.medianMinutesToAcknowledge,
    w.medianMinutesToResolve,
    b.medianMinutesToAcknowledge,
    b.medianMinutesToResolve,
  ]);
}

function addActions(out: FigureFacts, actions: ActionFact[], tz: string): void {
  out.plain.push(actions.length, actions.filter((a) => !a.done).length);
  for (const a of actions) {
    instant(out, a.due, tz);
    addTextFigures(out, a.text);
  }
}

/** The figures `facts` allow, in `timeZone`. */
export function figuresOfSummary(facts: SummaryFacts, timeZone: string): FigureFacts {
  const out = emptyFigureFacts();
  instant(out, facts.generatedAt, timeZone);
  if (facts.kind === 'incident') {
    const unit = facts.metric?.unit;
    addIncident(out, facts.incident, timeZone);
    if (facts.metric && unit) {
      inUnit(out, unit, [facts.metric.observed, facts.metric.expected]);
      const { observed: o, expected: e } = facts.metric;
      if (o !== null && e !== null) diffs(out, unit, [o - e]);
      ratio(out, o, e);
    }
    out.plain.push(facts.timeline.length);
    for (const t of facts.timeline) {
      instant(out, t.at, timeZone);
      addTextFigures(out, t.detail);
    }
    const ev = facts.evidence;
    if (ev && unit) {
      instant(out, ev.bucket, timeZone);
      inUnit(out, unit, [ev.bandLow, ev.bandHigh]);
      for (const c of ev.contributors) {
        inUnit(out, unit, [c.observed, c.expected]);
        diffs(out, unit, [c.observed - c.expected]);
        ratio(out, c.observed, c.expected);
      }
    }
    for (const m of facts.peopleTimeline ?? []) {
      instant(out, m.at, timeZone);
      addTextFigures(out, m.text);
    }
    for (const r of facts.playbookFindings) r.findings.forEach((f) => addTextFigures(out, f));
    addTextFigures(out, facts.resolutionNote);
    addActions(out, facts.actions, timeZone);
    return out;
  }
  for (const iso of [facts.periodStart, facts.periodEnd, facts.freshness.completeTo]) instant(out, iso, timeZone);
  out.instants.push(`${facts.label} *`);
  const units = new Map(facts.metrics.map((m) => [m.id, m.unit] as const));
  for (const m of facts.metrics) addMetric(out, m);
  const statuses = ['green', 'amber', 'red', 'grey'].map((s) => facts.metrics.filter((m) => m.status === s).length);
  out.plain.push(facts.metrics.length, facts.freshness.stale.length, facts.freshness.broken.length, ...statuses);
  const inc = facts.incidents;
  out.plain.push(inc.opened, inc.acknowledged, inc.resolved, inc.list.length, ...Object.values(inc.openBySeverity));
  out.plain.push(Object.values(inc.openBySeverity).reduce((a, b) => a + b, 0));
  inUnit(out, 'minutes', [inc.medianMinutesToAcknowledge, inc.medianMinutesToResolve]);
  for (const i of inc.list) addIncident(out, i, timeZone);
  out.plain.push(facts.topSlices.length);
  for (const s of facts.topSlices) {
    const unit = units.get(s.metricId) ?? 'count';
    inUnit(out, unit, [s.observed, s.expected]);
    if (s.impact !== null) {
      out.plain.push(s.impact);
      out.currency.push(s.impact);
    }
    diffs(out, unit, [s.observed - s.expected]);
    ratio(out, s.observed, s.expected);
  }
  out.plain.push(facts.playbookFindings.length);
  for (const r of facts.playbookFindings) r.findings.forEach((f) => addTextFigures(out, f));
  addActions(out, facts.actions, timeZone);
  for (const c of facts.integrity) {
    inUnit(out, c.unit, [c.value]);
    addTextFigures(out, c.label);
  }
  if (facts.vendors) {
    out.plain.push(facts.vendors.rows.length);
    for (const r of facts.vendors.rows) for (const c of facts.vendors.columns) inUnit(out, c.unit, [r.values[c.key]]);
    for (const c of facts.vendors.columns) {
      addTextFigures(out, c.label);
      inUnit(out, c.unit, [c.target]);
    }
  }
  out.plain.push(facts.needsAttention.length, facts.moreNeedingAttention);
  if (facts.trend) addTrend(out, facts.trend);
  return out;
}

// The numeric kinds a subject's own facts replace; instants, incident numbers and figures copied from text
// facts stay shared (a sentence may name any time, any incident, any quoted figure).
const NUMERIC = ['plain', 'percent', 'points', 'currency', 'minutes', 'hours', 'multiple'] as const;

function scoped(all: FigureFacts, shared: number[], fill: (out: FigureFacts) => void): FigureFacts {
  const own = emptyFigureFacts();
  fill(own);
  const out: FigureFacts = { ...all };
  for (const k of NUMERIC) out[k] = own[k];
  out.plain = [...own.plain, ...shared];
  return out;
}

/**
 * The figures a digest sentence may print, by what it is about: a metric's sentence only that metric's figures
 * (and its slices' and incidents'), an incident's only that incident's, a vendor's only its row and targets,
 * the totals and trend only theirs; any other sentence (and an incident summary's) every fact. So "CS SLA 94%"
 * fails when 94% is another figure of the data but not that metric's value.
 */
export function figuresBySubject(facts: SummaryFacts, timeZone: string): (about: string) => FigureFacts {
  const all = figuresOfSummary(facts, timeZone);
  if (facts.kind === 'incident') return () => all;
  const cache = new Map<string, FigureFacts>();
  const metrics = new Map(facts.metrics.map((m) => [m.id, m] as const));
  const incidents = new Map(facts.incidents.list.map((i) => [String(i.id), i] as const));
  const metricScope = (id: string) => (out: FigureFacts) => {
    const m = metrics.get(id)!;
    addMetric(out, m);
    for (const s of facts.topSlices.filter((x) => x.metricId === id)) {
      inUnit(out, m.unit, [s.observed, s.expected]);
      diffs(out, m.unit, [s.observed - s.expected]);
      ratio(out, s.observed, s.expected);
    }
    for (const i of facts.incidents.list.filter((x) => x.metricId === id)) addIncident(out, i, timeZone);
  };
  // Counts of the digest as a whole ("7 metrics tracked, 2 of them red") may be said anywhere.
  const statuses = ['green', 'amber', 'red', 'grey'].map((x) => facts.metrics.filter((m) => m.status === x).length);
  const shared = [facts.metrics.length, ...statuses, facts.needsAttention.length];
  const scopeOf = (about: string): ((out: FigureFacts) => void) | null => {
    const [head, ...rest] = about.replace(/^attention:(?=metric:|incident:|update_overdue:)/, '').split(':');
    const ref = rest.join(':');
    if (head === 'metric' && metrics.has(ref)) return metricScope(ref);
    if ((head === 'incident' || head === 'update_overdue') && incidents.has(ref))
      return (out) => addIncident(out, incidents.get(ref)!, timeZone);
    if (head === 'incidents')
      return (out) => {
        const inc = facts.incidents;
        out.plain.push(
          inc.opened,
          inc.acknowledged,
          inc.resolved,
          inc.list.length,
          ...Object.values(inc.openBySeverity),
        );
        out.plain.push(Object.values(inc.openBySeverity).reduce((a, b) => a + b, 0));
        inUnit(out, 'minutes', [inc.medianMinutesToAcknowledge, inc.medianMinutesToResolve]);
      };
    if (about === 'attention:more') return (out) => out.plain.push(facts.moreNeedingAttention);
    if (head === 'trend' && facts.trend) return (out) => addTrend(out, facts.trend!);
    if (head === 'vendor' && facts.vendors) {
      const row = facts.vendors.rows.find((r) => r.vendor === ref);
      const v = facts.vendors;
      if (row)
        return (out) => {
          for (const c of v.columns) {
            inUnit(out, c.unit, [row.values[c.key], c.target]);
            addTextFigures(out, c.label);
          }
          addTextFigures(out, row.vendor);
        };
    }
    return null;
  };
  return (about) => {
    let got = cache.get(about);
    if (!got) {
      const scope = scopeOf(about);
      cache.set(about, (got = scope ? scoped(all, shared, scope) : all));
    }
    return got;
  };
}
