import { describe, expect, it } from 'vitest';
import { weeklyTrend } from '../../src/summaries/weekly-trend.ts';
import type { Incident } from '../../src/incidents/incident-types.ts';

const at = (d: string) => new Date(`${d}Z`);
function incident(id: number, severity: number, opened: string, ackMin: number | null, resolveMin: number | null) {
  const o = at(opened);
  return {
    id,
    severity,
    openedAt: o,
    acknowledgedAt: ackMin === null ? null : new Date(o.getTime() + ackMin * 60_000),
    resolvedAt: resolveMin === null ? null : new Date(o.getTime() + resolveMin * 60_000),
  } as Incident;
}

describe('weekly trend', () => {
  const before = at('2026-05-04T00:00:00');
  const start = at('2026-06-01T00:00:00');
  const end = at('2026-06-08T00:00:00');
  const incidents = [
    incident(1, 2, '2026-06-02T10:00:00', 10, 60),
    incident(2, 2, '2026-06-03T10:00:00', 30, null),
    incident(3, 1, '2026-06-04T10:00:00', 20, 240),
    incident(4, 2, '2026-05-05T10:00:00', 40, 100),
    incident(5, 3, '2026-05-12T10:00:00', 50, 200),
    incident(6, 2, '2026-05-20T10:00:00', 60, 300),
    // Before the four weeks: not counted anywhere.
    incident(7, 1, '2026-05-01T10:00:00', 5, 5),
  ];

  it('counts this week by severity and the four weeks before per week', () => {
    const t = weeklyTrend(incidents, before, start, end);
    expect(t.thisWeek.opened).toEqual({ 1: 1, 2: 2, 3: 0, 4: 0 });
    expect(t.weeksBefore.openedPerWeek).toEqual({ 1: 0, 2: 0.5, 3: 0.3, 4: 0 });
  });

  it('takes the median times of the week and of the four weeks pooled', () => {
    const t = weeklyTrend(incidents, before, start, end);
    expect(t.thisWeek.medianMinutesToAcknowledge).toBe(20);
    expect(t.thisWeek.medianMinutesToResolve).toBe(150);
    expect(t.weeksBefore.medianMinutesToAcknowledge).toBe(50);
    expect(t.weeksBefore.medianMinutesToResolve).toBe(200);
  });

  it('has no medians for a quiet week', () => {
    const t = weeklyTrend([], before, start, end);
    expect(t.thisWeek).toEqual({
      opened: { 1: 0, 2: 0, 3: 0, 4: 0 },
      medianMinutesToAcknowledge: null,
      medianMinutesToResolve: null,
    });
  });
});
