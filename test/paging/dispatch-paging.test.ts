// Opsgenie and PagerDuty requests: the bodies of trigger, acknowledge, severity and resolve, keyed by the incident's
// dedup key, and one delivery per moment however often the moment is dispatched (the claim in PostgreSQL).
import nock from 'nock';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../src/db/migrate.ts';
import { insertIncident } from '../../src/incidents/incident-store.ts';
import type { Incident } from '../../src/incidents/incident-types.ts';
import { dispatchPaging, type DispatchDeps } from '../../src/paging/dispatch-paging.ts';
import { opsgenieProvider, opsgenieRequest } from '../../src/paging/opsgenie.ts';
import { pagerDutyBody } from '../../src/paging/pagerduty.ts';
import { pagingKeyOf } from '../../src/paging/paging-provider.ts';
import { DEFAULT_RETRY } from '../../src/paging/post-with-retry.ts';
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from '../helpers/test-database.ts';

const NOW = new Date('2026-02-02T10:00:00Z');
const retry = { ...DEFAULT_RETRY, sleep: async () => {} };

const incident = (over: Partial<Incident> = {}): Incident =>
  ({
    id: 7,
    dedupKey: 'refund_rate:city=jakarta',
    title: 'Refund spike in Jakarta',
    severity: 1,
    metricId: 'refund_rate',
    slice: { city: 'jakarta' },
    channelName: 'inc-20260202-7-refund-rate',
    reopenedAt: null,
    ...over,
  }) as Incident;

describe('paging service requests', () => {
  it('builds the PagerDuty Events API v2 bodies', () => {
    const i = incident();
    expect(pagerDutyBody({ action: 'trigger', key: pagingKeyOf(i), incident: i }, 'RK')).toEqual({
      routing_key: 'RK',
      event_action: 'trigger',
      dedup_key: 'refund_rate:city=jakarta',
      payload: {
        summary: 'SEV1: Refund spike in Jakarta',
        source: 'vigil',
        severity: 'critical',
        component: 'refund_rate',
        custom_details: {
          incident: 7,
          severity: 'SEV1',
          slack_channel: '#inc-20260202-7-refund-rate',
          slice: { city: 'jakarta' },
        },
      },
      client: 'vigil',
    });
    // A severity change triggers the open alert again (same dedup_key) with the new severity.
    expect(pagerDutyBody({ action: 'severity', key: 'k', incident: incident({ severity: 2 }) }, 'RK')).toMatchObject({
      event_action: 'trigger',
      dedup_key: 'k',
      payload: { summary: 'SEV2: Refund spike in Jakarta', severity: 'error' },
    });
    expect(pagerDutyBody({ action: 'resolve', key: 'k', incident: i }, 'RK')).toEqual({
      routing_key: 'RK',
      event_action: 'resolve',
      dedup_key: 'k',
    });
  });

  it('builds the Opsgenie requests, the alias being the key', () => {
    const i = incident({ severity: 2 });
    expect(opsgenieRequest({ action: 'trigger', key: 'a b', incident: i })).toMatchObject({
      path: '/v2/alerts',
      body: { message: 'SEV2: Refund spike in Jakarta', alias: 'a b', priority: 'P2', source: 'vigil' },
    });
    expect(opsgenieRequest({ action: 'acknowledge', key: 'a b', incident: i, actor: 'U0ACK' })).toEqual({
      path: '/v2/alerts/a%20b/acknowledge?identifierType=alias',
      body: { source: 'vigil', user: 'U0ACK', note: 'acknowledged in vigil' },
    });
    expect(opsgenieRequest({ action: 'severity', key: 'a b', incident: i })).toEqual({
      path: '/v2/alerts/a%20b/priority?identifierType=alias',
      body: { priority: 'P2' },
      method: 'PUT',
    });
    expect(opsgenieRequest({ action: 'resolve', key: 'a b', incident: i }).path).toBe(
      '/v2/alerts/a%20b/close?identifierType=alias',
    );
  });

  it('keys an incident without a dedup key by its number, and a long one by a hash', () => {
    expect(pagingKeyOf(incident({ dedupKey: null }))).toBe('vigil-incident-7');
    expect(pagingKeyOf(incident({ dedupKey: 'x'.repeat(300) }))).toMatch(/^vigil-[0-9a-f]{64}$/);
  });
});

