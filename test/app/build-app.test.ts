import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app/build-app.ts';
import { loadConfig } from '../../src/config/load-config.ts';
import { createLogger } from '../../src/logging/create-logger.ts';
import { openTestDatabase, testDatabaseKinds } from '../helpers/test-database.ts';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function configWithoutDemoSeed() {
  const path = join(mkdtempSync(join(tmpdir(), 'vigil-app-')), 'vigil.yml');
  writeFileSync(path, 'demo:\n  seed_on_start: false\n');
  return loadConfig({ VIGIL_CONFIG: path, PORT: '0', LOG_LEVEL: 'silent' });
}

describe.each(testDatabaseKinds)('buildApp on %s', (kind) => {
  it('reports starting until prepared, ok after, and 503 once the database is gone', async () => {
    const db = await openTestDatabase(kind);
    const config = configWithoutDemoSeed();
    const app = buildApp({ config, logger: createLogger({ level: 'silent' }), pool: db.pool, warehousePool: db.pool });
    const { port } = (await app.listen()) as AddressInfo;
    const healthz = async () => {
      const res = await fetch(`http://127.0.0.1:${port}/healthz`);
      return { status: res.status, body: await res.json() };
    };
    try {
      expect(await healthz()).toMatchObject({ status: 503, body: { status: 'starting', database: 'ok' } });
      const prepared = await app.prepare();
      expect(prepared.warehouse).toBe('empty');
      expect(prepared.migrations.applied).toContain('0001_bot_state');
      expect(await healthz()).toMatchObject({
        status: 200,
        body: { status: 'ok', database: 'ok', warehouse: 'empty' },
      });

      await db.close();
      expect(await healthz()).toMatchObject({ status: 503, body: { status: 'error', database: 'unreachable' } });
    } finally {
      await app.close();
    }
  });
});
