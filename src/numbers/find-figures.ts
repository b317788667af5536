// Reads the figures out of prose with their unit and printed precision: percentages, points, counts,
// money, durations, multiples, dates, times and incident numbers. Digits inside identifiers are names,
// not figures, and are skipped. Pure.

/** What a figure measures, as printed. */
export type FigureKind =
  | 'plain'
  | 'percent'
  | 'points'
  | 'currency'
  | 'minutes'
  | 'hours'
  | 'days'
  | 'multiple'
  | 'date'
  | 'time'
  | 'datetime'
  | 'incident';

/** One figure found in text. */
export interface Figure {
  text: string;
  kind: FigureKind;
  /** In the printed unit (percent for "2.9%", hours for "3 h"); an incident number for 'incident'. */
  value: number;
  /** Printed with a sign (+/-), so only a fact with that sign matches. */
  signed: boolean;
  /** Half a unit of the last printed digit (a wider one after "about"/"~"). */
  tolerance: number;
  /** Dates and times: "YYYY-MM-DD" or "MM-DD", and "HH:mm". */
  date?: string;
  time?: string;
  index: number;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MON =
  '(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)';

// Spans that hold digits but no figures: Slack markup (<@U123>, <#C1|x>, links), code, key=value pairs,
// word-joined ids (vendor-2, merchant_id, SEV2, p90, M1), and "merchant 27003"-style references.
const IDENTIFIERS = [
  /<[^>\n]*>/g,
  /`[^`\n]*`/g,
  /\b[\w.-]+=[^\s,;)]+/g,
  /\b(?:merchant|user|customer|ticket|account|agent|order|run|vendor|shop|store)\s?(?:id\s?)?[#:]?\s?\d+\b/gi,
];

/** Phrases of the summaries' own vocabulary whose digits are a period or a denominator, not a fact. */
export const PERIOD_PHRASES: RegExp[] = [
  /\b(?:4|four)[- ]?(?:weeks?|wks?|wk)\b/gi,
  /\b(?:7|seven)[- ]?days?(?:\s(?:ago|before|earlier))?\b/gi,
  /\b(?:28|twenty-eight)[- ]?days?\b/gi,
  /\b(?:24|twenty-four)[- ]?(?:hours?|h)\b(?=\s(?:before|ago|window))/gi,
  /\/\s?1(?:k|,?000)\b/gi,
  /\bper\s1(?:k|,?000)\b/gi,
];

const DATE_TIME: Array<[RegExp, (m: RegExpMatchArray) => Partial<Figure>]> = [
  [
    /\b(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?/g,
    (m) => ({ date: `${m[1]}-${m[2]}-${m[3]}`, time: m[4] ? `${m[4]}:${m[5]}` : undefined }),
  ],
  [
    /\b(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])(?:,?\s(?:at\s)?([01]\d|2[0-3]):([0-5]\d))?\b/g,
    (m) => ({ date: `${m[1]}-${m[2]}`, time: m[3] ? `${m[3]}:${m[4]}` : undefined }),
  ],
  [
    new RegExp(`\\b${MON}\\.?\\s(\\d{1,2})(?:st|nd|rd|th)?(?:,?\\s(\\d{4}))?\\b`, 'gi'),
    (m) => ({ date: monthDay(m[1]!, m[2]!, m[3]) }),
  ],
  [
    new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)?\\s${MON}\\.?(?:,?\\s(\\d{4}))?\\b`, 'gi'),
    (m) => ({ date: monthDay(m[2]!, m[1]!, m[3]) }),
  ],
  [/\b([01]?\d|2[0-3]):([0-5]\d)\b/g, (m) => ({ time: `${m[1]!.padStart(2, '0')}:${m[2]}` })],
];

function monthDay(mon: string, day: string, year?: string): string {
  const md = `${String(MONTHS.indexOf(mon.slice(0, 3).toLowerCase()) + 1).padStart(2, '0')}-${day.padStart(2, '0')}`;
  return year ? `${year}-${md}` : md;
}

