// nock on Slack's Web API and response_url: records every call and answers like Slack would.
import nock from 'nock';
import { afterAll, afterEach, beforeAll } from 'vitest';

/** A recorded call: the Web API method (or "response_url"), when, and its parsed body. */
export interface SlackCall {
  method: string;
  at: number;
  body: Record<string, string>;
}

/** A scripted answer for the n-th call (1-based) of a method (or "response_url"); undefined means Slack's usual answer. */
export type SlackScript = Record<
  string,
  (n: number, body: Record<string, string>) => [number, unknown, Record<string, string>?] | undefined
>;

let channels = 0;

/** Starts recording into `calls`; each new channel gets a fresh id `C0INC<n>`. */
export function nockSlack(calls: SlackCall[], script: SlackScript = {}): void {
  const count = (method: string) => calls.filter((c) => c.method === method).length;
  nock('https://slack.com')
    .persist()
    .post(/\/api\/.+/)
    .reply(function (uri, body) {
      const method = uri.replace('/api/', '');
      const parsed = (typeof body === 'string' ? Object.fromEntries(new URLSearchParams(body)) : body) as Record<
        string,
        string
      >;
      calls.push({ method, at: Date.now(), body: parsed });
      const scripted = script[method]?.(count(method), parsed);
      if (scripted) return scripted;
      if (method === 'conversations.create')
        return [200, { ok: true, channel: { id: `C0INC${++channels}`, name: parsed.name } }];
      if (method === 'chat.postMessage')
        return [
          200,
          { ok: true, channel: parsed.channel, ts: `1700000${String(calls.length).padStart(3, '0')}.000100` },
        ];
      return [200, { ok: true }];
    });
  nock('https://hooks.slack.com')
    .persist()
    .post(/.*/)
    .reply(function (_uri, body) {
      calls.push({ method: 'response_url', at: Date.now(), body: body as Record<string, string> });
      return script.response_url?.(count('response_url'), body as Record<string, string>) ?? [200, 'ok'];
    });
}

/** Blocks the network except the local database and servers; call `allowNetwork` after. */
export function blockNetwork(): void {
  nock.disableNetConnect();
  nock.enableNetConnect(/127\.0\.0\.1/);
}

/** Undoes blockNetwork and forgets every interceptor. */
export function allowNetwork(): void {
  nock.cleanAll();
  nock.enableNetConnect();
}

/** For the enclosing describe: the network blocked before its tests, interceptors and `calls` forgotten after each, the network back after all. */
export function isolateSlack(calls: SlackCall[]): void {
  beforeAll(() => blockNetwork());
  afterEach(() => {
    nock.cleanAll();
    calls.length = 0;
  });
  afterAll(() => allowNetwork());
}
