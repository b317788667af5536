import { describe, expect, it } from 'vitest';
import { parsePlaybookText } from '../../src/playbooks/load-playbooks.ts';
import type { Playbook } from '../../src/playbooks/playbook-schema.ts';
import { resolveParams, type ResolveContext } from '../../src/playbooks/resolve-params.ts';

function playbook(params: string): Playbook {
  const r = parsePlaybookText(
    `id: p\ntitle: P\ndescription: D.\nparams:\n${params}\nsteps:\n  - id: n\n    kind: note\n    text: hi\n`,
    'p.yml',
  );
  if (!r.ok) throw new Error(r.problems.join('\n'));
  return r.playbook;
}

const ctx: ResolveContext = {
  now: new Date('2026-11-26T10:37:00Z'),
  timezone: 'Asia/Jakarta',
  metrics: new Map([['refund_rate', ['city', 'category']]]),
};

const all = playbook(`  city: { type: string, from_incident: slice.city }
  kind: { type: enum, values: [refund, chargeback], default: refund }
  n: { type: int, default: 20, min: 1, max: 100 }
  window: { type: duration, default: 24h }
  to: { type: date, default: this_hour, from_incident: window_end }
  from: { type: date, default: to - window, from_incident: window_start }
  metric: { type: metric, default: refund_rate, from_incident: metric }
  slice: { type: slice, from_incident: slice }
  merchant_id: { type: string, pattern: '\\d+' }`);

describe('resolveParams', () => {
  it('fills defaults: the hour in the team zone, dates relative to other params, durations in seconds', () => {
    const r = resolveParams(all, {}, ctx);
    expect(r).toEqual({
      ok: true,
      values: {
        city: null,
        kind: 'refund',
        n: 20,
        window: 86_400,
        to: '2026-11-26T10:00:00.000Z',
        from: '2026-11-25T10:00:00.000Z',
        metric: 'refund_rate',
        slice: null,
        merchant_id: null,
      },
    });
  });

  it('takes typed words over the incident, and the incident over defaults', () => {
    const incident = {
      incidentId: 7,
      metricId: 'refund_rate',
      slice: { city: 'jakarta', category: 'spa' },
      windowStart: new Date('2026-11-20T00:00:00Z'),
      windowEnd: new Date('2026-11-21T00:00:00Z'),
    };
    const r = resolveParams(all, { city: 'bandung', window: '2h', n: '5' }, { ...ctx, incident });
    expect(r.ok && r.values).toMatchObject({
      city: 'bandung',
      n: 5,
      window: 7200,
      from: '2026-11-20T00:00:00.000Z',
      to: '2026-11-21T00:00:00.000Z',
      slice: { city: 'jakarta', category: 'spa' },
    });
  });

  it('lets a typed date be relative: today - 7d is local midnight a week back', () => {
    const r = resolveParams(all, { from: 'today - 7d' }, ctx);
    // Jakarta is UTC+7: local midnight of 26 Nov is 25 Nov 17:00 UTC.
    expect(r.ok && r.values.from).toBe('2026-11-18T17:00:00.000Z');
  });

  it('reads a typed date alone as local midnight in the team zone; Z keeps its meaning', () => {
    const r = resolveParams(all, { to: '2026-11-21', from: '2026-11-20T00:00Z' }, ctx);
    // Jakarta is UTC+7: local midnight of 21 Nov is 20 Nov 17:00 UTC, not 21 Nov 00:00 UTC.
    expect(r.ok && r.values.to).toBe('2026-11-20T17:00:00.000Z');
    expect(r.ok && r.values.from).toBe('2026-11-20T00:00:00.000Z');
  });

  it.each([
    [{ town: 'x' }, 'vigil_playbook_param_unknown', /has no parameter town/],
    [{ kind: 'gift' }, 'vigil_playbook_param_invalid', /Use one of refund, chargeback/],
    [{ n: '1e3' }, 'vigil_playbook_param_invalid', /not a whole number/],
    [{ n: '500' }, 'vigil_playbook_param_invalid', /outside 1\.\.100/],
    [{ window: 'a while' }, 'vigil_playbook_param_invalid', /not a duration/],
    [{ to: 'last tuesday' }, 'vigil_playbook_param_invalid', /not a date/],
    [{ metric: 'gmv' }, 'vigil_playbook_param_invalid', /Use one of refund_rate/],
    [{ slice: 'jakarta' }, 'vigil_playbook_param_invalid', /dimension=value/],
    [{ merchant_id: '1 OR 1=1' }, 'vigil_playbook_param_invalid', /does not match/],
  ])('refuses %j with %s', (given, code, hint) => {
    const r = resolveParams(all, given as Record<string, string>, ctx);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.code).toBe(code);
    expect(`${r.message} ${r.hint}`).toMatch(hint);
  });

  it('asks for a required parameter with an example', () => {
    const r = resolveParams(playbook('  merchant_id: { type: int, required: true }'), {}, ctx);
    expect(r).toMatchObject({
      ok: false,
      code: 'vigil_playbook_param_missing',
      hint: 'Add merchant_id=10 to the command.',
    });
  });
});
