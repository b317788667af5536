// Every way to pick k of n dimensions (the cuboids of one layer), in lexicographic order. Pure.

/** The k-subsets of 0..n-1, each ascending. */
export function combinations(k: number, n: number): number[][] {
  const out: number[][] = [];
  const pick = (from: number, acc: number[]): void => {
    if (acc.length === k) return void out.push(acc);
    for (let d = from; d < n; d++) pick(d + 1, [...acc, d]);
  };
  pick(0, []);
  return out;
}
