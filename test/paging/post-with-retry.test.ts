// Outbound calls to paging services retry a 429 and a 5xx within a bound, honouring Retry-After, and give up at
// once on a refusal a retry cannot fix.
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { VigilError } from '../../src/errors.ts';
import { DEFAULT_RETRY, postWithRetry, retryAfterMs } from '../../src/paging/post-with-retry.ts';

const waits: number[] = [];
const policy = { ...DEFAULT_RETRY, sleep: async (ms: number) => void waits.push(ms), now: () => 1_000_000 };
const request = { service: 'PagerDuty', url: 'https://events.pagerduty.com/v2/enqueue', headers: {}, body: { a: 1 } };

describe('postWithRetry', () => {
  beforeAll(() => nock.disableNetConnect());
  afterEach(() => {
    nock.cleanAll();
    waits.length = 0;
  });
  afterAll(() => nock.enableNetConnect());

  it('retries a 429 after its Retry-After and a 500 after the backoff, then returns the answer that took', async () => {
    const scope = nock('https://events.pagerduty.com')
      .post('/v2/enqueue', { a: 1 })
      .reply(429, 'slow down', { 'Retry-After': '7' })
      .post('/v2/enqueue')
      .reply(500, 'oops')
      .post('/v2/enqueue')
      .reply(202, { status: 'success' });
    const res = await postWithRetry(request, policy);
    expect(res.status).toBe(202);
    expect(waits).toEqual([7_000, 2_000]);
    expect(scope.isDone()).toBe(true);
  });

  it('gives up after the bound with the last answer in a VigilError', async () => {
    nock('https://events.pagerduty.com').post('/v2/enqueue').times(3).reply(503, 'unavailable');
    const err = await postWithRetry(request, policy).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VigilError);
    expect(err).toMatchObject({
      code: 'vigil_paging_service_failed',
      message: 'PagerDuty did not take the request (3 tries): HTTP 503 unavailable.',
    });
    expect(waits).toEqual([1_000, 2_000]);
    expect(nock.pendingMocks()).toEqual([]);
  });

  it('caps a long Retry-After and does not retry a 400', async () => {
    nock('https://events.pagerduty.com')
      .post('/v2/enqueue')
      .reply(429, '', { 'Retry-After': '3600' })
      .post('/v2/enqueue')
      .reply(400, 'invalid routing key');
    await expect(postWithRetry(request, policy)).rejects.toThrow('(2 tries): HTTP 400 invalid routing key');
    expect(waits).toEqual([30_000]);
  });

  it('retries a network error', async () => {
    nock('https://events.pagerduty.com')
      .post('/v2/enqueue')
      .replyWithError('socket hang up')
      .post('/v2/enqueue')
      .reply(202, {});
    expect((await postWithRetry(request, policy)).status).toBe(202);
    expect(waits).toEqual([1_000]);
  });

  it('reads Retry-After in seconds or as an HTTP date', () => {
    expect(retryAfterMs('12', 0)).toBe(12_000);
    expect(retryAfterMs(new Date(1_005_000).toUTCString(), 1_000_000)).toBe(5_000);
    expect(retryAfterMs('soon', 0)).toBeUndefined();
    expect(retryAfterMs(null, 0)).toBeUndefined();
  });
});
