// /incident postmortem over signed HTTP, with nock on Slack's Web API (the files upload flow) and on OpenAI's chat
// completions: the document's sections and figures, a wrong figure rewritten by the template, a timeout, a rewrite.
import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkFigures } from '../../src/numbers/match-figures.ts';
import { incidentSummaryFactsSchema } from '../../src/summaries/digest-facts-schema.ts';
import { figuresOfSummary } from '../../src/summaries/figures-of-summary.ts';
import { POSTMORTEM_SECTIONS } from '../../src/summaries/render-postmortem.ts';
import { eventually, postSlack, slashCommand } from '../helpers/slack-http.ts';
import { startSlackTestApp, type SlackTestApp } from '../helpers/slack-test-app.ts';
import { testDatabaseKinds } from '../helpers/test-database.ts';
import { isolateSlack, nockSlack, type SlackCall } from '../helpers/nock-slack.ts';
import { chatCompletion } from '../summaries/fixtures/sample-drafts.ts';
import { seedPostmortemIncident } from '../summaries/fixtures/postmortem-incident.ts';

const UPLOAD = '/upload/v1/postmortem';

// What the model says about some facts (owners pseudonymised as <@U1>, times local), with figures the check must accept.
const SENTENCES: Record<string, string> = {
  incident: 'SEV2 refund spike in Jakarta opened 03-02 09:00 and resolved 03-02 11:00, after 2 h.',
  acknowledged: 'Acknowledged in 12 min, owner <@U1>.',
};

// A model's draft: the skeleton vigil sent, one sentence per about key, the impact sentence as `impact` says.
function draftFor(body: { messages: Array<{ content: string }> }, impact: string) {
  const user = body.messages[1]!.content;
  const skeleton = JSON.parse(/skeleton\):\n(.*)\n\nFacts/s.exec(user)![1]!) as Array<{
    key: string;
    title: string;
    about: string[];
  }>;
  return {
    headline: 'Refund spike in Jakarta: resolved',
    overall: 'green',
    sections: skeleton.map((s) => ({
      key: s.key,
      title: s.title,
      sentences: s.about.map((about) => ({
        about,
        text:
          SENTENCES[about.replace(/:\d+$/, '')] ?? (about === 'metric:refund_rate' ? impact : 'Handled as planned.'),
      })),
    })),
    actions: [],
  };
}

