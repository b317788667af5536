// The number check: every figure in a drafted text must be one of the facts it was drafted from, as
// printed (a percentage may print a ratio), to the precision it is printed with. Pure.

/** A figure found in text. */
export interface FoundNumber {
  text: string;
  value: number;
  percent: boolean;
  /** Digits after the decimal point as printed. */
  decimals: number;
}

/** The outcome: the figures that match no fact (empty when the text is safe to post). */
export interface NumberCheck {
  ok: boolean;
  checked: number;
  unmatched: FoundNumber[];
}

// Digits inside identifiers (merchant_id=27003, vendor-2, #12) are names, not figures.
const FIGURE = /(?<![\w.=\-/#])[-+−]?\$?(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?\s*(%|[kKMB]\b)?/g;
const SCALE: Record<string, number> = { k: 1e3, K: 1e3, M: 1e6, B: 1e9 };

/** The figures in `text` (ignoring ids inside Slack markup such as <@U123>). */
export function findNumbers(text: string): FoundNumber[] {
  const clean = text.replace(/<[^>]*>/g, ' ').replace(/\b\d{4}-\d{2}-\d{2}(T[\d:.]+Z?)?\b/g, ' ');
  const out: FoundNumber[] = [];
  for (const m of clean.matchAll(FIGURE)) {
    const sign = /^[-−]/.test(m[0]) ? -1 : 1;
    const decimals = m[2] ? m[2].length - 1 : 0;
    const suffix = m[3];
    const base = Number(`${m[1]!.replace(/,/g, '')}${m[2] ?? ''}`) * sign;
    out.push({
      text: m[0].trim(),
      value: suffix && SCALE[suffix] ? base * SCALE[suffix]! : base,
      percent: suffix === '%',
      decimals: suffix && SCALE[suffix] ? -1 : decimals,
    });
  }
  return out;
}

/** Checks every figure in `text` against `facts` (raw numbers from query results). */
export function checkNumbers(text: string, facts: Iterable<number>): NumberCheck {
  const values = [...facts].filter((f) => Number.isFinite(f));
  const found = findNumbers(text);
  const unmatched = found.filter((f) => !values.some((v) => matches(f, v)));
  return { ok: unmatched.length === 0, checked: found.length, unmatched };
}

function matches(f: FoundNumber, v: number): boolean {
  // Half a unit of the last printed digit, plus float slack; "1.2M" style figures get 5% of the value.
  const tolerance = f.decimals < 0 ? Math.abs(f.value) * 0.05 : 0.5 * 10 ** -f.decimals + 1e-9;
  const candidates = f.percent ? [v * 100, v] : [v, Math.abs(v)];
  // A signed figure such as "+12%" is printed from a signed fact; an unsigned one may print a magnitude.
  return candidates.some(
    (c) =>
      Math.abs(Math.abs(c) - Math.abs(f.value)) <= tolerance &&
      (Math.sign(c) === Math.sign(f.value) || f.value >= 0 || c === 0),
  );
}

/** Every finite number in result rows (numbers and numeric text), for use as facts. */
export function factsOf(rows: Iterable<Record<string, unknown>>): number[] {
  const out: number[] = [];
  for (const row of rows) {
    for (const v of Object.values(row)) {
      if (typeof v === 'number' && Number.isFinite(v)) out.push(v);
      else if (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v.trim())) out.push(Number(v));
    }
  }
  return out;
}
