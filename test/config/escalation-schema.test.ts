import { describe, expect, it } from 'vitest';
import { escalationSchema } from '../../src/config/escalation-schema.ts';

const issues = (input: unknown) => {
  const r = escalationSchema.safeParse(input);
  if (r.success) throw new Error('expected a validation error');
  return r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('escalationSchema', () => {
  it('defaults to 15 minutes, 15 minutes, 3 pages', () => {
    const defaults = { ack_timeout_minutes: 15, repeat_every_minutes: 15, max_pages: 3, by_severity: {} };
    expect(escalationSchema.parse(undefined)).toEqual(defaults);
    expect(escalationSchema.parse({})).toEqual(defaults);
  });

  it('reads per-severity timeouts (YAML keys arrive as strings) and allows max_pages 0', () => {
    expect(escalationSchema.parse({ max_pages: 0, by_severity: { '1': 5, '2': 10 } })).toEqual({
      ack_timeout_minutes: 15,
      repeat_every_minutes: 15,
      max_pages: 0,
      by_severity: { '1': 5, '2': 10 },
    });
  });

  it('refuses negative, fractional and oversized values and unknown severities', () => {
    expect(issues({ ack_timeout_minutes: -5 })).toEqual(['ack_timeout_minutes: must be at least 1 minute']);
    expect(issues({ repeat_every_minutes: 0 })).toEqual(['repeat_every_minutes: must be at least 1 minute']);
    expect(issues({ ack_timeout_minutes: 7.5 })).toEqual(['ack_timeout_minutes: must be a whole number of minutes']);
    expect(issues({ ack_timeout_minutes: '15' })).toEqual([
      'ack_timeout_minutes: must be a number of minutes (how long before the first page)',
    ]);
    expect(issues({ max_pages: -1 })).toEqual([
      'max_pages: must be 0 (no pages, straight to the escalation channel) or more',
    ]);
    expect(issues({ max_pages: 11 })).toEqual(['max_pages: must be at most 10; more pages wake nobody new']);
    expect(issues({ by_severity: { '1': 2000, '5': 5 } })).toEqual([
      'by_severity.1: must be at most 1440 minutes (a day)',
      'by_severity: Unrecognized key: "5"',
    ]);
  });
});
