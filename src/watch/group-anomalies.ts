// Groups anomalies of one metric in related slices into one alert: five categories in Jakarta
// become "Jakarta", listing the five as contributors. Pure.

/** Anything with a slice and a time span that can be grouped. */
export interface Groupable {
  slice: Readonly<Record<string, string>>;
  /** Epoch ms; start <= end. */
  start: number;
  end: number;
  score: number;
}

/** A group: the slice its members share, its span, and the members, highest score first. */
export interface AnomalyGroup<T extends Groupable> {
  slice: Record<string, string>;
  start: number;
  end: number;
  members: T[];
}

// The key=value pairs both slices fix, or null when they are unrelated (nothing in common and neither contains the other).
function common(
  a: Readonly<Record<string, string>>,
  b: Readonly<Record<string, string>>,
): Record<string, string> | null {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(a)) if (b[k] === v) out[k] = v;
  const n = Object.keys(out).length;
  const aInB = n === Object.keys(a).length;
  const bInA = n === Object.keys(b).length;
  return n > 0 || aInB || bInA ? out : null;
}

// What the most specific members share. A parent slice (the whole market, a city) that moved only
// because its children did is left out, so five Jakarta categories plus the total read "Jakarta".
function narrowest(members: readonly Groupable[]): Record<string, string> {
  const isAncestor = (a: Groupable) =>
    members.some(
      (b) =>
        b !== a &&
        Object.keys(b.slice).length > Object.keys(a.slice).length &&
        Object.entries(a.slice).every(([k, v]) => b.slice[k] === v),
    );
  const leaves = members.filter((m) => !isAncestor(m));
  return leaves
    .slice(1)
    .reduce<Record<string, string>>((acc, m) => common(acc, m.slice) ?? {}, { ...leaves[0]!.slice });
}

// Every key=value of `inner` is fixed the same way in `outer` (inner is a parent of, or equal to, outer).
function isWithin(inner: Readonly<Record<string, string>>, outer: Readonly<Record<string, string>>): boolean {
  return Object.entries(inner).every(([k, v]) => outer[k] === v);
}

/** Groups items whose spans overlap and whose slices share a dimension value (or contain one another). */
export function groupAnomalies<T extends Groupable>(items: readonly T[]): Array<AnomalyGroup<T>> {
  const groups: Array<AnomalyGroup<T>> = [];
  // Highest score first, so each group is seeded by its strongest slice.
  const ordered = [...items].sort((x, y) => x.start - y.start || y.score - x.score);
  for (const item of ordered) {
    let joined = false;
    for (const g of groups) {
      if (item.start > g.end || item.end < g.start) continue;
      const slice = common(g.slice, item.slice);
      if (!slice) continue;
      g.slice = slice;
      g.start = Math.min(g.start, item.start);
      g.end = Math.max(g.end, item.end);
      g.members.push(item);
      joined = true;
      break;
    }
    if (!joined) groups.push({ slice: { ...item.slice }, start: item.start, end: item.end, members: [item] });
  }
  // One pass can leave two groups that a later member relates ("Jakarta", "Bangkok", then the
  // total joining only the first): merge until no two overlapping groups are related.
  for (let merged = true; merged;) {
    merged = false;
    for (let i = 0; i < groups.length && !merged; i++) {
      for (let j = i + 1; j < groups.length && !merged; j++) {
        const a = groups[i]!;
        const b = groups[j]!;
        if (a.start > b.end || b.start > a.end) continue;
        const related = a.members.some((x) =>
          b.members.some(
            (y) => common(x.slice, y.slice) !== null && (isWithin(x.slice, y.slice) || isWithin(y.slice, x.slice)),
          ),
        );
        if (!related) continue;
        a.members.push(...b.members);
        a.start = Math.min(a.start, b.start);
        a.end = Math.max(a.end, b.end);
        groups.splice(j, 1);
        merged = true;
      }
    }
  }
  for (const g of groups) {
    g.members.sort((x, y) => y.score - x.score);
    g.slice = narrowest(g.members);
  }
  return groups;
}
