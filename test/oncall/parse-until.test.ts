import { describe, expect, it } from 'vitest';
import { rotationSchema } from '../../src/config/oncall-schema.ts';
import { parseOncallSet } from '../../src/oncall/parse-oncall-set.ts';
import { parseUntil } from '../../src/oncall/parse-until.ts';

const SG = 'Asia/Singapore';
const rota = rotationSchema.parse({ start: '2026-01-05T09:00', primary: ['UAAA', 'UBBB'] });
const d = (iso: string) => new Date(iso);
const NOW = d('2026-01-06T02:00:00Z'); // Tuesday 10:00 in Singapore

describe('parseUntil', () => {
  it.each([
    ['', '2026-01-12T01:00:00.000Z'], // the next handover
    ['2h', '2026-01-06T04:00:00.000Z'],
    ['for 3d', '2026-01-09T02:00:00.000Z'],
    ['1w', '2026-01-13T02:00:00.000Z'],
    ['until 2026-12-01', '2026-12-01T01:00:00.000Z'], // a date alone: the handover time, 09:00
    ['2026-12-01 18:00', '2026-12-01T10:00:00.000Z'],
    ['Until 2026-12-01T18:00', '2026-12-01T10:00:00.000Z'],
    ['tomorrow 09:00', '2026-01-07T01:00:00.000Z'],
    ['tomorrow', '2026-01-07T01:00:00.000Z'],
    ['today 18:30', '2026-01-06T10:30:00.000Z'],
    ['18:00', '2026-01-06T10:00:00.000Z'], // later today
    ['8:00', '2026-01-07T00:00:00.000Z'], // passed today, so tomorrow
  ])('reads %j in Singapore', (text, iso) => {
    expect(parseUntil(text, NOW, SG, rota)).toEqual(d(iso));
  });

  it('reads local dates in the zone given: Jakarta, and just after midnight', () => {
    expect(parseUntil('tomorrow 09:00', NOW, 'Asia/Jakarta', rota)).toEqual(d('2026-01-07T02:00:00Z'));
    // 01:30 on Wednesday in Singapore is still Tuesday in UTC: "tomorrow" is Thursday.
    expect(parseUntil('tomorrow 09:00', d('2026-01-06T17:30:00Z'), SG, rota)).toEqual(d('2026-01-08T01:00:00Z'));
    expect(parseUntil('until 2026-12-01', NOW, SG)).toEqual(d('2026-12-01T01:00:00Z'));
  });

  it.each(['next week', '2026-02-30', '25:00', 'tomorrow 9', '2026-12-01 18', 'until', '1.5h'])(
    'refuses %j with an example',
    (text) => {
      expect(parseUntil(text, NOW, SG, rota)).toEqual({
        ok: false,
        code: 'vigil_oncall_bad_until',
        message: `Cannot read "${text}" as the end of the override.`,
        hint: 'Give a duration or a local time (Asia/Singapore), e.g. `/oncall set @someone 8h`, `until 2026-12-01`, `2026-12-01 18:00` or `tomorrow 09:00`; with nothing, it lasts until the next handover.',
      });
    },
  );

  it('refuses a time in the past, more than a year away, and no default without a rota', () => {
    expect(parseUntil('2026-01-01', NOW, SG, rota)).toEqual({
      ok: false,
      code: 'vigil_oncall_bad_until',
      message: '2026-01-01 09:00 (Asia/Singapore) is not in the future; it is 2026-01-06 10:00 now.',
      hint: 'Give a later time, e.g. `/oncall set @someone tomorrow 09:00`, or a duration such as 8h.',
    });
    expect(parseUntil('2027-06-01', NOW, SG, rota)).toMatchObject({
      code: 'vigil_oncall_bad_until',
      message: '2027-06-01 09:00 is more than a year away.',
    });
    expect(parseUntil('', NOW, SG)).toMatchObject({
      code: 'vigil_oncall_bad_until',
      message: 'Nobody is on a rota shift, so there is no shift end to default to.',
    });
  });
});

describe('parseOncallSet', () => {
  it('reads an escaped mention, an optional role and the end', () => {
    expect(parseOncallSet('<@U01XYZ|dewi> 8h', NOW, SG, rota)).toEqual({
      ok: true,
      userId: 'U01XYZ',
      role: 'primary',
      until: d('2026-01-06T10:00:00Z'),
    });
    expect(parseOncallSet('<@W01XYZ> secondary tomorrow 09:00', NOW, SG, rota)).toEqual({
      ok: true,
      userId: 'W01XYZ',
      role: 'secondary',
      until: d('2026-01-07T01:00:00Z'),
    });
    expect(parseOncallSet('U01XYZ', NOW, SG, rota)).toEqual({
      ok: true,
      userId: 'U01XYZ',
      role: 'primary',
      until: d('2026-01-12T01:00:00Z'),
    });
  });

  it('refuses a name Slack did not turn into an id, and passes on a bad end', () => {
    expect(parseOncallSet('@dewi 8h', NOW, SG, rota)).toEqual({
      ok: false,
      code: 'vigil_oncall_bad_user',
      message: '"@dewi" is not a Slack user vigil can page.',
      hint: "Pick the person from Slack's @ autocomplete so Slack sends their member id, e.g. `/oncall set @dewi 8h` or `/oncall set @dewi secondary tomorrow 09:00`.",
    });
    expect(parseOncallSet('  ', NOW, SG, rota)).toMatchObject({
      code: 'vigil_oncall_bad_user',
      message: 'Say who covers: `/oncall set @someone [8h]`.',
    });
    expect(parseOncallSet('<@U01XYZ> soon', NOW, SG, rota)).toMatchObject({ code: 'vigil_oncall_bad_until' });
  });
});
