import { describe, expect, it } from 'vitest';
import {
  allowedActionKinds,
  applyAction,
  isOpen,
  timeToAcknowledgeSeconds,
  timeToResolveSeconds,
  type TransitionRefusal,
  type TransitionResult,
} from '../../src/incidents/incident-state.ts';
import type { Incident, IncidentAction, IncidentStatus } from '../../src/incidents/incident-types.ts';

import { at, incident as cardIncident } from '../blocks/incident-fixtures.ts';

// The shared incident without evidence or card: the state machine reads neither.
const incident = (overrides: Partial<Incident> = {}): Incident =>
  cardIncident({ evidence: null, cardTs: null, ...overrides });

function ok(result: TransitionResult | TransitionRefusal): TransitionResult {
  if (!result.ok) throw new Error(`expected acceptance, got ${result.code}: ${result.message}`);
  return result;
}

function refused(result: TransitionResult | TransitionRefusal): TransitionRefusal {
  if (result.ok) throw new Error(`expected a refusal, got ${JSON.stringify(result.changes)}`);
  return result;
}

/** Applies the accepted changes, as the store would. */
function after(inc: Incident, action: IncidentAction, actor: string, now: Date): Incident {
  return { ...inc, ...ok(applyAction(inc, action, actor, now)).changes };
}

const resolvedIncident = incident({
  status: 'resolved',
  acknowledgedAt: at(6),
  acknowledgedBy: 'UALICE',
  resolvedAt: at(125),
  resolvedBy: 'UBOB',
  resolutionNote: 'rolled back',
});

describe('acknowledge', () => {
  it.each<IncidentStatus>(['open', 'escalated', 'reopened'])('moves %s to acknowledged', (status) => {
    const result = ok(applyAction(incident({ status }), { kind: 'acknowledge' }, 'UALICE', at(6)));
    expect(result.changes).toEqual({
      status: 'acknowledged',
      acknowledgedAt: at(6),
      acknowledgedBy: 'UALICE',
      ownerUserId: 'UALICE',
    });
    expect(result.event).toEqual({
      kind: 'acknowledged',
      fromStatus: status,
      toStatus: 'acknowledged',
      detail: { first_acknowledgement: true, time_to_acknowledge_s: 360 },
    });
  });

  it('makes the acknowledging person the owner when there is none, and keeps an owner already set', () => {
    expect(ok(applyAction(incident(), { kind: 'acknowledge' }, 'UALICE', at(6))).changes.ownerUserId).toBe('UALICE');
    const owned = incident({ ownerUserId: 'UBOB' });
    expect(ok(applyAction(owned, { kind: 'acknowledge' }, 'UALICE', at(6))).changes).not.toHaveProperty('ownerUserId');
    // The scheduler or a detector acknowledging (not a person) leaves the owner unassigned.
    expect(ok(applyAction(incident(), { kind: 'acknowledge' }, 'vigil', at(6))).changes).not.toHaveProperty(
      'ownerUserId',
    );
  });

  it('refuses a second acknowledgement, naming who acknowledged and when (double clicks are harmless)', () => {
    const first = after(incident(), { kind: 'acknowledge' }, 'UALICE', at(6));
    const second = refused(applyAction(first, { kind: 'acknowledge' }, 'UBOB', at(6.1)));
    expect(second.code).toBe('vigil_incident_already_acknowledged');
    expect(second.message).toBe('Incident #12 was already acknowledged by <@UALICE> at 2025-05-01 09:14 UTC.');
    expect(second.hint).toMatch(/Escalate/);
  });

  it('keeps the first acknowledgement when an escalated incident is acknowledged again', () => {
    const escalated = incident({
      status: 'escalated',
      acknowledgedAt: at(6),
      acknowledgedBy: 'UALICE',
      escalationLevel: 1,
    });
    const result = ok(applyAction({ ...escalated, ownerUserId: 'UALICE' }, { kind: 'acknowledge' }, 'UBOB', at(30)));
    expect(result.changes).toEqual({ status: 'acknowledged' });
    expect(result.event.detail).toEqual({ first_acknowledgement: false, time_to_acknowledge_s: 360 });
  });

  it('is refused on a resolved incident', () => {
    const r = refused(applyAction(resolvedIncident, { kind: 'acknowledge' }, 'UALICE', at(200)));
    expect(r.code).toBe('vigil_incident_resolved');
    expect(r.message).toBe('Incident #12 is resolved, so it cannot be acknowledged.');
  });
});

