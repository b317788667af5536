import { describe, expect, it } from 'vitest';
import { rotationSchema, type Rotation } from '../../src/config/oncall-schema.ts';
import type { OncallOverride } from '../../src/oncall/on-call-timeline.ts';
import { whoIsOnCall } from '../../src/oncall/who-is-on-call.ts';

const SG = 'Asia/Singapore'; // UTC+8: 09:00 local is 01:00Z
const JKT = 'Asia/Jakarta'; // UTC+7: 09:00 local is 02:00Z
const rota: Rotation = rotationSchema.parse({ start: '2026-01-05T09:00', primary: ['UAAA', 'UBBB', 'UCCC'] });
const d = (iso: string) => new Date(iso);
// `r` is passed explicitly as null for "no rota" (undefined would pick the default).
const who = (at: string, overrides: OncallOverride[] = [], tz = SG, r: Rotation | null = rota) =>
  whoIsOnCall(r ?? undefined, overrides, d(at), tz);

describe('whoIsOnCall: the rota', () => {
  it('hands over exactly at 09:00 Singapore time', () => {
    expect(who('2026-01-12T00:59:59.999Z').primary).toEqual({
      userId: 'UAAA',
      source: 'rota',
      from: d('2026-01-05T01:00:00Z'),
      until: d('2026-01-12T01:00:00Z'),
    });
    expect(who('2026-01-12T01:00:00Z')).toEqual({
      primary: { userId: 'UBBB', source: 'rota', from: d('2026-01-12T01:00:00Z'), until: d('2026-01-19T01:00:00Z') },
      secondary: { userId: 'UCCC', source: 'rota', from: d('2026-01-12T01:00:00Z'), until: d('2026-01-19T01:00:00Z') },
    });
  });

  it('hands over exactly at 09:00 Jakarta time, an hour later in UTC', () => {
    expect(who('2026-01-12T01:30:00Z', [], JKT).primary?.userId).toBe('UAAA');
    expect(who('2026-01-12T01:59:59Z', [], JKT).primary?.until).toEqual(d('2026-01-12T02:00:00Z'));
    expect(who('2026-01-12T02:00:00Z', [], JKT).primary).toMatchObject({
      userId: 'UBBB',
      from: d('2026-01-12T02:00:00Z'),
    });
  });

  it('wraps the three-person cycle, secondary defaulting to the next in primary', () => {
    const c = who('2026-01-20T12:00:00Z');
    expect([c.primary?.userId, c.secondary?.userId]).toEqual(['UCCC', 'UAAA']);
    const a = who('2026-01-26T01:00:00Z');
    expect([a.primary?.userId, a.secondary?.userId]).toEqual(['UAAA', 'UBBB']);
    // 51 weeks on: shift 51, 51 % 3 = 0.
    expect(who('2026-12-28T01:00:00Z').primary).toMatchObject({ userId: 'UAAA', until: d('2027-01-04T01:00:00Z') });
    expect(who('2026-12-28T00:59:00Z').primary?.userId).toBe('UCCC');
  });

  it('takes the handover time from `handover` when start is a date', () => {
    const r = rotationSchema.parse({
      start: '2026-01-05',
      handover: '09:00',
      length_days: 1,
      primary: ['UAAA', 'UBBB'],
    });
    expect(who('2026-01-06T00:59:00Z', [], SG, r).primary).toMatchObject({
      userId: 'UAAA',
      from: d('2026-01-05T01:00:00Z'),
    });
    expect(who('2026-01-06T01:00:00Z', [], SG, r).primary).toMatchObject({
      userId: 'UBBB',
      until: d('2026-01-07T01:00:00Z'),
    });
  });

  it('uses an explicit secondary list, and no secondary for a one-person rota', () => {
    const r = rotationSchema.parse({
      start: '2026-01-05T09:00',
      primary: ['UAAA', 'UBBB'],
      secondary: ['UCCC', 'UDDD'],
    });
    expect(who('2026-01-13T00:00:00Z', [], SG, r).secondary?.userId).toBe('UDDD');
    const solo = rotationSchema.parse({ start: '2026-01-05T09:00', primary: ['UAAA'] });
    expect(who('2026-01-13T00:00:00Z', [], SG, solo)).toEqual({
      primary: { userId: 'UAAA', source: 'rota', from: d('2026-01-12T01:00:00Z'), until: d('2026-01-19T01:00:00Z') },
    });
  });

  it('keeps local handovers across a DST change', () => {
    const r = rotationSchema.parse({ start: '2026-03-23T09:00', primary: ['UAAA', 'UBBB'] });
    expect(who('2026-03-24T00:00:00Z', [], 'Europe/Berlin', r).primary).toMatchObject({
      from: d('2026-03-23T08:00:00Z'), // CET, UTC+1
      until: d('2026-03-30T07:00:00Z'), // CEST, UTC+2
    });
  });

  it('says nobody is configured, and how to fix it, for an empty rota', () => {
    const expected = {
      notice: {
        code: 'vigil_oncall_no_rota',
        message: 'Nobody is on call: vigil.yml has no on-call rota (oncall.rotation.primary is empty or missing).',
        hint: 'Add to vigil.yml:  oncall: { rotation: { start: "2026-01-05T09:00", primary: [U01AAA, U01BBB] } }  (Slack member ids), or cover now with `/oncall set @someone 8h`.',
      },
    };
    expect(who('2026-01-06T00:00:00Z', [], SG, null)).toEqual(expected);
    expect(who('2026-01-06T00:00:00Z', [], SG, { ...rota, primary: [] })).toEqual(expected);
  });

  it('says when the rota starts, before it does', () => {
    expect(who('2026-01-05T00:59:00Z')).toEqual({
      notice: {
        code: 'vigil_oncall_rota_not_started',
        message: 'Nobody is on call: the rota starts 2026-01-05 09:00 (Asia/Singapore).',
        hint: 'Cover until then with `/oncall set @someone until 2026-01-05 09:00`, or move oncall.rotation.start in vigil.yml earlier than 2026-01-05 08:59.',
      },
    });
  });
});

