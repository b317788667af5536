// `vigil backtest --incidents`, run as a user would against a seeded demo: the JSON carries the incidents of the
// live path in the documented shape, and the text lists them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_TEMPLATE, openDemoDatabase } from '../helpers/demo-template.ts';
import { testDatabaseKinds, type TestDatabase } from '../helpers/test-database.ts';
import { childEnv, runVigil } from '../helpers/run-vigil.ts';

const DAY = 86_400_000;
const TO = new Date(DEMO_TEMPLATE.end.getTime() - DAY).toISOString();
const FROM = new Date(DEMO_TEMPLATE.end.getTime() - 4 * DAY).toISOString();

describe.each(testDatabaseKinds)('vigil backtest --incidents on %s', (kind) => {
  let demo: TestDatabase;
  beforeAll(async () => {
    demo = await openDemoDatabase(kind);
  }, 300_000);
  afterAll(async () => {
    await demo?.close();
  });
  const env = () => childEnv({ DATABASE_URL: demo.url, VIGIL_TIMEZONE: 'Asia/Singapore' });

  it('prints incidents: [{ id, metric, slices, opened_at, resolved_at, severity, related_metrics, likely_cause }]', async () => {
    const args = [
      'backtest',
      '--incidents',
      '--json',
      '--metric',
      'inauthentic_review_share',
      '--from',
      FROM,
      '--to',
      TO,
    ];
    const { code, stdout, stderr } = await runVigil(args, env());
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const out = JSON.parse(stdout) as {
      alerts: Array<{ start: string; firedAt: string; raised_at: string; delay_minutes: number }>;
      incidents: Array<Record<string, unknown>>;
    };
    expect(out.alerts.length).toBeGreaterThan(0);
    // This metric is complete at once (complete_after 0): raised at the end of the bucket that fired.
    for (const a of out.alerts) {
      expect(a.raised_at).toBe(a.firedAt);
      expect(a.delay_minutes).toBe((Date.parse(a.raised_at) - Date.parse(a.start)) / 60_000);
    }
    expect(out.incidents.length).toBeGreaterThan(0);
    for (const i of out.incidents) {
      expect(Object.keys(i).sort()).toEqual(
        ['id', 'likely_cause', 'metric', 'opened_at', 'related_metrics', 'resolved_at', 'severity', 'slices'].sort(),
      );
      expect(i.metric).toBe('inauthentic_review_share');
      expect(typeof i.id).toBe('number');
      expect(Date.parse(i.opened_at as string)).toBeGreaterThan(Date.parse(FROM));
      expect(Date.parse(i.opened_at as string)).toBeLessThanOrEqual(Date.parse(TO));
      if (i.resolved_at !== null)
        expect(Date.parse(i.resolved_at as string)).toBeGreaterThan(Date.parse(i.opened_at as string));
      expect([1, 2, 3, 4]).toContain(i.severity);
      expect(Array.isArray(i.slices) && (i.slices as unknown[]).length).toBeGreaterThan(0);
      expect(Array.isArray(i.related_metrics)).toBe(true);
      if (i.likely_cause !== null) expect(Object.keys(i.likely_cause as object).sort()).toEqual(['elements', 'text']);
    }
  }, 300_000);

  it('lists the incidents in the text output, and without --incidents prints none', async () => {
    const args = ['backtest', '--metric', 'inauthentic_review_share', '--from', FROM, '--to', TO];
    const text = await runVigil([...args, '--incidents'], env());
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/incidents on the live path \(\d+ ticks; resolved when vigil noted recovery\):\n#\d+ /);
    const plain = await runVigil([...args, '--json'], env());
    expect(plain.code).toBe(0);
    expect(JSON.parse(plain.stdout)).not.toHaveProperty('incidents');
  }, 300_000);
});