describe('escalate', () => {
  it.each<IncidentStatus>(['open', 'acknowledged', 'reopened', 'escalated'])(
    'moves %s to escalated and raises the level',
    (status) => {
      const result = ok(
        applyAction(
          incident({ status, escalationLevel: 1 }),
          { kind: 'escalate', reason: 'no owner' },
          'UALICE',
          at(10),
        ),
      );
      const statusChange = status === 'escalated' ? {} : { status: 'escalated' };
      expect(result.changes).toEqual({ ...statusChange, escalationLevel: 2 });
      expect(result.event).toMatchObject({
        kind: 'escalated',
        fromStatus: status,
        toStatus: 'escalated',
        detail: { from_level: 1, to_level: 2, reason: 'no owner' },
      });
    },
  );

  it('is refused on a resolved incident', () => {
    expect(refused(applyAction(resolvedIncident, { kind: 'escalate' }, 'UALICE', at(200))).code).toBe(
      'vigil_incident_resolved',
    );
  });
});

describe('resolve', () => {
  it.each<IncidentStatus>(['open', 'acknowledged', 'escalated', 'reopened'])(
    'moves %s to resolved with the trimmed note',
    (status) => {
      const result = ok(
        applyAction(
          incident({ status }),
          { kind: 'resolve', note: '  rolled back the refund rule \n' },
          'UBOB',
          at(125),
        ),
      );
      expect(result.changes).toEqual({
        status: 'resolved',
        resolvedAt: at(125),
        resolvedBy: 'UBOB',
        resolutionNote: 'rolled back the refund rule',
      });
      expect(result.event.detail).toEqual({
        note: 'rolled back the refund rule',
        time_to_resolve_s: 7500,
        time_to_acknowledge_s: null,
      });
    },
  );

  it.each(['', '   \n\t'])('requires a non-empty note (%j)', (note) => {
    const r = refused(applyAction(incident(), { kind: 'resolve', note }, 'UBOB', at(125)));
    expect(r.code).toBe('vigil_incident_note_required');
    expect(r.hint).toMatch(/note/);
  });

  it('refuses to resolve twice, naming who resolved it', () => {
    const r = refused(applyAction(resolvedIncident, { kind: 'resolve', note: 'again' }, 'UALICE', at(130)));
    expect(r.code).toBe('vigil_incident_already_resolved');
    expect(r.message).toBe('Incident #12 was already resolved by <@UBOB> at 2025-05-01 11:13 UTC.');
  });
});

describe('reopen', () => {
  it('moves resolved to reopened, clears the resolution and keeps it in the event', () => {
    const result = ok(applyAction(resolvedIncident, { kind: 'reopen', reason: 'spike is back' }, 'UALICE', at(300)));
    expect(result.changes).toEqual({
      status: 'reopened',
      resolvedAt: null,
      resolvedBy: null,
      resolutionNote: null,
      reopenedAt: at(300),
    });
    expect(result.event).toEqual({
      kind: 'reopened',
      fromStatus: 'resolved',
      toStatus: 'reopened',
      detail: {
        reason: 'spike is back',
        previous_resolved_at: '2025-05-01T11:13:00.000Z',
        previous_resolved_by: 'UBOB',
        previous_resolution_note: 'rolled back',
      },
    });
  });

  it('keeps the first acknowledgement, so time to resolve counts the whole incident after a second resolve', () => {
    const reopened = after(resolvedIncident, { kind: 'reopen' }, 'UALICE', at(300));
    expect(timeToAcknowledgeSeconds(reopened)).toBe(360);
    expect(timeToResolveSeconds(reopened)).toBeNull();
    const reacked = ok(applyAction(reopened, { kind: 'acknowledge' }, 'UBOB', at(305)));
    // Unowned until now, so the one acknowledging takes it.
    expect(reacked.changes).toEqual({ status: 'acknowledged', ownerUserId: 'UBOB' });
    const again = after(reopened, { kind: 'resolve', note: 'fixed for real' }, 'UBOB', at(360));
    expect(timeToResolveSeconds(again)).toBe(360 * 60);
  });

  it.each<IncidentStatus>(['open', 'acknowledged', 'escalated', 'reopened'])('is refused from %s', (status) => {
    const r = refused(applyAction(incident({ status }), { kind: 'reopen' }, 'UALICE', at(10)));
    expect(r.code).toBe('vigil_incident_not_resolved');
    expect(r.message).toContain(`is ${status}`);
  });
});

