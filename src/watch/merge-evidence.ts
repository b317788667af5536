// Folds a new anomaly into an incident's evidence: the affected slices it adds, or a related metric also moving. Pure.
import type { IncidentEvidence } from '../incidents/incident-types.ts';
import { sliceKey } from '../metrics/slice-key.ts';

/** One affected slice with its reading. */
export type AffectedSlice = NonNullable<IncidentEvidence['contributors']>[number];

/** A related metric's reading shown as "also moving". */
export type AlsoMoving = NonNullable<IncidentEvidence['alsoMoving']>[number];

// Most specific (more keys) first, then the larger relative change, then the key, so the order is stable.
function bySpecificity(a: AffectedSlice, b: AffectedSlice): number {
  const change = (c: AffectedSlice) => Math.abs(c.observed / (c.expected || 1) - 1);
  return (
    Object.keys(b.slice).length - Object.keys(a.slice).length ||
    change(b) - change(a) ||
    sliceKey(a.slice).localeCompare(sliceKey(b.slice))
  );
}

/** The affected slices of `base` and `added`, newest reading per slice, most specific first. */
export function mergeAffected(base: readonly AffectedSlice[], added: readonly AffectedSlice[]): AffectedSlice[] {
  const byKey = new Map<string, AffectedSlice>();
  for (const s of [...base, ...added]) byKey.set(sliceKey(s.slice), { ...s, slice: { ...s.slice } });
  return [...byKey.values()].sort(bySpecificity);
}

/**
 * The incident's evidence after a new reading of the same metric joined it: the headline stays the incident's
 * slice (taking the new reading when it is that slice), and every affected slice is listed with its reading.
 */
export function joinEvidence(current: IncidentEvidence | null, fresh: IncidentEvidence): IncidentEvidence {
  if (!current) return fresh;
  const own = (e: IncidentEvidence): AffectedSlice[] =>
    e.contributors && e.contributors.length > 0
      ? e.contributors
      : [{ slice: e.slice, observed: e.observed, expected: e.expected }];
  const contributors = mergeAffected(own(current), own(fresh));
  const sameSlice = sliceKey(current.slice) === sliceKey(fresh.slice);
  // The headline's low-history mark goes with its reading: a newer reading on enough history clears it.
  const { lowHistory: _held, ...rest } = current;
  const headline = sameSlice ? { ...rest, ...fresh, slice: current.slice } : { ...current, bucket: fresh.bucket };
  // Kept from the incident: its chart, likely cause and related metrics, which a fresh reading does not carry.
  return {
    ...headline,
    contributors,
    ...(current.chartFileId ? { chartFileId: current.chartFileId } : {}),
    ...(current.chartUrl ? { chartUrl: current.chartUrl } : {}),
    ...(current.likelyCause ? { likelyCause: current.likelyCause } : {}),
    ...(current.alsoMoving ? { alsoMoving: current.alsoMoving } : {}),
  };
}

/** The incident's evidence with a related metric's reading added (or refreshed) under "also moving". */
export function addAlsoMoving(current: IncidentEvidence, moving: AlsoMoving): IncidentEvidence {
  const key = (m: AlsoMoving) => `${m.metricId}|${sliceKey(m.slice)}`;
  const rest = (current.alsoMoving ?? []).filter((m) => key(m) !== key(moving));
  return { ...current, alsoMoving: [...rest, { ...moving, slice: { ...moving.slice } }] };
}
