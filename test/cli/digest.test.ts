// `vigil digest --json`: exactly { kind, language, source, fallbackReason (not llm), text, replaced: [{ sentence, numbers }] },
// text as it would be posted; nothing posted or stored. --lang picks the language the writer is asked for.
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDigestCommand } from '../../src/cli/digest-command.ts';
import { runDigestCli } from '../../src/cli/run-digest-cli.ts';
import { migrate } from '../../src/db/migrate.ts';
import { renderDigest } from '../../src/blocks/render-digest.ts';
import { openTestDatabase, type TestDatabase } from '../helpers/test-database.ts';
import { writtenSummary } from '../slack/digest-fixtures.ts';
import { failureRateWorkspace } from '../summaries/fixtures/failure-rate-workspace.ts';

describe('vigil digest', () => {
  let db: TestDatabase;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    const configPath = failureRateWorkspace('wh_cli');
    db = await openTestDatabase('pglite');
    await migrate(db.pool);
    await db.pool.query('CREATE SCHEMA wh_cli');
    await db.pool.query(
      "CREATE TABLE wh_cli.attempts AS SELECT b AS bucket, 5 AS failures, 100 AS attempts FROM generate_series('2026-01-01'::timestamptz, '2026-02-15', interval '1 hour') AS b",
    );
    env = { VIGIL_CONFIG: configPath, DATABASE_URL: db.url, LOG_LEVEL: 'silent', VIGIL_TIMEZONE: 'Asia/Jakarta' };
  }, 60_000);
  afterAll(async () => {
    await db?.close();
  });

  it('--json opens with what needs attention, then kind, language, source, fallbackReason, text and replaced, with the text the template writes; nothing is stored', async () => {
    const [json] = await runDigestCli(env, { date: '2026-02-10', json: true });
    const out = JSON.parse(json!);
    expect(Object.keys(out)).toEqual([
      'needsAttention',
      'moreNeedingAttention',
      'kind',
      'language',
      'source',
      'fallbackReason',
      'text',
      'replaced',
    ]);
    // Each item is as the digest says it, the first lines of the text after the headline.
    for (const item of out.needsAttention) expect(out.text).toContain(item.text);
    expect(out).toMatchObject({ kind: 'daily', language: 'en', source: 'template', replaced: [] });
    expect(out.fallbackReason).toEqual(expect.any(String));
    expect(out.text).toContain('Failure rate');
    expect(out.text).toContain('5%');
    const [plain] = await runDigestCli(env, { date: '2026-02-10' });
    expect(plain).toBe(out.text);
    expect((await db.pool.query('SELECT count(*)::int AS n FROM digests')).rows[0].n).toBe(0);
  }, 30_000);

  it('--weekly prints the weekly report; replaced sentences keep what was put instead and why', async () => {
    let captured: unknown;
    const [json] = await runDigestCli(env, { weekly: true, date: '2026-02-02', json: true }, async (facts) => {
      if (facts.kind === 'incident') throw new Error('not a digest');
      captured = facts;
      return writtenSummary(facts, {
        source: 'mixed',
        replaced: [{ sentence: 'Failures rose 40%.', numbers: ['40%'], replacement: 'Failure rate 5%.' }],
      });
    });
    const out = JSON.parse(json!);
    expect(out).toEqual({
      needsAttention: expect.any(Array),
      moreNeedingAttention: expect.any(Number),
      kind: 'weekly',
      language: 'en',
      source: 'mixed',
      fallbackReason: 'no OPENAI_API_KEY',
      text: expect.any(String),
      replaced: [
        { sentence: 'Failures rose 40%.', numbers: ['40%'], replacement: 'Failure rate 5%.', reason: 'numbers' },
      ],
    });
    // The text is the message's fallback: exactly what is posted.
    expect(out.text).toBe(
      renderDigest(captured as never, writtenSummary(captured as never), { workspaceName: 'GNE' }).text,
    );
  }, 30_000);

  it('keeps to digest.scorecard: only those metrics, in that order', async () => {
    const scored = {
      ...env,
      VIGIL_CONFIG: failureRateWorkspace('wh_cli', { attempts: true, digest: '  scorecard: [attempts, failure_rate]' }),
    };
    let ids: string[] = [];
    await runDigestCli(scored, { date: '2026-02-10', json: true }, async (facts) => {
      if (facts.kind === 'incident') throw new Error('not a digest');
      ids = facts.metrics.map((m) => m.id);
      return writtenSummary(facts);
    });
    expect(ids).toEqual(['attempts', 'failure_rate']);
    const all = { ...env, VIGIL_CONFIG: failureRateWorkspace('wh_cli', { attempts: true }) };
    await runDigestCli(all, { date: '2026-02-10', json: true }, async (facts) => {
      if (facts.kind === 'incident') throw new Error('not a digest');
      ids = facts.metrics.map((m) => m.id);
      return writtenSummary(facts);
    });
    expect(ids).toEqual(['failure_rate', 'attempts']);
  }, 30_000);

  it('--lang id asks the writer for Indonesian and says so in --json; an unknown tag is refused with the fix', async () => {
    const asked: unknown[] = [];
    const [json] = await runDigestCli(env, { date: '2026-02-10', json: true, lang: 'id-ID' }, async (facts, opts) => {
      if (facts.kind === 'incident') throw new Error('not a digest');
      asked.push(opts?.language);
      return writtenSummary(facts);
    });
    expect(asked).toEqual(['id']);
    expect(JSON.parse(json!)).toMatchObject({ kind: 'daily', language: 'id' });
    await expect(runDigestCli(env, { date: '2026-02-10', lang: 'xx' })).rejects.toMatchObject({
      code: 'unknown_language',
      message: '"xx" is not a language vigil writes summaries in',
      hint: expect.stringContaining('id'),
    });
  }, 30_000);

  it('registers `digest` with --date, --weekly, --lang, --post and --json and refuses a bad date', () => {
    const program = new Command('vigil').exitOverride().configureOutput({ writeErr: () => {} });
    addDigestCommand(program);
    const cmd = program.commands.find((c) => c.name() === 'digest')!;
    expect(cmd.options.map((o) => o.long)).toEqual(['--date', '--weekly', '--lang', '--post', '--json']);
    expect(() => program.parse(['digest', '--date', '3/2/2026'], { from: 'user' })).toThrow(/YYYY-MM-DD/);
  });
});
