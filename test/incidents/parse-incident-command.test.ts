import { describe, expect, it } from 'vitest';
import { incidentActionOf, parseIncidentCommand } from '../../src/incidents/parse-incident-command.ts';

const ok = (text: string) => {
  const r = parseIncidentCommand(text);
  if (!r.ok) throw new Error(r.error);
  return r.request;
};
const error = (text: string) => {
  const r = parseIncidentCommand(text);
  if (r.ok) throw new Error(`expected an error for "${text}"`);
  return r.error;
};

describe('parseIncidentCommand', () => {
  it('parses new with title, severity, metric and slice options in any order', () => {
    expect(ok('new Refund spike in Jakarta sev=2 metric=refund_rate city=Jakarta category=spa')).toEqual({
      sub: 'new',
      title: 'Refund spike in Jakarta',
      severity: 2,
      metric: 'refund_rate',
      slice: { city: 'jakarta', category: 'spa' },
    });
    expect(ok('new "POS down" ')).toMatchObject({ title: 'POS down', severity: 3, slice: {} });
  });

  it('rejects a missing title, a bad severity and unknown options with what to type', () => {
    expect(error('new sev=2')).toMatch(/needs a title/);
    expect(error('new Outage sev=5')).toMatch(/`sev` must be 1, 2, 3 or 4/);
    expect(error('new Outage colour=red')).toMatch(/Unknown option `colour=`/);
  });

  it('takes optional ids (12 or #12) on ack, escalate, status, timeline, summary and postmortem', () => {
    expect(ok('ack')).toEqual({ sub: 'ack', id: undefined });
    expect(ok('postmortem #12')).toEqual({ sub: 'postmortem', id: 12 });
    expect(error('postmortem now')).toMatch(/`postmortem` takes only an optional incident id/);
    expect(ok('acknowledge #12')).toEqual({ sub: 'ack', id: 12 });
    expect(ok('timeline 7')).toEqual({ sub: 'timeline', id: 7 });
    expect(error('ack twelve')).toMatch(/only an optional incident id/);
  });

  it('refuses an id no incident can have (0, beyond bigint) before anything reaches the database', () => {
    expect(error('ack 99999999999999999999')).toMatch(/positive number such as 12/);
    expect(error('resolve #0 fixed')).toMatch(/positive number such as 12/);
    expect(error('update #99999999999999999999 still down')).toMatch(/positive number such as 12/);
    expect(ok('resolve 12 refunded 0 orders')).toEqual({ sub: 'resolve', id: 12, note: 'refunded 0 orders' });
  });

  it('parses update: the text as typed, an id only with #, and next= anywhere', () => {
    expect(ok('update 41 merchants suspended, "refunds" going out next=1h')).toEqual({
      sub: 'update',
      id: undefined,
      text: '41 merchants suspended, "refunds" going out',
      next: '1h',
    });
    expect(ok('update #12 next=14:00 POS vendor rolled back')).toEqual({
      sub: 'update',
      id: 12,
      text: 'POS vendor rolled back',
      next: '14:00',
    });
    expect(ok('update still investigating')).toEqual({ sub: 'update', id: undefined, text: 'still investigating' });
    expect(error('update next=30m')).toMatch(/needs a text/);
    expect(error('update x next=')).toMatch(/needs a duration or a time/);
    expect(error('update x next=1h next=2h')).toMatch(/once/);
  });

  it('needs a note to resolve, with or without an id', () => {
    expect(ok('resolve 12 merchants suspended')).toEqual({ sub: 'resolve', id: 12, note: 'merchants suspended' });
    expect(ok('resolve vouchers refunded')).toEqual({ sub: 'resolve', id: undefined, note: 'vouchers refunded' });
    expect(error('resolve 12')).toMatch(/needs a note/);
  });

  it('parses severity, assign (escaped mentions) and list filters', () => {
    expect(ok('severity 1')).toEqual({ sub: 'severity', id: undefined, severity: 1 });
    expect(ok('severity 12 2')).toEqual({ sub: 'severity', id: 12, severity: 2 });
    expect(error('severity 9')).toMatch(/level from 1 to 4/);
    expect(ok('assign <@U0123ABC|alice>')).toEqual({ sub: 'assign', id: undefined, userId: 'U0123ABC' });
    expect(error('assign alice')).toMatch(/mentioned/);
    expect(ok('list')).toEqual({ sub: 'list', filter: 'open' });
    expect(ok('list MINE')).toEqual({ sub: 'list', filter: 'mine' });
    expect(error('list closed')).toMatch(/open, mine or all/);
  });

  it('parses role: a role and one mentioned person, an optional id first, and maps it to assign_role', () => {
    expect(ok('role commander <@U0123ABC|alice>')).toEqual({
      sub: 'role',
      id: undefined,
      role: 'commander',
      userId: 'U0123ABC',
    });
    expect(ok('role #12 Scribe <@U0BOB>')).toEqual({ sub: 'role', id: 12, role: 'scribe', userId: 'U0BOB' });
    expect(incidentActionOf(ok('role comms <@U0BOB>'))).toEqual({
      kind: 'assign_role',
      role: 'comms',
      userId: 'U0BOB',
    });
    for (const bad of ['role', 'role captain <@U0BOB>', 'role comms bob', 'role comms <@U0BOB> <@U0CAROL>'])
      expect(error(bad)).toMatch(/role \(commander, comms, scribe\) and one person/);
  });

  it('treats empty text as help and names an unknown subcommand', () => {
    expect(ok('')).toEqual({ sub: 'help' });
    expect(error('open Outage')).toMatch(/Unknown subcommand `open`/);
  });
});
