import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.ts';
import { scheduleSchema } from '../../src/config/schedule-schema.ts';

const issues = (input: unknown) => {
  const r = scheduleSchema.safeParse(input);
  if (r.success) throw new Error('expected a validation error');
  return r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};
const DEFAULTS = {
  enabled: true,
  catch_up_buckets: { '1m': 30, '5m': 12, '15m': 8, hour: 6, day: 2 },
  delay_seconds: 60,
  lease_minutes: 15,
  max_attempts: 3,
};

describe('scheduleSchema', () => {
  it('defaults: on, 8 / 6 / 2 buckets of catch-up, 60 s after the boundary, 15-minute lease, 3 attempts', () => {
    expect(scheduleSchema.parse(undefined)).toEqual(DEFAULTS);
    expect(scheduleSchema.parse({})).toEqual(DEFAULTS);
  });

  it('catch_up_buckets is one number for every grain, or per grain with the defaults for the rest', () => {
    expect(scheduleSchema.parse({ catch_up_buckets: 4 }).catch_up_buckets).toEqual({
      '1m': 4,
      '5m': 4,
      '15m': 4,
      hour: 4,
      day: 4,
    });
    expect(scheduleSchema.parse({ catch_up_buckets: { hour: 24 } }).catch_up_buckets).toEqual({
      '1m': 30,
      '5m': 12,
      '15m': 8,
      hour: 24,
      day: 2,
    });
    expect(scheduleSchema.parse({ enabled: false, delay_seconds: 0, lease_minutes: 60, max_attempts: 1 })).toEqual({
      ...DEFAULTS,
      enabled: false,
      delay_seconds: 0,
      lease_minutes: 60,
      max_attempts: 1,
    });
  });

  it('names the key of each bad value', () => {
    expect(issues({ catch_up_buckets: 0 })).toEqual([
      'catch_up_buckets: must be at least 1 (the newest complete bucket)',
    ]);
    expect(issues({ catch_up_buckets: { hour: 2.5, week: 1 } })).toEqual([
      'catch_up_buckets.hour: must be a whole number of buckets',
      'catch_up_buckets: Unrecognized key: "week"',
    ]);
    expect(issues({ catch_up_buckets: 'lots' })).toEqual([
      'catch_up_buckets: must be a number of buckets for every grain, or one per grain (1m, 5m, 15m, hour, day)',
    ]);
    expect(issues({ delay_seconds: 900 })).toEqual([
      'delay_seconds: must be at most 600 (10 minutes); ticks come every 15 minutes',
    ]);
    expect(issues({ lease_minutes: 0, max_attempts: 0, enabled: 'yes' })).toEqual([
      'enabled: must be true or false',
      'lease_minutes: must be at least 1 minute',
      'max_attempts: must be at least 1',
    ]);
    expect(issues({ every: '15m' })).toEqual([': Unrecognized key: "every"']);
  });

  it('reaches the config through vigil.yml: defaults on config.workspace.schedule, a bad value named with its file and line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-schedule-'));
    writeFileSync(join(dir, 'ok.yml'), 'schedule:\n  catch_up_buckets:\n    day: 7\n');
    expect(loadConfig({ VIGIL_CONFIG: join(dir, 'ok.yml') }).workspace.schedule).toEqual({
      ...DEFAULTS,
      catch_up_buckets: { '1m': 30, '5m': 12, '15m': 8, hour: 6, day: 7 },
    });
    writeFileSync(join(dir, 'empty.yml'), '');
    expect(loadConfig({ VIGIL_CONFIG: join(dir, 'empty.yml') }).workspace.schedule).toEqual(DEFAULTS);
    writeFileSync(join(dir, 'bad.yml'), 'schedule:\n  enabled: true\n  lease_minutes: -5\n');
    expect(() => loadConfig({ VIGIL_CONFIG: join(dir, 'bad.yml') })).toThrow(
      `${join(dir, 'bad.yml')}:3: schedule.lease_minutes: must be at least 1 minute.`,
    );
  });
});
