// `vigil local url` and `vigil demo replay` against a running local workspace: the address with the token kept in
// the data directory, and a coded error with its next step when no bot, another bot or no local workspace answers.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDemoReplay } from '../../src/cli/run-demo-replay.ts';
import { runLocalUrl } from '../../src/cli/run-local-url.ts';
import { loadConfig } from '../../src/config/load-config.ts';
import { createLogger } from '../../src/logging/create-logger.ts';
import { createLocalWorkspace, type LocalWorkspace } from '../../src/local/local-workspace.ts';
import { ensureLocalToken } from '../../src/local/local-token.ts';

const dir = mkdtempSync(join(tmpdir(), 'vigil-local-url-'));
const yml = join(dir, 'vigil.yml');
writeFileSync(yml, 'demo:\n  seed_on_start: false\n');

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

describe('vigil local url', () => {
  let server: Server;
  let local: LocalWorkspace;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    server = createServer(
      (req, res) =>
        void (async () => {
          if (!(await local.route(req, res))) res.writeHead(404).end();
        })(),
    );
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    env = {
      VIGIL_CONFIG: yml,
      VIGIL_DATA_DIR: join(dir, 'data'),
      HOST: '127.0.0.1',
      PORT: String((server.address() as AddressInfo).port),
      LOG_LEVEL: 'silent',
    };
    // Not prepared: a bot still migrating answers 503 behind the token check, which is all these commands need.
    local = createLocalWorkspace({
      config: loadConfig(env),
      pool: {} as never,
      logger: createLogger({ level: 'silent' }),
    });
    local.listening(server.address() as AddressInfo);
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it("prints the running bot's address with the token from the data directory", async () => {
    expect(await runLocalUrl(env)).toEqual([local.pageUrl()]);
    expect(local.pageUrl()).toBe(`http://127.0.0.1:${env.PORT}/?token=${local.botToken()}`);
  });

  it('says to start the bot when none has started with this data directory, or none answers', async () => {
    await expect(runLocalUrl({ ...env, VIGIL_DATA_DIR: join(dir, 'empty') })).rejects.toMatchObject({
      code: 'vigil_local_no_bot',
      message: expect.stringContaining(join(dir, 'empty')),
      hint: expect.stringContaining('npm start'),
    });
    const port = await freePort();
    await expect(runLocalUrl({ ...env, PORT: String(port) })).rejects.toMatchObject({
      code: 'vigil_local_no_bot',
      message: `No vigil is answering at http://127.0.0.1:${port} (connection refused).`,
    });
  });

  it('says when the bot answering holds another token', async () => {
    const other = join(dir, 'other');
    ensureLocalToken(other);
    await expect(runLocalUrl({ ...env, VIGIL_DATA_DIR: other })).rejects.toMatchObject({
      code: 'vigil_local_token_mismatch',
      hint: expect.stringContaining('VIGIL_DATA_DIR'),
    });
  });

  it('says why this configuration has no local workspace', async () => {
    await expect(runLocalUrl({ ...env, HOST: '0.0.0.0' })).rejects.toMatchObject({
      code: 'vigil_local_off',
      message: expect.stringContaining('HOST=0.0.0.0'),
    });
    await expect(runLocalUrl({ ...env, VIGIL_LOCAL_WORKSPACE: 'off' })).rejects.toMatchObject({
      code: 'vigil_local_off',
      message: expect.stringContaining('VIGIL_LOCAL_WORKSPACE=off'),
    });
  });

  it('vigil demo replay sends the token too, and says when the bot refuses it', async () => {
    // The bot is not ready: past the token check the replay route answers 503, so a refusal here is the token's.
    await expect(runDemoReplay(env, { stop: true })).rejects.toMatchObject({
      code: 'vigil_replay_refused',
      message: expect.stringContaining('vigil is starting'),
    });
    await expect(runDemoReplay({ ...env, VIGIL_DATA_DIR: join(dir, 'other') }, { stop: true })).rejects.toMatchObject({
      code: 'vigil_replay_not_authed',
    });
    // --status reads GET /local/page/replay behind the same token check.
    await expect(runDemoReplay(env, { status: true })).rejects.toMatchObject({
      code: 'vigil_replay_refused',
      hint: expect.stringContaining('again in a moment'),
    });
    await expect(runDemoReplay({ ...env, VIGIL_DATA_DIR: join(dir, 'other') }, { status: true })).rejects.toMatchObject(
      { code: 'vigil_replay_not_authed' },
    );
  });
});
