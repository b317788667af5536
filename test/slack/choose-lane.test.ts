import { describe, expect, it } from 'vitest';
import { chooseLane } from '../../src/slack/choose-lane.ts';

describe('chooseLane', () => {
  it('puts commands that only use the database on the fast lane', () => {
    expect(chooseLane('/vigil', 'status')).toBe('fast');
    expect(chooseLane('/vigil', 'mute refund_rate 2h')).toBe('fast');
    expect(chooseLane('/oncall', '')).toBe('fast');
    expect(chooseLane('/incident', 'list')).toBe('fast');
    expect(chooseLane('/incident', '  STATUS 12')).toBe('fast');
    expect(chooseLane('/metrics', 'list')).toBe('fast');
    expect(chooseLane('/investigate', 'help')).toBe('fast');
  });

  it('puts what calls the Web API, the warehouse or the LLM, clicks and anything unknown on the slow lane', () => {
    expect(chooseLane('/incident', 'new Refund spike sev=2')).toBe('slow');
    expect(chooseLane('/incident', 'ack 5')).toBe('slow');
    expect(chooseLane('/incident', 'summary 5')).toBe('slow');
    expect(chooseLane('/metrics', 'show refund_rate')).toBe('slow');
    expect(chooseLane('/investigate', 'refund-spike city=jakarta')).toBe('slow');
    expect(chooseLane('/digest', 'today')).toBe('slow');
    expect(chooseLane(undefined, undefined)).toBe('slow');
    expect(chooseLane('/elsewhere', 'list')).toBe('slow');
  });
});
