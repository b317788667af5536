import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { writeSummary, type WriteSummaryOptions } from '../../src/summaries/write-summary.ts';
import { sampleDigest, sampleIncident, TZ } from './fixtures/sample-summaries.ts';
import { chatCompletion, goodDigestDraft, withSentence } from './fixtures/sample-drafts.ts';

const API = 'https://api.openai.com';
const opts = (extra: Partial<NonNullable<WriteSummaryOptions['openai']>> = {}): WriteSummaryOptions => ({
  openai: { apiKey: 'sk-test', model: 'gpt-4o-mini', maxRetries: 0, ...extra },
  timezone: TZ,
});

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

describe('writeSummary with the OpenAI API', () => {
  it('posts a good draft as written (source llm), identifiers restored, usage recorded', async () => {
    const scope = nock(API)
      .post('/v1/chat/completions')
      .reply(200, chatCompletion(JSON.stringify(goodDigestDraft)));
    const s = await writeSummary(sampleDigest, opts());
    expect(scope.isDone()).toBe(true);
    expect(s).toMatchObject({
      kind: 'daily',
      source: 'llm',
      replaced: [],
      usage: { promptTokens: 2870, completionTokens: 655 },
    });
    expect(s.fallbackReason).toBeUndefined();
    expect(s.text).toContain('Owner <@U04PUTRI01>, open 19 h.');
    expect(s.text).toContain('merchant_id=27003 resolved in 2.5 h');
    expect(s.text.split('\n').at(-1)).toBe(
      '_Drafted by gpt-4o-mini-2024-07-18, every figure checked against the data._',
    );
  });

  it('replaces sentences with invented, mis-rounded and unit-swapped figures by the template (source mixed)', async () => {
    let draft = withSentence(
      goodDigestDraft,
      'metric:refund_rate',
      '*Refund rate* 2.8%, up 0.81% on the 4-week median (RED).',
    );
    draft = withSentence(
      draft,
      'metric:chat_frt_p90',
      '*Bahasa chat first response p90* 48 h against a 15 min target (RED).',
    );
    draft = withSentence(draft, 'incidents', '3 incidents opened; in total 3,400 orders affected.');
    draft = withSentence(draft, 'metric:gmv', '*GMV* $1.29M (GREEN).');
    draft = withSentence(draft, 'incident:13', 'SEV3 (#14) chat delays, owner <@U2>.');
    nock(API)
      .post('/v1/chat/completions')
      .reply(200, chatCompletion(JSON.stringify(draft)));
    const s = await writeSummary(sampleDigest, opts());
    expect(s.source).toBe('mixed');
    expect(s.replaced.map((r) => r.numbers)).toEqual([['2.8%', '0.81%'], ['$1.29M'], ['48 h'], ['3,400'], ['#14']]);
    expect(s.replaced[0]!.replacement).toMatch(/^\*Refund rate\* 2\.87% \(\+0\.81pt vs the 4-week median/);
    expect(s.text).not.toContain('2.8%,');
    expect(s.text).toContain('• *Refund rate* 2.87% (+0.81pt');
    expect(s.text).toContain('5 sentences with a figure not in the data were rewritten');
  });

  it('drops a failing sentence the template has nothing about', async () => {
    const draft = {
      ...goodDigestDraft,
      sections: [
        ...goodDigestDraft.sections,
        {
          key: 'extra',
          title: 'Outlook',
          sentences: [{ about: 'outlook', text: 'Refunds should fall 20% by Friday.' }],
        },
      ],
    };
    nock(API)
      .post('/v1/chat/completions')
      .reply(200, chatCompletion(JSON.stringify(draft)));
    const s = await writeSummary(sampleDigest, opts());
    expect(s.replaced).toEqual([
      { sentence: 'Refunds should fall 20% by Friday.', numbers: ['20%'], replacement: null },
    ]);
    expect(s.text).not.toContain('Outlook');
  });

  const fallbacks: Array<[string, (scope: nock.Interceptor) => nock.Scope, RegExp]> = [
    [
      'malformed JSON',
      (i) => i.reply(200, chatCompletion('{"headline": "GNE daily", "sections": [')),
      /^malformed output: not JSON/,
    ],
    [
      'JSON off the schema',
      (i) => i.reply(200, chatCompletion(JSON.stringify({ headline: 'x', overall: 'purple' }))),
      /^malformed output: JSON that does not match/,
    ],
    [
      'a refusal',
      (i) => i.reply(200, chatCompletion(null, { refusal: "I'm sorry, I can't help with that." })),
      /^refusal: I'm sorry/,
    ],
    [
      '429',
      (i) => i.reply(429, { error: { message: 'Rate limit reached', type: 'requests' } }),
      /^rate limited \(429\)/,
    ],
    ['500', (i) => i.reply(500, { error: { message: 'boom', type: 'server_error' } }), /^server error \(500\)/],
    ['a timeout', (i) => i.delay(1_000).reply(200, chatCompletion(JSON.stringify(goodDigestDraft))), /^timeout/],
  ];
  for (const [what, reply, reason] of fallbacks) {
    it(`falls back to the template on ${what}`, async () => {
      reply(nock(API).post('/v1/chat/completions'));
      const s = await writeSummary(sampleDigest, opts({ timeoutMs: 200 }));
      expect(s.source).toBe('template');
      expect(s.fallbackReason).toMatch(reason);
      expect(s.text).toContain('• *Refund rate* 2.87% (+0.81pt vs the 4-week median of 2.06%');
      expect(s.text.split('\n').at(-1)).toBe("_Written from the data by vigil's template._");
    });
  }

  it('retries a 429 once by default before falling back', async () => {
    const scope = nock(API)
      .post('/v1/chat/completions')
      .times(2)
      .reply(429, { error: { message: 'slow down' } }, { 'retry-after-ms': '1' });
    const s = await writeSummary(sampleDigest, { ...opts(), openai: { apiKey: 'sk-test', model: 'gpt-4o-mini' } });
    expect(scope.isDone()).toBe(true);
    expect(s.fallbackReason).toBe('rate limited (429)');
  });

  it('sends no raw merchant, user or ticket id, phone, e-mail or ticket text to the model', async () => {
    let body = '';
    nock(API)
      .post('/v1/chat/completions', (b: unknown) => {
        body = JSON.stringify(b);
        return true;
      })
      .twice()
      .reply(200, chatCompletion(JSON.stringify(goodDigestDraft)));
    await writeSummary(sampleDigest, opts());
    const digestBody = body;
    await writeSummary(sampleIncident, opts());
    for (const sent of [digestBody, body]) {
      expect(sent).toContain('"model":"gpt-4o-mini"');
      expect(sent).toContain('summary_draft');
      for (const raw of [
        '27003',
        '27011',
        '88812',
        'U04PUTRI01',
        'U05CSVEND2',
        'siti@example.com',
        '3456-7890',
        'nobody answers',
      ])
        expect(sent).not.toContain(raw);
    }
    expect(digestBody).toContain('merchant_id=M1');
    expect(digestBody).toContain('2025-06-02 14:00');
  });

  it('honours OPENAI_BASE_URL (a compatible server)', async () => {
    const scope = nock('http://llm.internal:8000')
      .post('/v1/chat/completions')
      .reply(200, chatCompletion(JSON.stringify(goodDigestDraft)));
    const s = await writeSummary(sampleDigest, opts({ baseUrl: 'http://llm.internal:8000/v1' }));
    expect(scope.isDone()).toBe(true);
    expect(s.source).toBe('llm');
  });

  it('uses the template without a key, and says so', async () => {
    const s = await writeSummary(sampleIncident, { openai: { model: 'gpt-4o-mini' }, timezone: TZ });
    expect(s).toMatchObject({
      kind: 'incident',
      source: 'template',
      fallbackReason: 'no OPENAI_API_KEY set',
      replaced: [],
    });
    expect(s.text.startsWith('*SEV2 #12 Refund spike, Jakarta × spa: resolved*\n\n*What happened*\n• SEV2')).toBe(true);
  });
});