describe.each(testDatabaseKinds)('/incident postmortem over signed HTTP on %s', (kind) => {
  const calls: SlackCall[] = [];
  isolateSlack(calls);
  let t: SlackTestApp;
  let uploads: string[];
  const prompts: string[] = [];
  beforeAll(async () => {
    t = await startSlackTestApp(kind, '', { OPENAI_API_KEY: 'sk-test', VIGIL_LLM_TIMEOUT: '0.3' });
  }, 60_000);
  afterAll(async () => t?.close());

  const answered = (pattern: RegExp) =>
    calls.some((c) => c.method === 'response_url' && pattern.test(JSON.stringify(c.body)));
  const stored = async (id: number) =>
    (await t.db.pool.query('SELECT * FROM postmortems WHERE incident_id = $1', [id])).rows;

  function fakeSlack(refuse?: string): void {
    uploads = [];
    nockSlack(calls, {
      'files.getUploadURLExternal': () => [
        200,
        refuse
          ? { ok: false, error: refuse, needed: 'files:write' }
          : { ok: true, upload_url: `https://files.slack.com${UPLOAD}`, file_id: 'F0POSTMORTEM' },
      ],
      'files.completeUploadExternal': (_n, body) => [
        200,
        { ok: true, files: (JSON.parse(body.files!) as Array<{ id: string }>).map((f) => ({ id: f.id })) },
      ],
    });
    nock('https://files.slack.com')
      .persist()
      .post(UPLOAD)
      .reply((_uri, body) => {
        uploads.push(String(body));
        return [200, 'OK'];
      });
  }

  function fakeOpenAI(impact: string, delayMs = 0): void {
    const scope = nock('https://api.openai.com').persist().post('/v1/chat/completions');
    (delayMs ? scope.delay(delayMs) : scope).reply((_uri, body) => {
      prompts.push(JSON.stringify(body));
      return [200, { ...chatCompletion(JSON.stringify(draftFor(body as never, impact))), model: 'gpt-test' }];
    });
  }

  it('uploads a Markdown postmortem with every section, whose figures all pass the number check', async () => {
    fakeSlack();
    fakeOpenAI('Refund rate 12% against 3% expected in Jakarta.');
    const id = await seedPostmortemIncident(t.db.pool, `good-${kind}`, 'C0PMGOOD');
    await postSlack(t.base, slashCommand('/incident', `postmortem ${id}`, { user_id: 'U0CAROL' }));
    await eventually(() => answered(/Uploaded the postmortem of incident #\d+, version 1/), 15_000, 'the answer');
    expect(answered(/drafted by the LLM, figures checked/)).toBe(true);

    const complete = calls.find((c) => c.method === 'files.completeUploadExternal')!.body;
    expect(complete.channel_id).toBe('C0PMGOOD');
    expect(JSON.parse(complete.files!)[0].title).toBe(
      `Postmortem: Refund spike in Jakarta (incident #${id}, version 1)`,
    );
    const [row] = await stored(id);
    expect(row).toMatchObject({ version: 1, source: 'llm', file_id: 'F0POSTMORTEM', channel_id: 'C0PMGOOD' });
    const doc = row.markdown as string;
    expect(uploads.join('')).toContain(doc.split('\n')[0]);
    for (const heading of POSTMORTEM_SECTIONS) expect(doc).toContain(`\n## ${heading}\n`);
    expect(doc).toContain('- Refund rate 12% against 3% expected in Jakarta.');
    expect(doc).toContain('- SEV2 refund spike in Jakarta opened 03-02 09:00 and resolved 03-02 11:00, after 2 h.');
    expect(doc).toContain('- Acknowledged in 12 min, owner @U0CAROL.');
    expect(doc).toContain('| Refund rate | city=jakarta | 12% | 3% |');
    expect(doc).toContain('Judged on the bucket starting 03-02 08:00; normal band 2% to 4.5%.');
    expect(doc).toContain('| city=jakarta, category=spa | 31% | 4% | +27 pt |');
    expect(doc).toMatch(/\| Commander \| @U0CAROL \|\n\| Comms \| nobody \|\n\| Scribe \| @U0ERIN \|/);
    expect(doc).toMatch(/\| Review voucher agency onboarding \| @U0DANN01 \| 03-06 10:00 \| open \|/);
    expect(doc).toContain('## What went well\n\n_For the responders to write._');

    const facts = incidentSummaryFactsSchema.parse(row.facts);
    expect(facts.peopleTimeline).toEqual([
      { at: expect.any(String), author: 'U0BOBB01', text: 'The spike is one voucher agency' },
    ]);
    expect(checkFigures(doc, figuresOfSummary(facts, facts.timezone)).unmatched).toEqual([]);
    // Pseudonymised on the way out: people's Slack ids never reach the model.
    expect(prompts.at(-1)).toContain('The spike is one voucher agency');
    expect(prompts.at(-1)).not.toMatch(/U0CAROL|U0BOBB01|U0DANN01/);
  }, 30_000);

  it('replaces a drafted sentence with a wrong figure by the template sentence, and a rewrite is version 2', async () => {
    fakeSlack();
    fakeOpenAI('Refund rate 15% against 3% expected in Jakarta.');
    const id = await seedPostmortemIncident(t.db.pool, `wrong-${kind}`, 'C0PMWRONG');
    await postSlack(t.base, slashCommand('/incident', `postmortem ${id}`, { user_id: 'U0CAROL' }));
    await eventually(() => answered(/version 1 \(drafted by the LLM; 1 sentence with a figure/), 15_000, 'v1');
    await postSlack(t.base, slashCommand('/incident', 'postmortem', { user_id: 'U0CAROL', channel_id: 'C0PMWRONG' }));
    await eventually(() => answered(/Uploaded the postmortem of incident #\d+, version 2/), 15_000, 'v2');

    const rows = await stored(id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ version: 2, source: 'mixed' });
    expect(rows[0].replaced).toEqual([
      {
        sentence: 'Refund rate 15% against 3% expected in Jakarta.',
        numbers: ['15%'],
        replacement: expect.stringMatching(/^Refund rate 12% against 3% expected/),
        about: 'metric:refund_rate',
        reason: 'numbers',
      },
    ]);
    const doc = rows[0].markdown as string;
    expect(doc).not.toContain('15%');
    expect(doc).toMatch(/\n- Refund rate 12% against 3% expected/);
  }, 30_000);

  it('falls back to the template when OpenAI times out, and says so', async () => {
    fakeSlack();
    fakeOpenAI('Refund rate 12% against 3% expected in Jakarta.', 5_000);
    const id = await seedPostmortemIncident(t.db.pool, `timeout-${kind}`, 'C0PMSLOW');
    await postSlack(t.base, slashCommand('/incident', `postmortem ${id}`, { user_id: 'U0CAROL' }));
    await eventually(
      () => answered(/version 1 \(written by the template, because timeout: the model did not answer in time\)/),
      15_000,
      'the answer',
    );
    const [row] = await stored(id);
    expect(row.source).toBe('template');
    expect(row.markdown).toContain("_Written from the data by vigil's template._");
    for (const heading of POSTMORTEM_SECTIONS) expect(row.markdown).toContain(`\n## ${heading}\n`);
  }, 30_000);

  it('stores the document when Slack refuses the upload, and says what to do', async () => {
    fakeSlack('missing_scope');
    fakeOpenAI('Refund rate 12% against 3% expected in Jakarta.');
    const id = await seedPostmortemIncident(t.db.pool, `refused-${kind}`, 'C0PMNOSCOPE');
    await postSlack(t.base, slashCommand('/incident', `postmortem ${id}`, { user_id: 'U0CAROL' }));
    await eventually(() => answered(/Slack refused the upload: missing_scope/), 15_000, 'the answer');
    expect(answered(/Add files:write to the bot scopes/)).toBe(true);
    expect(answered(new RegExp(`vigil incident export ${id} --format md`))).toBe(true);
    const [row] = await stored(id);
    expect(row).toMatchObject({ version: 1, file_id: null, channel_id: null });
    expect(row.markdown).toContain('## What to improve');
  }, 30_000);

  it('answers an unknown incident with how to find one, and writes nothing', async () => {
    fakeSlack();
    await postSlack(t.base, slashCommand('/incident', 'postmortem 999999', { user_id: 'U0CAROL' }));
    await eventually(() => answered(/There is no incident #999999/), 10_000, 'the refusal');
    expect(answered(/\/incident list all/)).toBe(true);
    expect(calls.some((c) => c.method.startsWith('files.'))).toBe(false);
  });
});
