// Each table of the bot database has one owner, the only place its SQL lives: a store module (incidents: its folder),
// and slash commands reach the database only through the narrow services, never through pg.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The owner of each table: a module, or a folder (ending in /) whose modules share it. */
const OWNERS: Record<string, string> = {
  incidents: 'src/incidents/',
  incident_events: 'src/incidents/incident-store.ts',
  audit_log: 'src/incidents/incident-store.ts',
  incident_timeline_messages: 'src/incidents/timeline-message-store.ts',
  anomalies: 'src/watch/anomaly-store.ts',
  metric_health: 'src/watch/metric-health.ts',
  metric_mutes: 'src/watch/metric-mutes.ts',
  metric_runs: 'src/scheduler/claim-run.ts',
  actions: 'src/summaries/actions-store.ts',
  digests: 'src/summaries/digest-store.ts',
  digest_claims: 'src/summaries/digest-claim-store.ts',
  metric_day_totals: 'src/summaries/cached-metric-days.ts',
  oncall_overrides: 'src/oncall/oncall-store.ts',
  playbook_runs: 'src/playbooks/playbook-run-store.ts',
  postmortems: 'src/summaries/postmortem-store.ts',
  slack_deliveries: 'src/slack/record-deliveries.ts',
  paging_deliveries: 'src/paging/paging-store.ts',
  local_channels: 'src/local/',
  local_members: 'src/local/',
  local_users: 'src/local/',
  local_messages: 'src/local/',
  local_files: 'src/local/',
  local_views: 'src/local/',
  local_home_views: 'src/local/',
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return /\.(ts|mjs|js)$/.test(e.name) && !e.name.endsWith('.d.ts') ? [path] : [];
  });
}

const files = [...sourceFiles(join(ROOT, 'src')), ...sourceFiles(join(ROOT, 'commands'))].map((f) => ({
  path: relative(ROOT, f),
  text: readFileSync(f, 'utf8'),
}));

/** SQL that reads or writes `table`: FROM, INTO, UPDATE or JOIN before its name (not `warehouse.injected_incidents`). */
const touches = (text: string, table: string) => new RegExp(`(FROM|INTO|UPDATE|JOIN)\\s+${table}\\b`, 'i').test(text);
const owns = (owner: string, path: string) => (owner.endsWith('/') ? path.startsWith(owner) : path === owner);

/** The files with SQL on `table` that are not its owner. */
function strays(table: string, sources: Array<{ path: string; text: string }> = files): string[] {
  return sources.filter((f) => touches(f.text, table) && !owns(OWNERS[table]!, f.path)).map((f) => f.path);
}

describe('the stores', () => {
  it('keeps all SQL on incidents in src/incidents/', () => {
    expect(
      files
        .filter((f) => /(FROM|INTO|UPDATE|JOIN)\s+incidents\b/.test(f.text) && !f.path.startsWith('src/incidents/'))
        .map((f) => f.path),
    ).toEqual([]);
  });

  it('keeps the SQL of every table in its owner, and each owner has it', () => {
    expect(
      Object.keys(OWNERS).flatMap((table) =>
        strays(table).map((path) => `${path} has SQL on ${table}, owned by ${OWNERS[table]}`),
      ),
    ).toEqual([]);
    expect(
      Object.keys(OWNERS).filter((table) => !files.some((f) => owns(OWNERS[table]!, f.path) && touches(f.text, table))),
    ).toEqual([]);
  });

  it('names an owner for every table the migrations create', () => {
    const dir = join(ROOT, 'src', 'db', 'migrations');
    const created = readdirSync(dir)
      .filter((f) => f.endsWith('.sql'))
      .flatMap((f) =>
        [...readFileSync(join(dir, f), 'utf8').matchAll(/CREATE TABLE (?:IF NOT EXISTS )?([a-z_]+)/gi)].map((m) =>
          m[1]!.toLowerCase(),
        ),
      );
    expect(created).toContain('incidents');
    expect(created.filter((table) => !(table in OWNERS))).toEqual([]);
  });

  it('gives commands no pg and no store module: they call the narrow services', () => {
    const commands = files.filter((f) => f.path.startsWith('commands/'));
    expect(commands.length).toBeGreaterThan(0);
    const reachesDb = (text: string) =>
      /(from\s+|import\s*\(\s*)['"](pg|pg-[^'"]*)['"]/.test(text) || /['"][^'"]*-store\.ts['"]/.test(text);
    expect(commands.filter((f) => reachesDb(f.text)).map((f) => f.path)).toEqual([]);
  });

  it('names a stray when there is one (the check itself works)', () => {
    const probe = [
      {
        path: 'src/watch/probe.ts',
        text: "await pool.query(`SELECT id\n  FROM incidents WHERE status <> 'resolved'`);",
      },
      { path: 'src/incidents/probe.ts', text: 'UPDATE incidents SET title = $2' },
      { path: 'src/demo/labels.ts', text: 'SELECT * FROM warehouse.injected_incidents' },
    ];
    expect(strays('incidents', probe)).toEqual(['src/watch/probe.ts']);
  });
});
