// The honest split of the NAB corpus: settings are chosen on one half and reported on the other too.

/** The tuning half (files 1, 3, 5, ... in name order) and the held-out half (files 2, 4, 6, ...). */
export function tuningHalves<T>(sortedFiles: readonly T[]): { tuning: T[]; heldOut: T[] } {
  return {
    tuning: sortedFiles.filter((_, i) => i % 2 === 0),
    heldOut: sortedFiles.filter((_, i) => i % 2 === 1),
  };
}
