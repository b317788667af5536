// Matches figures read from text against facts sorted by unit, so "2.9%" can only be a rate, "+0.8pt"
// only a change of a rate, "48 min" only a duration and "$410" only money. Pure.
import type { Locale } from '../i18n/locales.ts';
import { findFigures, type Figure } from './find-figures.ts';

/** Facts by the unit they may be printed in (percentages and points already x100). */
export interface FigureFacts {
  plain: number[];
  percent: number[];
  points: number[];
  currency: number[];
  minutes: number[];
  hours: number[];
  multiple: number[];
  /** Local "YYYY-MM-DD HH:mm" of every instant in the facts; "*" for a part a text fact did not print. */
  instants: string[];
  incidentIds: number[];
  /** Figures as a text fact printed them ("3,100" in an English impact note), accepted as written in any language. */
  verbatim: string[];
}

/** A figure that matches no fact, and why. */
export interface UnmatchedFigure {
  figure: Figure;
  reason: string;
}

/** Empty facts, to fill in. */
export function emptyFigureFacts(): FigureFacts {
  return {
    plain: [],
    percent: [],
    points: [],
    currency: [],
    minutes: [],
    hours: [],
    multiple: [],
    instants: [],
    incidentIds: [],
    verbatim: [],
  };
}

/** Adds the figures printed in a fact's own text ("63% onboarded <30d") as facts of their kind. */
export function addTextFigures(facts: FigureFacts, text: string | null | undefined): void {
  if (!text) return;
  for (const f of findFigures(text, [])) {
    facts.verbatim.push(f.text);
    if (f.kind === 'incident') facts.incidentIds.push(f.value);
    else if (f.kind === 'date' || f.kind === 'time' || f.kind === 'datetime')
      facts.instants.push(`${f.date ?? '*'} ${f.time ?? '*'}`);
    else if (f.kind === 'hours') facts.minutes.push(f.value * 60);
    else if (f.kind === 'days') facts.minutes.push(f.value * 1440);
    else facts[f.kind].push(f.value);
  }
}

function near(f: Figure, candidates: number[], scale = 1): boolean {
  return candidates.some((raw) => {
    const c = raw * scale;
    if (!Number.isFinite(c)) return false;
    if (f.signed && Math.sign(c) !== Math.sign(f.value) && c !== 0) return false;
    const v = f.signed ? f.value : Math.abs(f.value);
    const fact = f.signed ? c : Math.abs(c);
    return Math.abs(fact - v) <= f.tolerance + 1e-9 * Math.max(1, Math.abs(v));
  });
}

function dateMatches(f: Figure, instants: string[]): boolean {
  return instants.some((i) => {
    const [date = '*', time = '*'] = i.split(' ');
    // A text fact that printed only a time ("18:00") matches a time, never a date.
    const dateOk =
      !f.date ||
      (date !== '*' &&
        (date === f.date || date.slice(-5) === f.date || (date.length === 5 && f.date.slice(-5) === date)));
    return dateOk && (!f.time || time === f.time);
  });
}

/** Why `f` matches no fact, or null when it matches one. */
export function unmatchedReason(f: Figure, facts: FigureFacts): string | null {
  // A fact's own text copied into a summary in another language keeps its English figures ("3,100 orders").
  if (facts.verbatim.includes(f.text)) return null;
  switch (f.kind) {
    case 'incident':
      return facts.incidentIds.includes(f.value) ? null : `no incident #${f.value}`;
    case 'date':
    case 'time':
    case 'datetime':
      return dateMatches(f, facts.instants) ? null : 'not a date or time in the facts (in the summary time zone)';
    case 'percent':
      return near(f, facts.percent) ? null : 'no rate or percentage in the facts rounds to it';
    case 'points':
      return near(f, facts.points) ? null : 'no change of a rate in the facts rounds to it';
    case 'currency':
      return near(f, facts.currency) ? null : 'no amount of money in the facts rounds to it';
    case 'minutes':
      return near(f, facts.minutes) ? null : 'no duration in the facts rounds to it';
    case 'hours':
      return near(f, facts.minutes, 1 / 60) || near(f, facts.hours) ? null : 'no duration in the facts rounds to it';
    case 'days':
      return near(f, facts.minutes, 1 / 1440) || near(f, facts.hours, 1 / 24)
        ? null
        : 'no duration in the facts rounds to it';
    case 'multiple':
      return near(f, facts.multiple) ? null : 'no ratio of two facts rounds to it';
    default:
      return near(f, facts.plain) ? null : 'no count or number in the facts rounds to it';
  }
}

/** The figures in `text`, written in `locale`, that match no fact (empty: safe to post), and how many were checked. */
export function checkFigures(
  text: string,
  facts: FigureFacts,
  locale: Locale = 'en',
  ignore?: RegExp[],
): { checked: number; unmatched: UnmatchedFigure[] } {
  const figures = findFigures(text, ignore, locale);
  const unmatched: UnmatchedFigure[] = [];
  for (const figure of figures) {
    const reason = unmatchedReason(figure, facts);
    if (reason) unmatched.push({ figure, reason });
  }
  return { checked: figures.length, unmatched };
}
