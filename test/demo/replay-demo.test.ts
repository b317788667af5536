// The replay controller over a recording evaluate (our own seam): order, pacing, digests, stop and replace, failure.
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { metricSchema, type CatalogMetric } from '../../src/metrics/metric-catalog-schema.ts';
import { createDemoReplay, type DemoReplayDeps } from '../../src/demo/replay-demo.ts';
import type { EvaluationRequest } from '../../src/watch/evaluation-types.ts';

const logger = pino({ level: 'silent' });
const NOW = new Date('2026-03-10T00:00:00Z');

function metric(id: string, grain: string): CatalogMetric {
  return metricSchema.parse({
    id,
    title: id,
    description: id,
    kind: 'ratio',
    rate_kind: 'proportion',
    grain,
    bad: 'up',
    slices: [[]],
    min_volume: 1,
    sql: 'SELECT bucket, numerator, denominator FROM t WHERE bucket >= :from AND bucket < :to',
  });
}

function harness(overrides: Partial<DemoReplayDeps> = {}) {
  const calls: EvaluationRequest[] = [];
  const sleeps: number[] = [];
  const digests: string[] = [];
  const replay = createDemoReplay({
    evaluate: async (request) => {
      calls.push(request);
      return { metricsJudged: 1, anomalies: 1, incidents: 0, errors: [] };
    },
    catalog: [metric('a', 'hour'), metric('b', 'day'), metric('c', 'hour')],
    timezone: 'UTC',
    clock: () => NOW,
    logger,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    runDigest: async (date) => {
      digests.push(date);
    },
    ...overrides,
  });
  return { replay, calls, sleeps, digests };
}

describe('createDemoReplay', () => {
  it('walks the period hour by hour, each grain once per boundary, and records what it did', async () => {
    const { replay, calls, sleeps, digests } = harness();
    const started = replay.start({ speed: 10, from: '2026-03-08T00:00:00Z', to: '2026-03-09T00:00:00Z' });
    expect(started).toMatchObject({ running: true, speed: 10, at: '2026-03-08T00:00:00.000Z' });
    await replay.done();
    expect(calls.map((c) => `${c.grain}@${c.at.toISOString().slice(0, 13)}`)).toEqual([
      ...Array.from(
        { length: 24 },
        (_, i) => `hour@${new Date(Date.parse('2026-03-08T01:00:00Z') + i * 3_600_000).toISOString().slice(0, 13)}`,
      ),
      'day@2026-03-09T00',
    ]);
    expect(calls.every((c) => c.dryRun === false)).toBe(true);
    expect(sleeps).toHaveLength(24);
    expect(sleeps.every((ms) => ms > 0 && ms <= 100)).toBe(true);
    expect(digests).toEqual(['2026-03-07']);
    expect(replay.status()).toMatchObject({
      running: false,
      at: '2026-03-09T00:00:00.000Z',
      runs: 25,
      anomalies: 25,
      digests: 1,
      error: null,
    });
  });

  it('defaults to the last three days up to now', async () => {
    const { replay, calls } = harness({ runDigest: undefined });
    replay.start({ speed: 3600 });
    await replay.done();
    expect(calls.filter((c) => c.grain === 'hour')).toHaveLength(72);
    expect(calls.at(-1)).toMatchObject({ grain: 'day', at: NOW });
  });

  it('stops after the evaluation in progress', async () => {
    let stopped: Promise<void> | undefined;
    const { replay, calls } = harness({
      // The route calls stop while the replay waits between hours.
      sleep: async () => {
        if (calls.length === 3) stopped = replay.stop();
      },
    });
    replay.start({ speed: 1, from: '2026-03-08T00:00:00Z', to: '2026-03-09T00:00:00Z' });
    await replay.done();
    await stopped;
    expect(calls).toHaveLength(3);
    expect(replay.status()).toMatchObject({ running: false, at: '2026-03-08T03:00:00.000Z' });
  });

  it('a new start replaces the running replay without overlapping evaluations', async () => {
    let inFlight = 0;
    let overlap = false;
    const seen: string[] = [];
    const { replay } = harness({
      evaluate: async (request) => {
        inFlight += 1;
        if (inFlight > 1) overlap = true;
        seen.push(request.at.toISOString().slice(0, 10));
        await new Promise((r) => setTimeout(r, 1));
        inFlight -= 1;
        return { metricsJudged: 1, anomalies: 0, incidents: 1, errors: [] };
      },
      runDigest: undefined,
    });
    replay.start({ speed: 3600, from: '2026-03-01T00:00:00Z', to: '2026-03-03T00:00:00Z' });
    await new Promise((r) => setTimeout(r, 5));
    replay.start({ speed: 3600, from: '2026-03-08T00:00:00Z', to: '2026-03-08T03:00:00Z' });
    await replay.done();
    expect(overlap).toBe(false);
    expect(seen.at(-1)).toBe('2026-03-08');
    expect(seen.filter((d) => d.startsWith('2026-03-0')).length).toBeLessThan(3 + 48 + 2);
    expect(replay.status()).toMatchObject({
      running: false,
      from: '2026-03-08T00:00:00.000Z',
      runs: 3,
      incidentUpdates: 3,
    });
  });

  it('counts the incidents opened since it started, not the evaluations that touched one', async () => {
    let inDatabase = 5;
    const { replay } = harness({
      evaluate: async (r) => {
        if (r.at.getUTCHours() === 2) inDatabase += 1; // one incident opened at 02:00, updated after
        return { metricsJudged: 1, anomalies: 1, incidents: r.at.getUTCHours() >= 2 ? 1 : 0, errors: [] };
      },
      countIncidents: async () => inDatabase,
    });
    replay.start({ speed: 3600, from: '2026-03-08T00:00:00Z', to: '2026-03-08T06:00:00Z' });
    await replay.done();
    expect(replay.status()).toMatchObject({ incidents: 1, incidentUpdates: 5 });
  });

  it('stops with the error when an evaluation rejects (the warehouse is down)', async () => {
    const { replay } = harness({
      evaluate: async () => {
        throw new Error('warehouse unreachable');
      },
    });
    replay.start({ speed: 60, from: '2026-03-08T00:00:00Z', to: '2026-03-09T00:00:00Z' });
    await replay.done();
    expect(replay.status()).toMatchObject({ running: false, runs: 0, error: 'warehouse unreachable' });
  });

  it('refuses a bad request without touching the running state', () => {
    const { replay } = harness();
    expect(() => replay.start({ speed: 0 })).toThrow(expect.objectContaining({ code: 'vigil_replay_speed_invalid' }));
    expect(replay.status()).toMatchObject({ running: false, at: null });
  });
});
