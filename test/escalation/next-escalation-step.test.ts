import { describe, expect, it } from 'vitest';
import { escalationSchema, type EscalationPolicy } from '../../src/config/escalation-schema.ts';
import {
  ackTimeoutMinutes,
  nextEscalationStep,
  type EscalationState,
} from '../../src/escalation/next-escalation-step.ts';

const policy: EscalationPolicy = escalationSchema.parse({
  ack_timeout_minutes: 15,
  repeat_every_minutes: 15,
  max_pages: 3,
  by_severity: { 1: 5, 2: 10 },
});
const d = (hhmm: string) => new Date(`2026-01-06T${hhmm}:00Z`);
const incident = (over: Partial<EscalationState> = {}): EscalationState => ({
  severity: 3,
  status: 'open',
  openedAt: d('10:00'),
  acknowledgedAt: null,
  escalationLevel: 0,
  ...over,
});

// Drives the planner like the DB timer would: sleep until each due time, act, store, ask again.
function run(p: EscalationPolicy, start: EscalationState, from: Date): string[] {
  const log: string[] = [];
  let state = { ...start };
  let now = from;
  for (let i = 0; i < 20; i++) {
    const step = nextEscalationStep(p, state, now);
    if (step.kind === 'none') return [...log, 'none'];
    if (step.kind === 'wait') {
      now = step.dueAt;
      continue;
    }
    const at = now.toISOString().slice(11, 16);
    if (step.kind === 'page_secondary') {
      log.push(`${at} page ${step.page}`);
      state = { ...state, escalationLevel: step.page, lastPagedAt: now };
    } else {
      log.push(`${at} post`);
      state = { ...state, escalationPostedAt: now };
    }
  }
  throw new Error('the planner did not settle');
}

describe('nextEscalationStep: the timeline', () => {
  it('SEV1: pages at 5, 20, 35 minutes, posts at 50, then stops', () => {
    expect(run(policy, incident({ severity: 1 }), d('10:00'))).toEqual([
      '10:05 page 1',
      '10:20 page 2',
      '10:35 page 3',
      '10:50 post',
      'none',
    ]);
  });

  it('SEV3: uses ack_timeout_minutes, 15, 30, 45, post at 60', () => {
    expect(run(policy, incident({ severity: 3 }), d('10:00'))).toEqual([
      '10:15 page 1',
      '10:30 page 2',
      '10:45 page 3',
      '11:00 post',
      'none',
    ]);
  });

  it('waits with the exact due time, and fires at it', () => {
    expect(nextEscalationStep(policy, incident({ severity: 2 }), d('10:09'))).toEqual({
      kind: 'wait',
      dueAt: d('10:10'),
    });
    expect(nextEscalationStep(policy, incident({ severity: 2 }), d('10:10'))).toEqual({
      kind: 'page_secondary',
      page: 1,
      dueAt: d('10:10'),
      skipped: 0,
    });
    expect(nextEscalationStep(policy, incident({ escalationLevel: 1, lastPagedAt: d('10:16') }), d('10:20'))).toEqual({
      kind: 'wait',
      dueAt: d('10:31'),
    });
  });

  it('with max_pages 0, goes to the escalation channel at the ack timeout', () => {
    const noPages = escalationSchema.parse({ max_pages: 0 });
    expect(run(noPages, incident(), d('10:00'))).toEqual(['10:15 post', 'none']);
  });

  it('falls back to ack_timeout_minutes for a severity without an override', () => {
    expect(ackTimeoutMinutes(policy, 1)).toBe(5);
    expect(ackTimeoutMinutes(policy, 4)).toBe(15);
    expect(ackTimeoutMinutes(policy, 9)).toBe(15);
  });
});

