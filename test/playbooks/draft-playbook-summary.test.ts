// The summarize step's drafting with the real openai SDK against nock: a checked draft, an invented
// figure replaced by its finding, failures falling back to the findings, and no raw id in the request.
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { draftPlaybookSummary } from '../../src/playbooks/draft-playbook-summary.ts';
import { chatCompletion } from '../summaries/fixtures/sample-drafts.ts';

const API = 'https://api.openai.com';
const drafting = { apiKey: 'sk-test', model: 'gpt-4o-mini', timeoutMs: 2000 };
const findings = [
  'Refund rate: 9.18% against 2.94% expected (+212%, z 7.5).',
  'Top contributors: merchant_id=28404 (21 above expected, 84% against 3.1%).',
];
const draft = (sentences: string[]) =>
  JSON.stringify({
    headline: 'Refund spike',
    overall: 'red',
    actions: [],
    sections: [
      { key: 'findings', title: 'Findings', sentences: sentences.map((text, i) => ({ about: `finding:${i}`, text })) },
    ],
  });

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

describe('draftPlaybookSummary', () => {
  it('posts a draft whose figures all come from the findings, with identifiers restored and none sent', async () => {
    let body = '';
    nock(API)
      .post('/v1/chat/completions', (b: unknown) => ((body = JSON.stringify(b)), true))
      .reply(
        200,
        chatCompletion(
          draft(['Refunds ran at 9.18% against 2.94% expected.', 'Merchant M1 leads with 21 refunds above expected.']),
        ),
      );
    const out = await draftPlaybookSummary('Refund spike', findings, drafting);
    expect(out).toMatchObject({ source: 'llm', replaced: [] });
    expect(out.text).toBe(
      'Refunds ran at 9.18% against 2.94% expected. Merchant 28404 leads with 21 refunds above expected.',
    );
    expect(body).not.toContain('28404');
  });

  it('replaces a sentence with an invented figure by its finding', async () => {
    nock(API)
      .post('/v1/chat/completions')
      .reply(
        200,
        chatCompletion(
          draft(['Refunds tripled to 9.2%, costing about $48,000.', 'M1 leads with 21 refunds above expected.']),
        ),
      );
    const out = await draftPlaybookSummary('Refund spike', findings, drafting);
    expect(out.source).toBe('mixed');
    expect(out.replaced).toEqual([
      expect.objectContaining({
        sentence: 'Refunds tripled to 9.2%, costing about $48,000.',
        numbers: ['$48,000'],
        replacement: findings[0],
      }),
    ]);
    expect(out.text.startsWith(findings[0]!)).toBe(true);
  });

  it.each([
    ['a 500', (s: nock.Interceptor) => s.times(2).reply(500, { error: { message: 'boom' } }), /server error/],
    ['malformed output', (s: nock.Interceptor) => s.reply(200, chatCompletion('{"headline": ')), /malformed/],
  ])('falls back to the findings on %s', async (_, reply, reason) => {
    reply(nock(API).post('/v1/chat/completions'));
    const out = await draftPlaybookSummary('Refund spike', findings, drafting);
    expect(out).toMatchObject({
      source: 'template',
      text: findings.join(' '),
      fallbackReason: expect.stringMatching(reason),
    });
  });

  it('writes the findings without a key, asking nothing', async () => {
    const out = await draftPlaybookSummary('Refund spike', findings, undefined);
    expect(out).toEqual({ text: findings.join(' '), source: 'template', replaced: [] });
  });
});
