import { describe, expect, it } from 'vitest';
import { groupAnomalies, type Groupable } from '../../src/watch/group-anomalies.ts';

const H = 3_600_000;
const a = (slice: Record<string, string>, start: number, end: number, score: number): Groupable => ({
  slice,
  start: start * H,
  end: end * H,
  score,
});

describe('groupAnomalies', () => {
  it('groups five categories of one city into the city, strongest first', () => {
    const cats = ['spa', 'food', 'beauty', 'fitness', 'travel'];
    const items = cats.map((c, i) => a({ city: 'jakarta', category: c }, 10 + (i % 2), 14, 0.6 + i * 0.05));
    const groups = groupAnomalies(items);
    expect(groups).toHaveLength(1);
    expect(groups[0]!.slice).toEqual({ city: 'jakarta' });
    expect(groups[0]!.members).toHaveLength(5);
    expect(groups[0]!.members.map((m) => m.slice.category)).toEqual(['travel', 'fitness', 'beauty', 'food', 'spa']);
    expect(groups[0]!.start).toBe(10 * H);
    expect(groups[0]!.end).toBe(14 * H);
  });

  it('keeps unrelated slices apart', () => {
    const groups = groupAnomalies([
      a({ city: 'jakarta', category: 'spa' }, 10, 12, 0.9),
      a({ city: 'bangkok', category: 'food' }, 10, 12, 0.8),
      a({ city: 'manila' }, 10, 12, 0.7),
      a({ vendor: 'vendor-a', language: 'id' }, 10, 12, 0.6),
    ]);
    expect(groups.map((g) => g.slice)).toEqual([
      { city: 'jakarta', category: 'spa' },
      { city: 'bangkok', category: 'food' },
      { city: 'manila' },
      { vendor: 'vendor-a', language: 'id' },
    ]);
  });

  it('keeps the same slice apart when the spans do not overlap', () => {
    const groups = groupAnomalies([
      a({ city: 'jakarta' }, 10, 12, 0.9),
      a({ city: 'jakarta' }, 13, 15, 0.8),
      a({ city: 'jakarta', category: 'spa' }, 20, 21, 0.7),
    ]);
    expect(groups).toHaveLength(3);
    expect(groups.map((g) => g.start / H)).toEqual([10, 13, 20]);
  });

  it('groups touching spans (one ends when the next starts)', () => {
    expect(
      groupAnomalies([a({ city: 'jakarta' }, 10, 12, 0.9), a({ city: 'jakarta', category: 'spa' }, 12, 13, 0.5)]),
    ).toHaveLength(1);
  });

  it('lets the whole market absorb its sub-slices whichever is strongest, named by the most specific ones', () => {
    for (const marketScore of [0.99, 0.1]) {
      const groups = groupAnomalies([
        a({ city: 'jakarta' }, 10, 12, 0.5),
        a({}, 10, 12, marketScore),
        a({ city: 'jakarta', category: 'spa' }, 10, 12, 0.4),
        a({ city: 'jakarta', category: 'food' }, 11, 12, 0.3),
      ]);
      expect(groups).toHaveLength(1);
      expect(groups[0]!.members).toHaveLength(4);
      expect(groups[0]!.members[0]!.score).toBe(Math.max(marketScore, 0.5));
      // The total and Jakarta moved because the Jakarta categories did: the group reads "Jakarta".
      expect(groups[0]!.slice).toEqual({ city: 'jakarta' });
    }
  });

  it('names the group after the whole market when the sub-slices share nothing', () => {
    const groups = groupAnomalies([
      a({}, 10, 12, 0.9),
      a({ city: 'jakarta' }, 10, 12, 0.5),
      a({ city: 'bangkok' }, 10, 12, 0.4),
    ]);
    expect(groups).toHaveLength(1);
    expect(groups[0]!.slice).toEqual({});
  });

  it('groups five categories plus the city and the total under the city', () => {
    const items = ['spa', 'food', 'beauty', 'fitness', 'travel'].map((c, i) =>
      a({ city: 'jakarta', category: c }, 10, 14, 0.5 + i * 0.01),
    );
    const groups = groupAnomalies([...items, a({ city: 'jakarta' }, 10, 14, 0.95), a({}, 10, 14, 0.9)]);
    expect(groups).toHaveLength(1);
    expect(groups[0]!.slice).toEqual({ city: 'jakarta' });
    expect(groups[0]!.members).toHaveLength(7);
  });

  it('names a group of one city and one of its categories after the category slice', () => {
    const groups = groupAnomalies([
      a({ city: 'jakarta', category: 'spa' }, 10, 12, 0.9),
      a({ city: 'jakarta' }, 11, 12, 0.5),
    ]);
    expect(groups).toHaveLength(1);
    expect(groups[0]!.slice).toEqual({ city: 'jakarta', category: 'spa' });
    expect(groups[0]!.members.map((m) => m.score)).toEqual([0.9, 0.5]);
  });

  it('does not change the items it is given', () => {
    const items = [
      a({ city: 'jakarta', category: 'spa' }, 10, 12, 0.9),
      a({ city: 'jakarta', category: 'food' }, 10, 12, 0.5),
    ];
    const copy = structuredClone(items);
    groupAnomalies(items);
    expect(items).toEqual(copy);
  });

  it('returns no groups for no anomalies', () => {
    expect(groupAnomalies([])).toEqual([]);
  });

  // Fixed: groups that a later member relates are merged.
  it('lets the whole market absorb sub-slices that seeded different groups', () => {
    const groups = groupAnomalies([
      a({ city: 'jakarta' }, 10, 14, 0.9),
      a({ city: 'bangkok' }, 10, 14, 0.8),
      a({}, 10, 14, 0.7),
    ]);
    expect(groups).toHaveLength(1);
    expect(groups[0]!.slice).toEqual({});
  });
});
