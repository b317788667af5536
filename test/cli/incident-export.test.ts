// `vigil incident export <id> --format md|json`: the stored postmortem exactly as uploaded, or the incident's full
// record; an unknown id, an id with no postmortem and an unknown format are refused with what to do.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addIncidentCommand } from '../../src/cli/incident-command.ts';
import { runIncidentExport } from '../../src/cli/run-incident-export.ts';
import { loadConfig } from '../../src/config/load-config.ts';
import { migrate } from '../../src/db/migrate.ts';
import { createLogger } from '../../src/logging/create-logger.ts';
import { summaryWriterOf } from '../../src/summaries/summary-writer.ts';
import { writePostmortem } from '../../src/summaries/write-postmortem.ts';
import { childEnv, runVigil } from '../helpers/run-vigil.ts';
import { openTestDatabase, type TestDatabase } from '../helpers/test-database.ts';
import { seedPostmortemIncident } from '../summaries/fixtures/postmortem-incident.ts';

describe('vigil incident export', () => {
  let db: TestDatabase;
  let env: NodeJS.ProcessEnv;
  let id: number;
  let markdown: string;

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-export-'));
    writeFileSync(join(dir, 'vigil.yml'), 'demo:\n  seed_on_start: false\n');
    db = await openTestDatabase('pglite');
    await migrate(db.pool);
    env = { VIGIL_CONFIG: join(dir, 'vigil.yml'), DATABASE_URL: db.url, LOG_LEVEL: 'silent' };
    const config = loadConfig(env);
    const logger = createLogger({ level: 'silent' });
    id = await seedPostmortemIncident(db.pool, 'cli', 'C0PMCLI');
    const pm = await writePostmortem(
      {
        config,
        pool: db.pool,
        logger,
        clock: () => new Date('2026-03-03T02:00:00Z'),
        write: summaryWriterOf(config, logger),
      },
      id,
      'U0CAROL',
    );
    markdown = pm.markdown;
  }, 60_000);
  afterAll(async () => {
    await db?.close();
  });

  it('--format md prints the stored postmortem, the document uploaded', async () => {
    const out = await runIncidentExport(env, String(id), 'md');
    expect(out).toBe(markdown);
    expect(out).toMatch(/^# Postmortem: Refund spike in Jakarta \(incident #\d+\)\n/);
    expect(out).toContain('- Playbook refund-spike: Refunds concentrate in one voucher agency.');
    expect(out).toContain('"The spike is one voucher agency"');
    expect(out).toContain("_Written from the data by vigil's template._");
  }, 30_000);

  it('--format json prints the full record: incident, evidence, timeline, people, actions, playbook runs', async () => {
    const record = JSON.parse(await runIncidentExport(env, `#${id}`, 'json'));
    expect(Object.keys(record)).toEqual([
      'incident',
      'evidence',
      'timeline',
      'peopleTimeline',
      'actions',
      'playbookRuns',
      'postmortem',
    ]);
    expect(record.incident).toMatchObject({
      id,
      title: 'Refund spike in Jakarta',
      status: 'resolved',
      scribeUserId: 'U0ERIN',
    });
    expect(record.evidence).toMatchObject({ metricId: 'refund_rate', observed: 0.12, expected: 0.03 });
    expect(record.timeline.map((e: { kind: string }) => e.kind)).toContain('update');
    expect(record.peopleTimeline).toMatchObject([{ author: 'U0BOBB01', text: 'The spike is one voucher agency' }]);
    expect(record.actions).toMatchObject([{ text: 'Review voucher agency onboarding', owner: 'U0DANN01' }]);
    expect(record.playbookRuns).toMatchObject([
      { playbookId: 'refund-spike', status: 'succeeded', findings: ['Refunds concentrate in one voucher agency'] },
    ]);
    expect(record.postmortem).toMatchObject({ version: 1, source: 'template', writtenBy: 'U0CAROL', fileId: null });
  }, 30_000);

  it('refuses an unknown incident, a word for an id, and md of an incident without a postmortem, saying what to do', async () => {
    await expect(runIncidentExport(env, '999999', 'md')).rejects.toMatchObject({
      code: 'vigil_incident_not_found',
      message: 'There is no incident #999999.',
    });
    await expect(runIncidentExport(env, 'latest', 'json')).rejects.toMatchObject({
      code: 'vigil_incident_not_found',
      hint: expect.stringContaining('vigil incident export 12 --format md'),
    });
    const bare = await seedPostmortemIncident(db.pool, 'bare', 'C0PMBARE');
    await expect(runIncidentExport(env, String(bare), 'md')).rejects.toMatchObject({
      code: 'vigil_postmortem_not_written',
      hint: expect.stringContaining(`/incident postmortem ${bare}`),
    });
  }, 30_000);

  it('registers `incident export <id> --format` and refuses an unknown format with the two it takes', async () => {
    const program = new Command('vigil').exitOverride().configureOutput({ writeErr: () => {} });
    addIncidentCommand(program);
    const cmd = program.commands.find((c) => c.name() === 'incident')!.commands.find((c) => c.name() === 'export')!;
    expect(cmd.options.map((o) => o.long)).toEqual(['--format']);
    expect(() => program.parse(['incident', 'export', '1', '--format', 'pdf'], { from: 'user' })).toThrow(
      /use md \(the postmortem document\) or json/,
    );
    const r = await runVigil(['incident', 'export', '1', '--format', 'pdf'], childEnv({}));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("error: option '--format <md|json>' argument 'pdf' is invalid. use md");
  }, 30_000);
});