const ov = (userId: string, from: string, until: string, extra: Partial<OncallOverride> = {}): OncallOverride => ({
  userId,
  role: 'primary',
  from: d(from),
  until: d(until),
  setBy: 'UMGR',
  ...extra,
});

describe('whoIsOnCall: overrides', () => {
  it('puts the override in place for its window and gives the rota back after it', () => {
    const o = [ov('UXXX', '2026-01-06T06:00:00Z', '2026-01-06T10:00:00Z')];
    expect(who('2026-01-06T08:00:00Z', o)).toEqual({
      primary: {
        userId: 'UXXX',
        source: 'override',
        setBy: 'UMGR',
        from: d('2026-01-06T06:00:00Z'),
        until: d('2026-01-06T10:00:00Z'),
      },
      secondary: { userId: 'UBBB', source: 'rota', from: d('2026-01-05T01:00:00Z'), until: d('2026-01-12T01:00:00Z') },
    });
    expect(who('2026-01-06T05:00:00Z', o).primary).toMatchObject({ userId: 'UAAA', until: d('2026-01-06T06:00:00Z') });
    // Expired at exactly `until`.
    expect(who('2026-01-06T10:00:00Z', o).primary).toEqual({
      userId: 'UAAA',
      source: 'rota',
      from: d('2026-01-06T10:00:00Z'),
      until: d('2026-01-12T01:00:00Z'),
    });
  });

  it('overrides one role only', () => {
    const o = [ov('UXXX', '2026-01-06T00:00:00Z', '2026-01-07T00:00:00Z', { role: 'secondary' })];
    const now = who('2026-01-06T12:00:00Z', o);
    expect([now.primary?.userId, now.secondary?.userId, now.secondary?.source]).toEqual(['UAAA', 'UXXX', 'override']);
  });

  it('lets the latest-set override win where two overlap', () => {
    const wide = ov('UXXX', '2026-01-06T00:00:00Z', '2026-01-07T00:00:00Z', { setAt: d('2026-01-05T10:00:00Z') });
    const narrow = ov('UYYY', '2026-01-06T12:00:00Z', '2026-01-06T18:00:00Z', { setAt: d('2026-01-05T11:00:00Z') });
    expect(who('2026-01-06T14:00:00Z', [narrow, wide]).primary).toMatchObject({
      userId: 'UYYY',
      until: d('2026-01-06T18:00:00Z'),
    });
    expect(who('2026-01-06T11:00:00Z', [narrow, wide]).primary).toMatchObject({
      userId: 'UXXX',
      until: d('2026-01-06T12:00:00Z'),
    });
    expect(who('2026-01-06T19:00:00Z', [narrow, wide]).primary).toMatchObject({
      userId: 'UXXX',
      from: d('2026-01-06T18:00:00Z'),
    });
    // Set the other way round, the wide one hides the narrow one completely.
    const hidden = { ...narrow, setAt: d('2026-01-05T09:00:00Z') };
    expect(who('2026-01-06T14:00:00Z', [hidden, wide]).primary).toMatchObject({
      userId: 'UXXX',
      from: d('2026-01-06T00:00:00Z'),
      until: d('2026-01-07T00:00:00Z'),
    });
  });

  it('without setAt, counts a later position in the list as set later', () => {
    const a = ov('UXXX', '2026-01-06T00:00:00Z', '2026-01-07T00:00:00Z');
    const b = ov('UYYY', '2026-01-06T00:00:00Z', '2026-01-07T00:00:00Z');
    expect(who('2026-01-06T12:00:00Z', [a, b]).primary?.userId).toBe('UYYY');
    expect(who('2026-01-06T12:00:00Z', [b, a]).primary?.userId).toBe('UXXX');
  });

  it('is not cut by a rota handover inside it, and ignores empty windows', () => {
    const across = ov('UXXX', '2026-01-11T12:00:00Z', '2026-01-13T00:00:00Z');
    const empty = ov('UZZZ', '2026-01-12T06:00:00Z', '2026-01-12T06:00:00Z');
    expect(who('2026-01-12T05:00:00Z', [across, empty]).primary).toMatchObject({
      userId: 'UXXX',
      from: d('2026-01-11T12:00:00Z'),
      until: d('2026-01-13T00:00:00Z'),
    });
    expect(who('2026-01-13T00:00:00Z', [across]).primary).toMatchObject({
      userId: 'UBBB',
      from: d('2026-01-13T00:00:00Z'),
    });
  });

  it('covers an empty rota with an override, without a notice', () => {
    expect(who('2026-01-06T08:00:00Z', [ov('UXXX', '2026-01-06T06:00:00Z', '2026-01-06T10:00:00Z')], SG, null)).toEqual(
      {
        primary: {
          userId: 'UXXX',
          source: 'override',
          setBy: 'UMGR',
          from: d('2026-01-06T06:00:00Z'),
          until: d('2026-01-06T10:00:00Z'),
        },
      },
    );
  });
});
