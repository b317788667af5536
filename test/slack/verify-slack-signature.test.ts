import { describe, expect, it } from 'vitest';
import { slackSignatureProblem } from '../../src/slack/verify-slack-signature.ts';
import { SIGNING_SECRET, slackSignature } from '../helpers/slack-http.ts';

describe('slackSignatureProblem', () => {
  const nowMs = 1_700_000_000_000;
  const ts = nowMs / 1000;
  const body = 'command=%2Fvigil&text=help';
  const check = (over: Partial<Parameters<typeof slackSignatureProblem>[0]>) =>
    slackSignatureProblem({
      signingSecret: SIGNING_SECRET,
      body,
      signature: slackSignature(body, ts),
      timestamp: String(ts),
      nowMs,
      ...over,
    });

  it("accepts Slack's signature", () => {
    expect(check({})).toBeUndefined();
    expect(check({ timestamp: String(ts), nowMs: nowMs + 299_000 })).toBeUndefined();
  });

  it('refuses a changed body, another secret, a bad or short signature, and missing headers', () => {
    expect(check({ body: `${body}x` })).toBe('signature mismatch');
    expect(check({ signingSecret: 'other' })).toBe('signature mismatch');
    expect(check({ signature: 'v0=deadbeef' })).toBe('signature mismatch');
    expect(check({ signature: slackSignature(body, ts).replace('v0=', 'v1=') })).toBe('unknown signature version');
    expect(check({ signature: undefined })).toMatch(/missing/);
    expect(check({ timestamp: undefined })).toMatch(/missing/);
    expect(check({ timestamp: 'soon' })).toMatch(/not a number/);
  });

  const at = (stamp: number) => check({ timestamp: String(stamp), signature: slackSignature(body, stamp) });

  it('refuses a timestamp older than five minutes, even with a valid signature for it', () => {
    expect(at(ts - 300)).toBeUndefined();
    expect(at(ts - 301)).toMatch(/older than five minutes/);
  });

  it('refuses a timestamp more than five minutes in the future, even with a valid signature for it', () => {
    expect(at(ts + 300)).toBeUndefined();
    expect(at(ts + 301)).toMatch(/in the future/);
    expect(at(ts + 400)).toMatch(/in the future/);
  });
});
