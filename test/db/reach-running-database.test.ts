// CLI commands beside the running bot: a data directory held by a live vigil is reached through the database
// server it records, as one more client, and refused (vigil_data_dir_locked) when that server does not answer.
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { ADDRESS_FILE } from '../../src/db/data-dir-address.ts';
import { LOCK_FILE } from '../../src/db/data-dir-lock.ts';
import { openDatabase, type Database } from '../../src/db/open-database.ts';
import { heldDataDir } from '../helpers/held-data-dir.ts';
import { childEnv, runNode } from '../helpers/run-vigil.ts';
import { mixedQueries } from '../helpers/mixed-queries.ts';

const RUN_TS = fileURLToPath(new URL('../../bin/run-ts.mjs', import.meta.url));
const CHILD = fileURLToPath(new URL('../helpers/open-beside-running.ts', import.meta.url));
const freshDir = () => mkdtempSync(join(tmpdir(), 'vigil-beside-'));
const opened: Database[] = [];
const open = async (opts: Parameters<typeof openDatabase>[0]) => {
  const db = await openDatabase(opts);
  opened.push(db);
  return db;
};

afterEach(async () => {
  for (const db of opened.splice(0)) await db.close().catch(() => {});
});

const runChild = (dataDir: string) => runNode([RUN_TS, CHILD, dataDir], childEnv({}));

describe('the embedded server address', () => {
  it('is recorded owner-only beside the lock while the server runs, and removed when it stops', async () => {
    const dir = freshDir();
    const db = await open({ dataDir: dir });
    const path = join(dir, ADDRESS_FILE);
    expect(readFileSync(path, 'utf8')).toBe(`${process.pid} ${new URL(db.connectionString).host}\n`);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    await db.close();
    expect(existsSync(path)).toBe(false);
  });
});

describe('a CLI command beside the running bot', () => {
  it("uses the bot's server from another process: the same data, both pools busy at once, every query answered right", async () => {
    const dir = freshDir();
    const bot = await open({ dataDir: dir });
    await bot.pool.query('CREATE TABLE shared (v text)');
    await bot.pool.query("INSERT INTO shared VALUES ('from the bot')");

    // The bot keeps its pool busy for as long as the other process runs.
    let childDone = false;
    const child = runChild(dir).finally(() => (childDone = true));
    const botProblems: string[] = [];
    let rounds = 0;
    while (!childDone && botProblems.length === 0) {
      botProblems.push(...(await mixedQueries(bot.pool, 'bot', 30)));
      rounds += 1;
    }
    const result = await child;

    expect(result.stderr).toContain(
      `using the database of the running vigil (PID ${process.pid}) at ${new URL(bot.connectionString).host}`,
    );
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as { mode: string; servedBy: number; seen: string[]; problems: string[] };
    expect(report).toEqual({ mode: 'embedded', servedBy: process.pid, seen: ['from the bot'], problems: [] });
    expect(botProblems).toEqual([]);
    expect(rounds).toBeGreaterThan(0);
    // The other process wrote to the same database, and closing its pool left the bot's server running and its lock held.
    const { rows } = await bot.pool.query('SELECT v FROM shared ORDER BY v');
    expect(rows.map((r) => r.v)).toEqual(['cli 1', 'cli 2', 'cli 3', 'from the bot']);
    expect(readFileSync(join(dir, LOCK_FILE), 'utf8').trim()).toBe(String(process.pid));
  }, 180_000);

  it('uses a recorded server that answers, says so, and leaves it running on close', async () => {
    const server = await open({});
    const address = new URL(server.connectionString).host;
    const dir = heldDataDir(address);
    const lines: string[] = [];
    const db = await openDatabase({ dataDir: dir, onRunning: (line) => lines.push(line) });
    expect(db).toMatchObject({ mode: 'embedded', servedBy: process.ppid, connectionString: server.connectionString });
    expect(lines).toEqual([`using the database of the running vigil (PID ${process.ppid}) at ${address}`]);
    expect((await db.pool.query('SELECT 41 + 1 AS n')).rows).toEqual([{ n: 42 }]);
    await db.close();
    expect((await server.pool.query('SELECT 1 AS n')).rows).toEqual([{ n: 1 }]);
    expect(readFileSync(join(dir, LOCK_FILE), 'utf8').trim()).toBe(String(process.ppid));
  });

  it('keeps the refusal, with its next step, when the recorded server does not answer', async () => {
    const dir = heldDataDir('127.0.0.1:1');
    await expect(openDatabase({ dataDir: dir, onRunning: () => {} })).rejects.toMatchObject({
      code: 'vigil_data_dir_locked',
      message: expect.stringMatching(
        new RegExp(
          `already in use by PID ${process.ppid} \\(its database at 127\\.0\\.0\\.1:1 did not answer: ECONNREFUSED\\)\\.$`,
        ),
      ),
      hint: expect.stringContaining('VIGIL_DATA_DIR'),
    });
  });

  it("keeps the refusal when no address is recorded, or it is an earlier process's", async () => {
    const server = await open({});
    const stale = heldDataDir(new URL(server.connectionString).host, 2147483646);
    writeFileSync(join(stale, LOCK_FILE), `${process.ppid}\n`);
    const none = freshDir();
    writeFileSync(join(none, LOCK_FILE), `${process.ppid}\n`);
    for (const dir of [stale, none]) {
      await expect(openDatabase({ dataDir: dir, onRunning: () => {} })).rejects.toMatchObject({
        code: 'vigil_data_dir_locked',
        message: expect.stringContaining('recorded no database address'),
      });
    }
  });

  it('is refused without onRunning, as a second bot is, even when the server answers', async () => {
    const server = await open({});
    const dir = heldDataDir(new URL(server.connectionString).host);
    await expect(openDatabase({ dataDir: dir })).rejects.toMatchObject({
      code: 'vigil_data_dir_locked',
      message: `The data directory ${dir} is already in use by PID ${process.ppid}.`,
    });
  });

  it('is refused in the process that holds the directory itself', async () => {
    const dir = freshDir();
    await open({ dataDir: dir });
    await expect(openDatabase({ dataDir: dir, onRunning: () => {} })).rejects.toMatchObject({
      code: 'vigil_data_dir_locked',
    });
  });
});
