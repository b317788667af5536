// `vigil check` and `vigil backtest` at the start of the demo's history, run as a user would: they say per metric
// how much could not be judged and why, and how much was judged on low history, instead of "0 anomalous slices".
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_TEMPLATE, openDemoDatabase } from '../helpers/demo-template.ts';
import { testDatabaseKinds, type TestDatabase } from '../helpers/test-database.ts';
import { childEnv, runVigil } from '../helpers/run-vigil.ts';

const DAY = 86_400_000;
const START = DEMO_TEMPLATE.end.getTime() - DEMO_TEMPLATE.days * DAY;
const iso = (ms: number) => new Date(ms).toISOString();

describe.each(testDatabaseKinds)('vigil check and backtest on a young history, on %s', (kind) => {
  let demo: TestDatabase;
  beforeAll(async () => {
    demo = await openDemoDatabase(kind);
  }, 300_000);
  afterAll(async () => {
    await demo?.close();
  });
  const env = () => childEnv({ DATABASE_URL: demo.url, VIGIL_TIMEZONE: 'UTC' });

  it('check --at the first hours of history: no slice could be judged, said per metric and in the summary', async () => {
    const args = ['check', '--dry-run', '--metric', 'refund_rate', '--at', iso(START + 3 * 3_600_000)];
    const text = await runVigil(args, env());
    expect(text.stderr).toBe('');
    expect(text.stdout).toMatch(/^refund_rate: none of \d+ slices could be judged \(\d+ with too little history/m);
    expect(text.stdout).toMatch(/0 anomalous slices, \d+ slices not judged \(dry run/);
    // Text reads like the cards (local time, named month); --json keeps ISO instants.
    expect(text.stdout).toMatch(/metrics judged as of \d{1,2} [A-Z][a-z]{2} \d{4}, \d\d:\d\d UTC,/);
    const json = JSON.parse((await runVigil([...args, '--json'], env())).stdout) as {
      metrics: Record<string, { judged: number; unjudged: { no_data: number; no_history: number } }>;
    };
    expect(json.metrics.refund_rate!.judged).toBe(0);
    expect(json.metrics.refund_rate!.unjudged.no_history).toBeGreaterThan(0);
  }, 300_000);

  it('backtest over the first days: slice-buckets not judged and judged on low history, per metric', async () => {
    const args = ['backtest', '--metric', 'refund_rate', '--from', iso(START), '--to', iso(START + 4 * DAY)];
    const text = await runVigil(args, env());
    expect(text.stderr).toBe('');
    expect(text.stdout).toMatch(
      /^refund_rate: [\d,]+ of [\d,]+ slice-buckets not judged \([\d,]+ with too little history[^)]*\); [\d,]+ judged on low history/m,
    );
    const json = JSON.parse((await runVigil([...args, '--json'], env())).stdout) as {
      alerts: Array<{ low_history: boolean }>;
      metrics: Record<string, { unjudged: { no_data: number; no_history: number }; low_history: number }>;
    };
    expect(json.metrics.refund_rate!.unjudged.no_history).toBeGreaterThan(0);
    expect(json.metrics.refund_rate!.low_history).toBeGreaterThan(0);
    for (const a of json.alerts) expect(typeof a.low_history).toBe('boolean');
    // The alert lines give local times, not ISO instants.
    for (const line of text.stdout.split('\n').filter((l) => l.includes(' .. ')))
      expect(line).toMatch(/^\d{1,2} [A-Z][a-z]{2} \d{4}, \d\d:\d\d UTC \.\. /);
  }, 300_000);
});