describe.each(testDatabaseKinds)('dispatching to Opsgenie on %s', (kind) => {
  let db: TestDatabase;
  let deps: DispatchDeps;
  const said: string[] = [];
  const seen: Array<{ path: string; body: Record<string, unknown>; auth: string }> = [];

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    await migrate(db.pool);
    nock.disableNetConnect();
    nock.enableNetConnect(/127\.0\.0\.1/);
    deps = {
      pool: db.pool,
      logger: pino({ level: 'silent' }),
      clock: () => NOW,
      providers: [opsgenieProvider({ apiKey: 'genie-secret', apiUrl: 'https://api.eu.opsgenie.com' }, retry)],
      say: async (_incident, text) => void said.push(text),
    };
  }, 60_000);
  afterEach(() => {
    nock.cleanAll();
    seen.length = 0;
    said.length = 0;
  });
  afterAll(async () => {
    nock.enableNetConnect();
    await db?.close();
  });

  const fakeOpsgenie = (status = () => 202) => {
    const scope = nock('https://api.eu.opsgenie.com').persist();
    for (const method of ['post', 'put'] as const)
      scope[method](/\/v2\/alerts.*/).reply(function (uri, body) {
        const auth = String(this.req.headers.authorization);
        seen.push({ path: `${method === 'put' ? 'PUT ' : ''}${uri}`, body: body as Record<string, unknown>, auth });
        return [status(), { result: 'Request will be processed', requestId: 'r1' }];
      });
  };

  it('creates, acknowledges and closes the alert once each, with the GenieKey', async () => {
    fakeOpsgenie();
    const { incident: opened } = await insertIncident(db.pool, {
      dedupKey: `og-${kind}`,
      title: 'Chargebacks up',
      severity: 1,
      openedBy: 'vigil',
    });
    await dispatchPaging(deps, opened, { kind: 'opened' });
    await dispatchPaging(deps, opened, { kind: 'opened' });
    await dispatchPaging(deps, opened, { kind: 'acknowledged', actor: 'U0ACK' });
    // Raised from SEV2 to SEV1 (twice dispatched: told once); then lowered to SEV3: told again.
    await dispatchPaging(deps, opened, { kind: 'severity_changed', actor: 'U0ACK', from: 2 });
    await dispatchPaging(deps, opened, { kind: 'severity_changed', actor: 'U0ACK', from: 2 });
    await dispatchPaging(deps, { ...opened, severity: 3 }, { kind: 'severity_changed', actor: 'U0ACK', from: 1 });
    await dispatchPaging(deps, opened, { kind: 'resolved', actor: 'U0ACK' });
    expect(seen.map((s) => s.path)).toEqual([
      '/v2/alerts',
      `/v2/alerts/og-${kind}/acknowledge?identifierType=alias`,
      `PUT /v2/alerts/og-${kind}/priority?identifierType=alias`,
      `PUT /v2/alerts/og-${kind}/priority?identifierType=alias`,
      `/v2/alerts/og-${kind}/close?identifierType=alias`,
    ]);
    expect(seen.slice(2, 4).map((s) => s.body)).toEqual([{ priority: 'P1' }, { priority: 'P3' }]);
    expect(seen.every((s) => s.auth === 'GenieKey genie-secret')).toBe(true);
    expect(seen[0]!.body).toMatchObject({ alias: `og-${kind}`, priority: 'P1' });
    // A reopen is a new round: a new alert, once.
    const reopened = { ...opened, reopenedAt: new Date('2026-02-02T12:00:00Z') };
    await dispatchPaging(deps, reopened, { kind: 'reopened', actor: 'U0ACK' });
    await dispatchPaging(deps, reopened, { kind: 'reopened', actor: 'U0ACK' });
    expect(seen.map((s) => s.path).slice(5)).toEqual(['/v2/alerts']);
    expect(said).toEqual([]);
  });

  it('retries a 429 within the bound, then says the failure and lets a later dispatch try again', async () => {
    fakeOpsgenie(() => 429);
    const { incident: opened } = await insertIncident(db.pool, {
      dedupKey: `og-busy-${kind}`,
      title: 'Chargebacks up',
      severity: 2,
      openedBy: 'vigil',
    });
    expect(await dispatchPaging(deps, opened, { kind: 'opened' })).toEqual(['opsgenie']);
    expect(seen).toHaveLength(3);
    expect(said).toEqual([
      expect.stringMatching(/^:warning: Opsgenie was not told to trigger this incident: .*HTTP 429/),
    ]);
    nock.cleanAll();
    fakeOpsgenie();
    expect(await dispatchPaging(deps, opened, { kind: 'opened' })).toEqual([]);
    expect(seen).toHaveLength(4);
  });
});
