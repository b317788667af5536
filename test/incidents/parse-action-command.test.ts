// `/incident action` parsing: an action to add (owner, due date, incident), one to mark done, or what to type instead.
import { describe, expect, it } from 'vitest';
import { parseActionCommand } from '../../src/incidents/parse-action-command.ts';

describe('parseActionCommand', () => {
  it('reads the text, the owner mention, the due date and the incident', () => {
    expect(parseActionCommand('action "suspend the cluster" <@U0OWNER|ann> due=2026-03-05 incident=#12')).toEqual({
      ok: true,
      request: { sub: 'add', text: 'suspend the cluster', owner: 'U0OWNER', due: '2026-03-05', incidentId: 12 },
    });
    expect(parseActionCommand('action refund the vouchers')).toEqual({
      ok: true,
      request: { sub: 'add', text: 'refund the vouchers' },
    });
  });

  it('reads an action marked done by number', () => {
    expect(parseActionCommand('action done #5')).toEqual({ ok: true, request: { sub: 'done', id: 5 } });
    expect(parseActionCommand('action done')).toMatchObject({
      ok: false,
      error: expect.stringContaining('/incident action done 5'),
    });
  });

  it('refuses a missing text, a due that is not a date and an incident that is not a number', () => {
    expect(parseActionCommand('action <@U0OWNER>')).toMatchObject({
      ok: false,
      error: expect.stringContaining('Say what is to be done'),
    });
    expect(parseActionCommand('action fix it due=tomorrow')).toMatchObject({
      ok: false,
      error: 'due must be a date YYYY-MM-DD (got "tomorrow").',
    });
    expect(parseActionCommand('action fix it incident=twelve')).toMatchObject({
      ok: false,
      error: expect.stringContaining('incident= takes an incident number'),
    });
  });
});
