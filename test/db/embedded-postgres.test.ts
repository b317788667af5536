import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LOCK_FILE } from '../../src/db/data-dir-lock.ts';
import { openDatabase } from '../../src/db/open-database.ts';

const freshDir = () => mkdtempSync(join(tmpdir(), 'vigil-data-'));

describe('embedded database', () => {
  it('persists data in the directory across restarts', async () => {
    const dir = freshDir();
    const first = await openDatabase({ dataDir: dir });
    expect(first.mode).toBe('embedded');
    await first.pool.query('CREATE TABLE kept (v text)');
    await first.pool.query("INSERT INTO kept VALUES ('still here')");
    await first.close();

    const second = await openDatabase({ dataDir: dir });
    const { rows } = await second.pool.query('SELECT v FROM kept');
    expect(rows).toEqual([{ v: 'still here' }]);
    await second.close();
  });

  it('holds a PID lock while open and releases it on close', async () => {
    const dir = freshDir();
    const db = await openDatabase({ dataDir: dir });
    expect(readFileSync(join(dir, LOCK_FILE), 'utf8').trim()).toBe(String(process.pid));
    await expect(openDatabase({ dataDir: dir })).rejects.toMatchObject({
      code: 'vigil_data_dir_locked',
      message: expect.stringContaining(`already in use by PID ${process.pid}`),
    });
    await db.close();
    expect(() => readFileSync(join(dir, LOCK_FILE))).toThrow();
    const again = await openDatabase({ dataDir: dir });
    await again.close();
  });

  it('takes over a lock left by a process that no longer exists', async () => {
    const dir = freshDir();
    writeFileSync(join(dir, LOCK_FILE), '2147483646\n');
    const db = await openDatabase({ dataDir: dir });
    expect(readFileSync(join(dir, LOCK_FILE), 'utf8').trim()).toBe(String(process.pid));
    await db.close();
  });

  it('explains a data directory it cannot create', async () => {
    const file = join(freshDir(), 'not-a-dir');
    writeFileSync(file, 'x');
    await expect(openDatabase({ dataDir: join(file, 'data') })).rejects.toMatchObject({
      code: 'vigil_data_dir_unwritable',
      hint: expect.stringContaining('VIGIL_DATA_DIR'),
    });
  });
});

describe('database at a URL', () => {
  it('reports an unreachable server with the variable to fix', async () => {
    await expect(openDatabase({ databaseUrl: 'postgres://postgres@127.0.0.1:1/nothing' })).rejects.toMatchObject({
      code: 'vigil_db_unreachable',
      message: expect.stringContaining('127.0.0.1:1/nothing (connection refused)'),
      hint: expect.stringContaining('DATABASE_URL'),
    });
  });
});
