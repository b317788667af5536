import { describe, expect, it } from 'vitest';
import { rotationSchema } from '../../src/config/oncall-schema.ts';
import type { OncallOverride } from '../../src/oncall/on-call-timeline.ts';
import { nextShift, schedule } from '../../src/oncall/who-is-on-call.ts';
import { currentShiftEnd } from '../../src/oncall/rotation-shifts.ts';

const SG = 'Asia/Singapore';
const rota = rotationSchema.parse({ start: '2026-01-05T09:00', primary: ['UAAA', 'UBBB', 'UCCC'] });
const d = (iso: string) => new Date(iso);
const rotaPerson = (userId: string) => ({ userId, source: 'rota' });
const cover: OncallOverride = {
  userId: 'UXXX',
  role: 'primary',
  from: d('2026-01-13T06:00:00Z'),
  until: d('2026-01-13T08:00:00Z'),
  setBy: 'UMGR',
};

// Compact view: local-free ISO edges and who holds each role.
const view = (shifts: ReturnType<typeof schedule>) =>
  shifts.map(
    (s) => `${s.from.toISOString()} ${s.until.toISOString()} ${s.primary?.userId ?? '-'}/${s.secondary?.userId ?? '-'}`,
  );

describe('schedule', () => {
  it('lists the next 4 shifts from inside the current one', () => {
    const shifts = schedule(rota, [], d('2026-01-06T03:00:00Z'), 4, SG);
    expect(view(shifts)).toEqual([
      '2026-01-05T01:00:00.000Z 2026-01-12T01:00:00.000Z UAAA/UBBB',
      '2026-01-12T01:00:00.000Z 2026-01-19T01:00:00.000Z UBBB/UCCC',
      '2026-01-19T01:00:00.000Z 2026-01-26T01:00:00.000Z UCCC/UAAA',
      '2026-01-26T01:00:00.000Z 2026-02-02T01:00:00.000Z UAAA/UBBB',
    ]);
    expect(shifts[0]).toEqual({
      from: d('2026-01-05T01:00:00Z'),
      until: d('2026-01-12T01:00:00Z'),
      primary: rotaPerson('UAAA'),
      secondary: rotaPerson('UBBB'),
    });
  });

  it('splits a shift around an override', () => {
    expect(view(schedule(rota, [cover], d('2026-01-12T01:00:00Z'), 4, SG))).toEqual([
      '2026-01-12T01:00:00.000Z 2026-01-13T06:00:00.000Z UBBB/UCCC',
      '2026-01-13T06:00:00.000Z 2026-01-13T08:00:00.000Z UXXX/UCCC',
      '2026-01-13T08:00:00.000Z 2026-01-19T01:00:00.000Z UBBB/UCCC',
      '2026-01-19T01:00:00.000Z 2026-01-26T01:00:00.000Z UCCC/UAAA',
    ]);
    expect(schedule(rota, [cover], d('2026-01-13T07:00:00Z'), 1, SG)[0]?.primary).toEqual({
      userId: 'UXXX',
      source: 'override',
      setBy: 'UMGR',
    });
  });

  it('starts at the first shift when asked before the rota starts, and is empty with nobody', () => {
    expect(view(schedule(rota, [], d('2025-12-01T00:00:00Z'), 1, SG))).toEqual([
      '2026-01-05T01:00:00.000Z 2026-01-12T01:00:00.000Z UAAA/UBBB',
    ]);
    expect(schedule(undefined, [], d('2026-01-06T00:00:00Z'), 4, SG)).toEqual([]);
    expect(view(schedule(undefined, [cover], d('2026-01-06T00:00:00Z'), 4, SG))).toEqual([
      '2026-01-13T06:00:00.000Z 2026-01-13T08:00:00.000Z UXXX/-',
    ]);
  });
});

describe('nextShift', () => {
  it('gives the next handover and who takes over', () => {
    expect(nextShift(rota, [], d('2026-01-06T03:00:00Z'), SG)).toEqual({
      from: d('2026-01-12T01:00:00Z'),
      until: d('2026-01-19T01:00:00Z'),
      primary: rotaPerson('UBBB'),
      secondary: rotaPerson('UCCC'),
    });
  });

  it('during an override, is the rota taking back over when it ends', () => {
    expect(view([nextShift(rota, [cover], d('2026-01-13T07:00:00Z'), SG)!])).toEqual([
      '2026-01-13T08:00:00.000Z 2026-01-19T01:00:00.000Z UBBB/UCCC',
    ]);
  });

  it('is undefined when nothing is planned', () => {
    expect(nextShift(undefined, [], d('2026-01-06T00:00:00Z'), SG)).toBeUndefined();
  });
});

describe('currentShiftEnd', () => {
  it('is the next handover, or the rota start before it', () => {
    expect(currentShiftEnd(rota, d('2026-01-06T03:00:00Z'), SG)).toEqual(d('2026-01-12T01:00:00Z'));
    expect(currentShiftEnd(rota, d('2025-11-01T00:00:00Z'), SG)).toEqual(d('2026-01-05T01:00:00Z'));
    expect(currentShiftEnd(undefined, d('2026-01-06T03:00:00Z'), SG)).toBeUndefined();
  });
});