describe('set_severity and assign', () => {
  it.each<IncidentStatus>(['open', 'acknowledged', 'escalated', 'reopened'])(
    'change severity in %s without changing the status',
    (status) => {
      const result = ok(applyAction(incident({ status }), { kind: 'set_severity', severity: 1 }, 'UALICE', at(10)));
      expect(result.changes).toEqual({ severity: 1 });
      expect(result.event).toEqual({
        kind: 'severity_changed',
        fromStatus: status,
        toStatus: status,
        detail: { from_severity: 2, to_severity: 1 },
      });
    },
  );

  it('refuses the same severity and any change on a resolved incident', () => {
    const same = refused(applyAction(incident(), { kind: 'set_severity', severity: 2 }, 'UALICE', at(10)));
    expect(same).toMatchObject({ code: 'vigil_incident_same_severity', message: 'Incident #12 is already SEV2.' });
    expect(refused(applyAction(resolvedIncident, { kind: 'set_severity', severity: 1 }, 'UALICE', at(200))).code).toBe(
      'vigil_incident_resolved',
    );
    expect(refused(applyAction(resolvedIncident, { kind: 'assign', userId: 'UCAROL' }, 'UALICE', at(200))).code).toBe(
      'vigil_incident_resolved',
    );
  });

  it('assigns an owner, recording the previous one', () => {
    const first = ok(
      applyAction(incident({ status: 'acknowledged' }), { kind: 'assign', userId: 'UCAROL' }, 'UALICE', at(10)),
    );
    expect(first.changes).toEqual({ ownerUserId: 'UCAROL' });
    expect(first.event).toEqual({
      kind: 'assigned',
      fromStatus: 'acknowledged',
      toStatus: 'acknowledged',
      detail: { from_owner: null, to_owner: 'UCAROL' },
    });
    const handover = ok(
      applyAction(incident({ ownerUserId: 'UCAROL' }), { kind: 'assign', userId: 'UDAVE' }, 'UCAROL', at(20)),
    );
    expect(handover.event.detail).toEqual({ from_owner: 'UCAROL', to_owner: 'UDAVE' });
  });

  it('refuses assigning the current owner or nobody', () => {
    expect(
      refused(applyAction(incident({ ownerUserId: 'UCAROL' }), { kind: 'assign', userId: 'UCAROL' }, 'UALICE', at(10))),
    ).toMatchObject({ code: 'vigil_incident_already_owner', message: '<@UCAROL> already owns Incident #12.' });
    expect(refused(applyAction(incident(), { kind: 'assign', userId: ' ' }, 'UALICE', at(10))).code).toBe(
      'vigil_incident_assignee_required',
    );
  });
});

describe('post_update', () => {
  it.each<IncidentStatus>(['open', 'acknowledged', 'escalated', 'reopened'])(
    'records the update in %s without changing the status',
    (status) => {
      const next = at(70);
      const result = ok(
        applyAction(
          incident({ status }),
          { kind: 'post_update', text: '  41 merchants suspended ', nextUpdateAt: next },
          'UALICE',
          at(10),
        ),
      );
      expect(result.changes).toEqual({ lastUpdateAt: at(10), nextUpdateAt: next });
      expect(result.event).toEqual({
        kind: 'update',
        fromStatus: status,
        toStatus: status,
        detail: { text: '41 merchants suspended', next_update_at: next.toISOString() },
      });
    },
  );

  it('clears a promised time when the new update gives none (the cadence decides again)', () => {
    const result = ok(
      applyAction(
        incident({ nextUpdateAt: at(30) }),
        { kind: 'post_update', text: 'still on it', nextUpdateAt: null },
        'UALICE',
        at(20),
      ),
    );
    expect(result.changes).toEqual({ lastUpdateAt: at(20), nextUpdateAt: null });
  });

  it('refuses a blank text, a next update not after now, and any update on a resolved incident', () => {
    expect(
      refused(applyAction(incident(), { kind: 'post_update', text: ' ', nextUpdateAt: null }, 'UALICE', at(10))).code,
    ).toBe('vigil_incident_update_text_required');
    const past = refused(
      applyAction(incident(), { kind: 'post_update', text: 'x', nextUpdateAt: at(10) }, 'UALICE', at(10)),
    );
    expect(past).toMatchObject({ code: 'vigil_incident_next_update_past', hint: expect.stringMatching(/next=30m/) });
    expect(
      refused(applyAction(resolvedIncident, { kind: 'post_update', text: 'x', nextUpdateAt: null }, 'UALICE', at(200)))
        .message,
    ).toMatch(/resolved, so it cannot be updated/);
  });
});

