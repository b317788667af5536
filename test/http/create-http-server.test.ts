import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpServer } from '../../src/http/create-http-server.ts';
import { createLogger } from '../../src/logging/create-logger.ts';
import { createMetrics } from '../../src/observability/create-metrics.ts';
import type { Health } from '../../src/http/check-health.ts';

let health: Health = { status: 'ok', database: 'ok', version: '9.9.9' };
const server = createHttpServer({
  health: async () => health,
  metrics: createMetrics(),
  logger: createLogger({ level: 'silent' }),
  routes: [
    (req) => {
      if (req.url !== '/boom') return false;
      throw new Error('handler exploded');
    },
  ],
});
let base = '';

beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('http server', () => {
  it('answers /healthz 200 with the health body when ok', async () => {
    const res = await fetch(`${base}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', database: 'ok', version: '9.9.9' });
  });

  it('answers /healthz 503 while starting and when the database is down', async () => {
    health = { status: 'starting', database: 'ok', version: '9.9.9', warehouse: 'seeding' };
    expect((await fetch(`${base}/healthz`)).status).toBe(503);
    health = { status: 'error', database: 'unreachable', version: '9.9.9' };
    const res = await fetch(`${base}/healthz`);
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ database: 'unreachable' });
    health = { status: 'ok', database: 'ok', version: '9.9.9' };
  });

  it('serves Prometheus text with process metrics and counts requests by route and status', async () => {
    await fetch(`${base}/nope`);
    const res = await fetch(`${base}/metrics`);
    expect(res.headers.get('content-type')).toMatch(/text\/plain/);
    const text = await res.text();
    expect(text).toMatch(/^vigil_process_cpu_user_seconds_total \d/m);
    expect(text).toMatch(/^vigil_http_requests_total\{route="\/healthz",status="503"\} 2$/m);
    expect(text).toMatch(/^vigil_http_requests_total\{route="other",status="404"\} 1$/m);
    expect(text).toMatch(/^vigil_database_up 1$/m);
  });

  it('answers 500 without details when a handler throws', async () => {
    const res = await fetch(`${base}/boom`);
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ error: 'internal error' });
  });
});
