// The replay's plan: which bucket boundaries each simulated hour crosses, in which order, and when digests fall due.
import { describe, expect, it } from 'vitest';
import { boundariesBetween, planReplay, REPLAY_DEFAULT_DAYS, resolveReplayRange } from '../../src/demo/replay-plan.ts';

const iso = (d: Date) => d.toISOString();
const NOW = new Date('2026-03-10T05:20:00Z');

describe('resolveReplayRange', () => {
  it('defaults to the last days up to now at the default speed', () => {
    const r = resolveReplayRange({}, NOW);
    expect(iso(r.to)).toBe(iso(NOW));
    expect(r.to.getTime() - r.from.getTime()).toBe(REPLAY_DEFAULT_DAYS * 86_400_000);
    expect(r.speed).toBe(60);
  });

  it('takes ISO strings and Dates', () => {
    const r = resolveReplayRange({ speed: 3600, from: '2026-03-01', to: new Date('2026-03-02T00:00:00Z') }, NOW);
    expect([iso(r.from), iso(r.to), r.speed]).toEqual(['2026-03-01T00:00:00.000Z', '2026-03-02T00:00:00.000Z', 3600]);
  });

  it.each([
    [{ speed: 0 }, 'vigil_replay_speed_invalid'],
    [{ speed: 3601 }, 'vigil_replay_speed_invalid'],
    [{ speed: Number.NaN }, 'vigil_replay_speed_invalid'],
    [{ from: 'yesterday' }, 'vigil_replay_range_invalid'],
    [{ from: '2026-03-10T06:00:00Z' }, 'vigil_replay_range_invalid'],
    [{ from: '2026-01-01' }, 'vigil_replay_range_invalid'],
  ])('refuses %j with %s', (request, code) => {
    expect(() => resolveReplayRange(request, NOW)).toThrow(expect.objectContaining({ code }));
  });
});

describe('boundariesBetween', () => {
  it('lists the boundaries in (after, upTo], oldest first', () => {
    const t = Date.parse('2026-03-01T00:00:00Z');
    expect(boundariesBetween('15m', 'UTC', t, t + 3_600_000).map((b) => (b - t) / 60_000)).toEqual([15, 30, 45, 60]);
    expect(boundariesBetween('hour', 'UTC', t, t + 3_600_000 - 1)).toEqual([]);
  });

  it('puts day boundaries at local midnight', () => {
    const t = Date.parse('2026-03-01T00:00:00Z');
    // Asia/Jakarta is UTC+7: local midnight is 17:00 UTC.
    expect(boundariesBetween('day', 'Asia/Jakarta', t, t + 86_400_000).map((b) => new Date(b).toISOString())).toEqual([
      '2026-03-01T17:00:00.000Z',
    ]);
  });
});

describe('planReplay', () => {
  it('makes one step per simulated hour, ending at `to`, with finer grains first at a shared boundary', () => {
    const steps = planReplay(
      { from: new Date('2026-03-01T22:30:00Z'), to: new Date('2026-03-02T01:10:00Z') },
      ['day', 'hour', '15m'],
      'UTC',
    );
    expect(steps.map((s) => iso(s.at))).toEqual([
      '2026-03-01T23:00:00.000Z',
      '2026-03-02T00:00:00.000Z',
      '2026-03-02T01:00:00.000Z',
      '2026-03-02T01:10:00.000Z',
    ]);
    expect(steps[0]!.runs.map((r) => `${r.grain}@${iso(r.at).slice(11, 16)}`)).toEqual([
      '15m@22:45',
      '15m@23:00',
      'hour@23:00',
    ]);
    expect(steps[1]!.runs.map((r) => `${r.grain}@${iso(r.at).slice(11, 16)}`)).toEqual([
      '15m@23:15',
      '15m@23:30',
      '15m@23:45',
      '15m@00:00',
      'hour@00:00',
      'day@00:00',
    ]);
    expect(steps[3]!.runs).toEqual([]);
    expect(steps.every((s) => s.digests.length === 0)).toBe(true);
  });

  it('judges every hourly boundary in the period exactly once, in time order', () => {
    const steps = planReplay(
      { from: new Date('2026-03-01T00:00:00Z'), to: new Date('2026-03-04T00:00:00Z') },
      ['hour'],
      'Asia/Singapore',
    );
    const ats = steps.flatMap((s) => s.runs.map((r) => r.at.getTime()));
    expect(steps).toHaveLength(72);
    expect(ats).toHaveLength(72);
    expect(ats).toEqual([...ats].sort((a, b) => a - b));
    expect(new Set(ats).size).toBe(72);
  });

  it('runs the daily digest at each local 09:00 crossed, for the day before', () => {
    // Asia/Jakarta 09:00 is 02:00 UTC.
    const steps = planReplay(
      { from: new Date('2026-03-01T00:00:00Z'), to: new Date('2026-03-03T12:00:00Z') },
      ['hour'],
      'Asia/Jakarta',
      '09:00',
    );
    const due = steps.filter((s) => s.digests.length > 0).map((s) => [iso(s.at), s.digests]);
    expect(due).toEqual([
      ['2026-03-01T02:00:00.000Z', ['2026-02-28']],
      ['2026-03-02T02:00:00.000Z', ['2026-03-01']],
      ['2026-03-03T02:00:00.000Z', ['2026-03-02']],
    ]);
  });

  it("keeps a half-hour zone's 09:30 firing in the hour that crosses it", () => {
    const steps = planReplay(
      { from: new Date('2026-03-01T00:00:00Z'), to: new Date('2026-03-01T06:00:00Z') },
      ['day'],
      'Asia/Kolkata',
      '09:00',
    );
    // 09:00 IST is 03:30 UTC: due in the step ending at 04:00.
    expect(steps.find((s) => s.digests.length)!.at.toISOString()).toBe('2026-03-01T04:00:00.000Z');
    // IST midnight (18:30 UTC) is not in the period.
    expect(steps.flatMap((s) => s.runs)).toEqual([]);
  });
});