describe('helpers', () => {
  it('compute times to acknowledge and resolve from openedAt, never negative', () => {
    expect(timeToAcknowledgeSeconds(incident())).toBeNull();
    expect(timeToAcknowledgeSeconds(resolvedIncident)).toBe(360);
    expect(timeToResolveSeconds(resolvedIncident)).toBe(7500);
    expect(timeToAcknowledgeSeconds(incident({ acknowledgedAt: at(-1) }))).toBe(0);
  });

  it('say which statuses are open and which actions each status accepts', () => {
    expect((['open', 'acknowledged', 'escalated', 'resolved', 'reopened'] as const).map(isOpen)).toEqual([
      true,
      true,
      true,
      false,
      true,
    ]);
    expect(allowedActionKinds('acknowledged')).toEqual([
      'escalate',
      'resolve',
      'set_severity',
      'assign',
      'assign_role',
      'post_update',
    ]);
    expect(allowedActionKinds('open')).toContain('acknowledge');
    expect(allowedActionKinds('resolved')).toEqual(['reopen']);
  });

  it('allowedActionKinds agrees with applyAction for every status and action', () => {
    const actions: IncidentAction[] = [
      { kind: 'acknowledge' },
      { kind: 'escalate' },
      { kind: 'resolve', note: 'n' },
      { kind: 'reopen' },
      { kind: 'set_severity', severity: 4 },
      { kind: 'assign', userId: 'UNEW' },
      { kind: 'assign_role', role: 'scribe', userId: 'UNEW' },
      { kind: 'post_update', text: 'on it', nextUpdateAt: null },
    ];
    for (const status of ['open', 'acknowledged', 'escalated', 'resolved', 'reopened'] as const) {
      for (const action of actions) {
        const accepted = applyAction(incident({ status }), action, 'UALICE', at(10)).ok;
        expect(accepted, `${action.kind} from ${status}`).toBe(allowedActionKinds(status).includes(action.kind));
      }
    }
  });
});

describe('assign_role', () => {
  const role = (r: 'commander' | 'comms' | 'scribe', userId: string) =>
    ({ kind: 'assign_role', role: r, userId }) as const;

  it('makes the commander the owner, and gives comms and scribe their own holders, on the timeline with who held it', () => {
    const owned = incident({ status: 'acknowledged', ownerUserId: 'UALICE' });
    const commander = ok(applyAction(owned, role('commander', 'UBOB'), 'UALICE', at(10)));
    expect(commander.changes).toEqual({ ownerUserId: 'UBOB' });
    expect(commander.event).toMatchObject({
      kind: 'role_assigned',
      fromStatus: 'acknowledged',
      toStatus: 'acknowledged',
      detail: { role: 'commander', from_user: 'UALICE', to_user: 'UBOB' },
    });
    expect(ok(applyAction(owned, role('comms', 'UCAROL'), 'UALICE', at(10))).changes).toEqual({
      commsUserId: 'UCAROL',
    });
    const scribe = ok(applyAction({ ...owned, scribeUserId: 'UDAVE' }, role('scribe', 'UERIN'), 'UALICE', at(10)));
    expect(scribe.changes).toEqual({ scribeUserId: 'UERIN' });
    expect(scribe.event.detail).toEqual({ role: 'scribe', from_user: 'UDAVE', to_user: 'UERIN' });
  });

  it('refuses the same holder, no person, and a resolved incident', () => {
    const owned = incident({ ownerUserId: 'UALICE', commsUserId: 'UCAROL' });
    expect(refused(applyAction(owned, role('commander', 'UALICE'), 'UBOB', at(10))).code).toBe(
      'vigil_incident_role_unchanged',
    );
    expect(refused(applyAction(owned, role('comms', 'UCAROL'), 'UBOB', at(10))).message).toBe(
      '<@UCAROL> is already the comms lead of incident #12.',
    );
    expect(refused(applyAction(owned, role('scribe', ' '), 'UBOB', at(10))).code).toBe(
      'vigil_incident_role_holder_required',
    );
    expect(refused(applyAction(resolvedIncident, role('scribe', 'UBOB'), 'UALICE', at(200))).code).toBe(
      'vigil_incident_resolved',
    );
  });
});