describe('nextEscalationStep: stopping', () => {
  it('does nothing once acknowledged, by timestamp or by status', () => {
    expect(nextEscalationStep(policy, incident({ acknowledgedAt: d('10:03') }), d('11:00'))).toEqual({ kind: 'none' });
    expect(nextEscalationStep(policy, incident({ status: 'acknowledged' }), d('11:00'))).toEqual({ kind: 'none' });
    expect(
      run(policy, incident({ escalationLevel: 1, lastPagedAt: d('10:15'), acknowledgedAt: d('10:20') }), d('10:20')),
    ).toEqual(['none']);
  });

  it('does nothing once resolved or once the channel post went out', () => {
    expect(nextEscalationStep(policy, incident({ status: 'resolved' }), d('11:00'))).toEqual({ kind: 'none' });
    expect(
      nextEscalationStep(policy, incident({ escalationLevel: 3, escalationPostedAt: d('11:00') }), d('12:00')),
    ).toEqual({ kind: 'none' });
  });

  it('keeps paging an incident whose status is escalated but not acknowledged', () => {
    expect(nextEscalationStep(policy, incident({ status: 'escalated' }), d('10:15'))).toMatchObject({
      kind: 'page_secondary',
      page: 1,
    });
  });
});

describe('nextEscalationStep: a reopened incident', () => {
  it('pages again from the reopen: the acknowledgement before it no longer counts', () => {
    // Opened 10:00, acknowledged 10:05, resolved, reopened 12:00 and not acknowledged since.
    const reopened = incident({ status: 'reopened', acknowledgedAt: d('10:05'), reopenedAt: d('12:00') });
    expect(run(policy, reopened, d('12:00'))).toEqual([
      '12:15 page 1',
      '12:30 page 2',
      '12:45 page 3',
      '13:00 post',
      'none',
    ]);
  });

  it('stops again once acknowledged after the reopen (status acknowledged or a later timestamp)', () => {
    expect(
      nextEscalationStep(
        policy,
        incident({ status: 'acknowledged', acknowledgedAt: d('10:05'), reopenedAt: d('12:00') }),
        d('12:30'),
      ),
    ).toEqual({ kind: 'none' });
    expect(
      nextEscalationStep(
        policy,
        incident({ status: 'escalated', acknowledgedAt: d('12:10'), reopenedAt: d('12:00') }),
        d('12:30'),
      ),
    ).toEqual({ kind: 'none' });
  });
});

describe('nextEscalationStep: catch-up after downtime', () => {
  it('sends only the latest page that fell due, and spaces the next from when it went out', () => {
    expect(nextEscalationStep(policy, incident(), d('10:50'))).toEqual({
      kind: 'page_secondary',
      page: 3,
      dueAt: d('10:45'),
      skipped: 2,
    });
    expect(run(policy, incident(), d('10:50'))).toEqual(['10:50 page 3', '11:05 post', 'none']);
    expect(nextEscalationStep(policy, incident({ escalationLevel: 1, lastPagedAt: d('10:15') }), d('10:47'))).toEqual({
      kind: 'page_secondary',
      page: 3,
      dueAt: d('10:45'),
      skipped: 1,
    });
  });

  it('posts once in the escalation channel when even that fell due, never a burst of pages', () => {
    expect(nextEscalationStep(policy, incident(), d('14:00'))).toEqual({
      kind: 'post_escalation_channel',
      dueAt: d('11:00'),
      skipped: 3,
    });
    expect(run(policy, incident(), d('14:00'))).toEqual(['14:00 post', 'none']);
  });

  it('assumes pages went out on schedule when lastPagedAt is missing', () => {
    expect(nextEscalationStep(policy, incident({ escalationLevel: 2 }), d('10:44'))).toEqual({
      kind: 'wait',
      dueAt: d('10:45'),
    });
  });

  it('treats a level above max_pages (the policy shrank) as all pages sent', () => {
    expect(nextEscalationStep(policy, incident({ escalationLevel: 5, lastPagedAt: d('10:45') }), d('10:50'))).toEqual({
      kind: 'wait',
      dueAt: d('11:00'),
    });
    expect(nextEscalationStep(policy, incident({ escalationLevel: 5, lastPagedAt: d('10:45') }), d('11:00'))).toEqual({
      kind: 'post_escalation_channel',
      dueAt: d('11:00'),
      skipped: 0,
    });
  });

  it('waits when the clock reads earlier than openedAt', () => {
    expect(nextEscalationStep(policy, incident(), d('09:00'))).toEqual({ kind: 'wait', dueAt: d('10:15') });
  });
});