const INCIDENT = /(?:#|\bincident\s#?|\bINC[- ]?)(\d+)\b/gi;
const COMPOUND = /(?<![\w.])(\d+)\s?(?:h|hrs?|hours?)\s(\d{1,2})\s?(?:m|mins?|minutes?)\b/g;
const NUMBER =
  /(?<![\w.=/#:-])([+\-−±]\s?)?(\$|USD\s?)?(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?:\s?(%|pp\b|pts?\b|percentage points?\b|points?\b|[kK]\b|M\b|B\b|bn\b|mins?\b|minutes?\b|h\b|hrs?\b|hours?\b|d\b|days?\b|x\b|×))?/g;
const APPROX = /(?:~|≈|\babout|\baround|\broughly|\bapproximately|\bnearly|\balmost|\bsome)\s?$/i;
const SCALE: Record<string, number> = { k: 1e3, K: 1e3, M: 1e6, B: 1e9, bn: 1e9 };

function unitKind(unit: string | undefined, money: boolean): FigureKind {
  if (!unit) return money ? 'currency' : 'plain';
  if (unit === '%') return 'percent';
  if (/^(pp|pts?|points?|percentage points?)$/.test(unit)) return 'points';
  if (/^min/.test(unit)) return 'minutes';
  if (/^(h|hrs?|hours?)$/.test(unit)) return 'hours';
  if (/^(d|days?)$/.test(unit)) return 'days';
  if (unit === 'x' || unit === '×') return 'multiple';
  return money ? 'currency' : 'plain';
}

function blank(text: string, from: number, to: number): string {
  return text.slice(0, from) + ' '.repeat(to - from) + text.slice(to);
}

/** Every figure in `text`, in order; `ignore` adds phrases whose digits are not figures. */
export function findFigures(text: string, ignore: RegExp[] = PERIOD_PHRASES): Figure[] {
  let rest = text;
  const out: Figure[] = [];
  for (const re of [...IDENTIFIERS, ...ignore])
    for (const m of rest.matchAll(re)) rest = blank(rest, m.index, m.index + m[0].length);
  for (const m of rest.matchAll(INCIDENT)) {
    out.push({ text: m[0], kind: 'incident', value: Number(m[1]), signed: false, tolerance: 0, index: m.index });
    rest = blank(rest, m.index, m.index + m[0].length);
  }
  for (const [re, read] of DATE_TIME) {
    for (const m of rest.matchAll(re)) {
      const f = read(m);
      const kind: FigureKind = f.date && f.time ? 'datetime' : f.date ? 'date' : 'time';
      out.push({ text: m[0], kind, value: 0, signed: false, tolerance: 0, date: f.date, time: f.time, index: m.index });
      rest = blank(rest, m.index, m.index + m[0].length);
    }
  }
  for (const m of rest.matchAll(COMPOUND)) {
    out.push({
      text: m[0],
      kind: 'minutes',
      value: Number(m[1]) * 60 + Number(m[2]),
      signed: false,
      tolerance: 0.5,
      index: m.index,
    });
    rest = blank(rest, m.index, m.index + m[0].length);
  }
  for (const m of rest.matchAll(NUMBER)) {
    const [, sign, money, int, frac, unit] = m;
    const scale = unit ? SCALE[unit] : undefined;
    const decimals = frac ? frac.length - 1 : 0;
    const digits = int!.replace(/,/g, '');
    const magnitude = Number(`${digits}${frac ?? ''}`) * (scale ?? 1);
    const negative = !!sign && /[-−]/.test(sign);
    let tolerance = 0.5 * 10 ** -decimals * (scale ?? 1);
    // "about 3,100" is rounded to its last non-zero digit.
    if (!frac && APPROX.test(text.slice(Math.max(0, m.index - 16), m.index)))
      tolerance = Math.max(tolerance, 0.5 * 10 ** (digits.length - digits.replace(/0+$/, '').length) * (scale ?? 1));
    out.push({
      text: m[0].trim(),
      kind: unitKind(scale ? undefined : unit, !!money),
      value: negative ? -magnitude : magnitude,
      signed: !!sign && !sign.startsWith('±'),
      tolerance,
      index: m.index,
    });
  }
  return out.sort((a, b) => a.index - b.index);
}
