// Groups the active leaves of a cube by the values of some dimensions (a cuboid), in linear time.

/** The elements of one cuboid: which element each leaf belongs to, and each element's leaves contiguously. */
export interface CuboidGroups {
  /** Number of elements with at least one active leaf. */
  count: number;
  /** Element of each leaf, -1 for inactive leaves. */
  elementOf: Int32Array;
  /** Leaves of element e are order[start[e] .. start[e + 1]). */
  start: Int32Array;
  order: Int32Array;
}

// Dense keys up to this size; sparser cuboids (many high-cardinality dimensions) are compacted through a Map.
const MAX_DENSE_KEYS = 1 << 20;

/** Groups the leaves with active[leaf] = 1 by the dimensions `cuboid` (indexes into codes). */
export function groupCuboid(
  codes: Int32Array[],
  cardinality: number[],
  cuboid: number[],
  active: Uint8Array,
): CuboidGroups {
  const n = active.length;
  const elementOf = new Int32Array(n).fill(-1);
  let keySpace = 1;
  for (const d of cuboid) keySpace *= cardinality[d]!;
  let count = 0;
  if (keySpace <= MAX_DENSE_KEYS) {
    const slot = new Int32Array(keySpace).fill(-1);
    for (let i = 0; i < n; i++) {
      if (active[i] === 0) continue;
      let key = 0;
      for (const d of cuboid) key = key * cardinality[d]! + codes[d]![i]!;
      let e = slot[key]!;
      if (e < 0) slot[key] = e = count++;
      elementOf[i] = e;
    }
  } else {
    const slot = new Map<number, number>();
    for (let i = 0; i < n; i++) {
      if (active[i] === 0) continue;
      // Exact while the key space stays below 2^53, far beyond any real cube.
      let key = 0;
      for (const d of cuboid) key = key * cardinality[d]! + codes[d]![i]!;
      let e = slot.get(key);
      if (e === undefined) slot.set(key, (e = count++));
      elementOf[i] = e;
    }
  }
  const start = new Int32Array(count + 1);
  for (let i = 0; i < n; i++) if (elementOf[i]! >= 0) start[elementOf[i]! + 1]!++;
  for (let e = 0; e < count; e++) start[e + 1]! += start[e]!;
  const fill = start.slice(0, count);
  const order = new Int32Array(start[count]!);
  for (let i = 0; i < n; i++) {
    const e = elementOf[i]!;
    if (e >= 0) order[fill[e]!++] = i;
  }
  return { count, elementOf, start, order };
}
