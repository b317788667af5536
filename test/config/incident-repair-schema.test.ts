import { describe, expect, it } from 'vitest';
import { DEFAULT_INCIDENT_REPAIR, incidentRepairSchema } from '../../src/config/incident-repair-schema.ts';
import { testConfig } from '../helpers/command-context.ts';

const issues = (input: unknown) => {
  const r = incidentRepairSchema.safeParse(input);
  if (r.success) throw new Error('expected a validation error');
  return r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('incidentRepairSchema', () => {
  it('defaults to a look every 30 s, a 2 min hold, retries from 30 s doubling to 15 min', () => {
    expect(incidentRepairSchema.parse(undefined)).toEqual({
      check_every_seconds: 30,
      hold_seconds: 120,
      first_retry_seconds: 30,
      max_retry_seconds: 900,
    });
    expect(testConfig().workspace.incidents.repair).toEqual(DEFAULT_INCIDENT_REPAIR);
    expect(testConfig('incidents:\n  private_channels: true\n').workspace.incidents.repair).toEqual(
      DEFAULT_INCIDENT_REPAIR,
    );
  });

  it('reads vigil.yml incidents.repair, keeping the defaults of keys left out', () => {
    expect(
      testConfig('incidents:\n  repair: { check_every_seconds: 1, hold_seconds: 5 }\n').workspace.incidents.repair,
    ).toEqual({ ...DEFAULT_INCIDENT_REPAIR, check_every_seconds: 1, hold_seconds: 5 });
  });

  it('refuses zero, fractions, text and unknown keys', () => {
    expect(issues({ check_every_seconds: 0 })).toEqual(['check_every_seconds: must be at least 1 second']);
    expect(issues({ hold_seconds: 1.5 })).toEqual(['hold_seconds: must be a whole number of seconds']);
    expect(issues({ first_retry_seconds: '30' })).toEqual([
      'first_retry_seconds: must be a number of seconds (before the first retry)',
    ]);
    expect(issues({ retry: 5 })).toEqual([expect.stringContaining('retry')]);
  });
});
