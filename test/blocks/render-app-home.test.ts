import { describe, expect, it } from 'vitest';
import { renderAppHome, rolesOf } from '../../src/blocks/render-app-home.ts';
import type { Incident } from '../../src/incidents/incident-types.ts';
import { assertWithinLimits } from '../../src/blocks/assert-within-limits.ts';

const incident = (id: number, over: Partial<Incident> = {}): Incident =>
  ({
    id,
    title: `Incident ${id} <b>`,
    severity: 2,
    status: 'open',
    channelId: `C0INC${id}`,
    openedBy: 'U0OTHER',
    ownerUserId: null,
    commsUserId: null,
    scribeUserId: null,
    ...over,
  }) as Incident;

const now = new Date('2026-12-07T02:00:00Z');

describe('the Home tab', () => {
  it('names every role the viewer holds', () => {
    const i = incident(1, { ownerUserId: 'U1', scribeUserId: 'U1', openedBy: 'U1' });
    expect(rolesOf(i, 'U1')).toEqual(['commander', 'scribe', 'opener']);
    expect(rolesOf(i, 'U2')).toEqual([]);
  });

  it("shows the viewer's incidents, counts the others, and says what is empty", () => {
    const home = renderAppHome({
      viewer: 'U1',
      now,
      timezone: 'Asia/Singapore',
      openIncidents: [incident(1, { commsUserId: 'U1' }), incident(2), incident(3)],
      onCall: {},
      actions: [],
    });
    const text = JSON.stringify(home.blocks);
    expect(text).toContain('*#1 SEV2* Incident 1 &lt;b&gt; <#C0INC1>\\nopen · you: comms');
    expect(text).not.toContain('Incident 2');
    expect(text).toContain('2 other open incidents');
    expect(text).toContain('*On call now:* nobody; secondary nobody\\n*Next:* nothing planned');
    expect(text).toContain('No open action has you as its owner.');
    expect(text).toContain('No digest has been posted yet.');
  });

  it('stays within the Home tab limit of 100 blocks with many incidents and actions', () => {
    const many = Array.from({ length: 60 }, (_, i) => incident(i + 1, { ownerUserId: 'U1' }));
    const actions = Array.from({ length: 60 }, (_, i) => ({
      id: i + 1,
      incidentId: null,
      text: 'do',
      dueAt: new Date(0),
    }));
    const home = renderAppHome({ viewer: 'U1', now, timezone: 'UTC', openIncidents: many, onCall: {}, actions });
    expect(home.blocks.length).toBeLessThanOrEqual(100);
    expect(JSON.stringify(home.blocks)).toContain('and 50 more: `/incident list mine`');
    expect(JSON.stringify(home.blocks)).toContain(':warning: overdue');
    // Within a message's limits even, so well within a Home tab's.
    expect(() => assertWithinLimits(home.blocks)).not.toThrow();
  });
});
