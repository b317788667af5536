import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { templateSummary, writeSummary, type WriteSummaryOptions } from '../../src/summaries/write-summary.ts';
import type { SummaryDraft } from '../../src/drafting/draft-schema.ts';
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
    expect(s.replaced[0]!.replacement).toMatch(/^\*Refund rate\* 2\.9% \(\+0\.81 pt vs the 4-week median/);
    expect(s.text).not.toContain('2.8%,');
    expect(s.text).toContain('• *Refund rate* 2.9% (+0.81 pt');
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
      {
        sentence: 'Refunds should fall 20% by Friday.',
        numbers: ['20%'],
        replacement: null,
        reason: 'numbers',
        about: 'outlook',
      },
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
      expect(s.text).toContain('• *Refund rate* 2.9% (+0.81 pt vs the 4-week median of 2.1%');
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

  it('puts back a red metric and an open SEV2 a draft leaves out, recorded as omitted', async () => {
    // The failure seen from outside: sentences that say nothing, with no figure to fail the number check.
    let draft = withSentence(goodDigestDraft, 'metric:refund_rate', 'Nothing else to add here.');
    draft = withSentence(draft, 'incident:12', 'Nothing else to add here.');
    nock(API)
      .post('/v1/chat/completions')
      .reply(200, chatCompletion(JSON.stringify(draft)));
    const s = await writeSummary(sampleDigest, opts());
    const template = templateSummary(sampleDigest, TZ).sections.flatMap((x) => x.sentences);
    const templateText = (about: string) => template.find((x) => x.about === about)!.text;
    expect(s.source).toBe('mixed');
    expect(s.replaced).toEqual([
      {
        sentence: 'Nothing else to add here.',
        numbers: [],
        replacement: templateText('metric:refund_rate'),
        reason: 'omitted',
        about: 'metric:refund_rate',
      },
      {
        sentence: 'Nothing else to add here.',
        numbers: [],
        replacement: templateText('incident:12'),
        reason: 'omitted',
        about: 'incident:12',
      },
    ]);
    expect(s.text).toContain(templateText('metric:refund_rate'));
    expect(s.text).not.toContain('Nothing else to add here.');
    expect(s.fallbackReason).toBe('2 required fact(s) left out of the draft were put back');
  });

  it('keeps every rejected sentence in replaced when the whole draft is dropped', async () => {
    const wrong: SummaryDraft = {
      ...goodDigestDraft,
      headline: 'GNE daily: 77 problems',
      sections: goodDigestDraft.sections.map((sec) => ({
        ...sec,
        sentences: sec.sentences.map((x) => ({ about: x.about, text: 'Up 99.9% on the day.' })),
      })),
    };
    nock(API)
      .post('/v1/chat/completions')
      .reply(200, chatCompletion(JSON.stringify(wrong)));
    const s = await writeSummary(sampleDigest, opts());
    const sentences = wrong.sections.flatMap((x) => x.sentences).length + 1;
    expect(s.source).toBe('template');
    expect(s.fallbackReason).toBe('no drafted sentence passed the number check');
    expect(s.replaced).toHaveLength(sentences);
    expect(s.replaced[0]).toMatchObject({ sentence: 'GNE daily: 77 problems', numbers: ['77'], reason: 'numbers' });
    expect(s.replaced.slice(1).every((r) => r.sentence === 'Up 99.9% on the day.')).toBe(true);
  });

  it('writes Indonesian: the prompt asks for it, true Indonesian figures pass, a planted mistake and an omission are fixed', async () => {
    // A recorded Indonesian draft: the template's own Indonesian sentences, one figure changed, one incident left out.
    const template = templateSummary(sampleDigest, TZ, 'id');
    let draft = withSentence(template, 'metric:cs_frt_sla', '*CS first response within SLA* 92% (KUNING).');
    draft = {
      ...draft,
      sections: draft.sections.map((sec) => ({
        ...sec,
        sentences: sec.sentences.filter((x) => x.about !== 'incident:12' && x.about !== 'attention:incident:12'),
      })),
    };
    let prompt = '';
    nock(API)
      .post('/v1/chat/completions', (body: { messages: Array<{ content: string }> }) => {
        prompt = body.messages[0]!.content;
        return true;
      })
      .reply(200, chatCompletion(JSON.stringify(draft)));
    const s = await writeSummary(sampleDigest, { ...opts(), language: 'id' });
    expect(prompt).toContain('Write in Bahasa Indonesia');
    expect(prompt).toContain('2,6%');
    expect(s.replaced.map((r) => [r.reason, r.about ?? r.sentence])).toEqual([
      ['numbers', 'metric:cs_frt_sla'],
      ['omitted', 'incident:12'],
    ]);
    const truth = template.sections.flatMap((x) => x.sentences);
    expect(s.text).toContain(truth.find((x) => x.about === 'metric:cs_frt_sla')!.text);
    expect(s.text).toContain('2,9%');
    expect(s.text).toContain('$1.284.500');
    // The footer is Indonesian too.
    expect(s.text.split('\n').at(-1)).toMatch(/^_Disusun oleh LLM.*setiap angka dicek terhadap data_$/);
  });
});
