import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.ts';
import { VigilError } from '../../src/errors.ts';

function yml(text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'vigil-config-')), 'vigil.yml');
  writeFileSync(path, text);
  return path;
}

function problemsOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(VigilError);
    expect((err as VigilError).code).toBe('vigil_config_invalid');
    return (err as VigilError).message;
  }
  throw new Error('expected loadConfig to throw');
}

const SIGNING_SECRET = '0123456789abcdef0123456789abcdef';

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const config = loadConfig({ VIGIL_CONFIG: yml('') });
    expect(config).toMatchObject({
      databaseUrl: undefined,
      port: 3000,
      host: '127.0.0.1',
      logLevel: 'info',
      timezone: 'Asia/Singapore',
      slack: { mode: 'local', botToken: 'xoxb-local', apiUrl: 'http://127.0.0.1:3000/local/api/' },
      openai: { model: 'gpt-4.1-mini', timeoutMs: 20_000 },
      workspace: { channels: { alerts: 'gne-alerts' }, demo: { seed_on_start: true, days: 120, seed: 1 } },
    });
    expect(config.dataDir).toBe(join(process.cwd(), '.vigil'));
  });

  it('refuses credentials inside SLACK_API_URL without repeating them', () => {
    for (const url of ['https://user:s3cret-pw@proxy.example/api/', 'https://s3cret-pw@proxy.example/api/']) {
      const message = problemsOf(() =>
        loadConfig({
          VIGIL_CONFIG: yml(''),
          SLACK_BOT_TOKEN: 'xoxb-1',
          SLACK_SIGNING_SECRET: SIGNING_SECRET,
          SLACK_API_URL: url,
        }),
      );
      expect(message).toContain('SLACK_API_URL: must not carry a user name or password');
      expect(message).not.toContain('s3cret');
    }
  });

  it('reads every documented variable', () => {
    const config = loadConfig({
      VIGIL_CONFIG: yml('channels:\n  alerts: "#risk-alerts"\n'),
      DATABASE_URL: 'postgres://u:p@db:5432/vigil',
      WAREHOUSE_URL: 'postgresql://ro@dwh/analytics',
      VIGIL_DATA_DIR: '/var/lib/vigil',
      SLACK_BOT_TOKEN: 'xoxb-1-2-3',
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: 'https://slack-gov.com/api',
      OPENAI_API_KEY: 'k',
      OPENAI_BASE_URL: 'http://localhost:11434/v1',
      VIGIL_LLM_MODEL: 'llama3',
      VIGIL_LLM_TIMEOUT: '7.5',
      PORT: '8080',
      LOG_LEVEL: 'debug',
      VIGIL_TIMEZONE: 'Asia/Jakarta',
    });
    expect(config).toMatchObject({
      databaseUrl: 'postgres://u:p@db:5432/vigil',
      warehouseUrl: 'postgresql://ro@dwh/analytics',
      dataDir: '/var/lib/vigil',
      slack: { mode: 'http', botToken: 'xoxb-1-2-3', apiUrl: 'https://slack-gov.com/api/' },
      openai: { apiKey: 'k', baseUrl: 'http://localhost:11434/v1', model: 'llama3', timeoutMs: 7500 },
      port: 8080,
      logLevel: 'debug',
      timezone: 'Asia/Jakarta',
      workspace: { channels: { alerts: '#risk-alerts' } },
    });
  });

  it('chooses Socket Mode when an app token is set', () => {
    const config = loadConfig({
      VIGIL_CONFIG: yml(''),
      SLACK_BOT_TOKEN: 'xoxb-1',
      SLACK_APP_TOKEN: 'xapp-1',
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
    });
    expect(config.slack.mode).toBe('socket');
  });

  it('runs the local workspace only without Slack credentials, and not when turned off', () => {
    expect(loadConfig({ VIGIL_CONFIG: yml(''), PORT: '8080' }).slack).toEqual({
      mode: 'local',
      botToken: 'xoxb-local',
      apiUrl: 'http://127.0.0.1:8080/local/api/',
    });
    expect(loadConfig({ VIGIL_CONFIG: yml(''), VIGIL_LOCAL_WORKSPACE: 'off' }).slack.mode).toBe('off');
    const withSlack = loadConfig({
      VIGIL_CONFIG: yml(''),
      SLACK_BOT_TOKEN: 'xoxb-1',
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      VIGIL_LOCAL_WORKSPACE: 'on',
    });
    expect(withSlack.slack).toMatchObject({ mode: 'http', botToken: 'xoxb-1', apiUrl: 'https://slack.com/api/' });
    expect(problemsOf(() => loadConfig({ VIGIL_CONFIG: yml(''), VIGIL_LOCAL_WORKSPACE: 'maybe' }))).toMatch(
      /VIGIL_LOCAL_WORKSPACE: must be auto, on or off/,
    );
  });

  it('keeps the local workspace off on a HOST other computers reach unless it is turned on', () => {
    const wide = loadConfig({ VIGIL_CONFIG: yml(''), HOST: '0.0.0.0' }).slack;
    expect(wide.mode).toBe('off');
    expect(wide.localOff).toMatch(/HOST=0\.0\.0\.0 .*VIGIL_LOCAL_WORKSPACE=on/);
    expect(loadConfig({ VIGIL_CONFIG: yml(''), HOST: '0.0.0.0', VIGIL_LOCAL_WORKSPACE: 'on' }).slack.mode).toBe(
      'local',
    );
    expect(
      loadConfig({ VIGIL_CONFIG: yml(''), HOST: '0.0.0.0', VIGIL_LOCAL_WORKSPACE: 'off' }).slack,
    ).not.toHaveProperty('localOff');
    for (const host of ['127.0.0.1', 'localhost', '::1', '127.0.0.2'])
      expect(loadConfig({ VIGIL_CONFIG: yml(''), HOST: host }).slack.mode).toBe('local');
  });

  it('takes VIGIL_SHUTDOWN_GRACE in seconds (25 by default) and refuses what is not a number of seconds', () => {
    expect(loadConfig({ VIGIL_CONFIG: yml('') }).shutdownGraceMs).toBe(25_000);
    expect(loadConfig({ VIGIL_CONFIG: yml(''), VIGIL_SHUTDOWN_GRACE: '7.5' }).shutdownGraceMs).toBe(7500);
    expect(problemsOf(() => loadConfig({ VIGIL_CONFIG: yml(''), VIGIL_SHUTDOWN_GRACE: '25s' }))).toContain(
      'VIGIL_SHUTDOWN_GRACE: must be a number of seconds such as 25',
    );
    expect(problemsOf(() => loadConfig({ VIGIL_CONFIG: yml(''), VIGIL_SHUTDOWN_GRACE: '-1' }))).toContain(
      'VIGIL_SHUTDOWN_GRACE: must be 0 or more seconds',
    );
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ VIGIL_CONFIG: yml(''), DATABASE_URL: '', PORT: '' })).toMatchObject({
      databaseUrl: undefined,
      port: 3000,
    });
  });

  it('lists every problem in env and vigil.yml at once, each with its fix', () => {
    const message = problemsOf(() =>
      loadConfig({
        VIGIL_CONFIG: yml('demo:\n  days: 3\nchanels:\n  alerts: x\n'),
        DATABASE_URL: 'mysql://root@db/x',
        PORT: '99999',
        VIGIL_TIMEZONE: 'Mars/Olympus',
        SLACK_BOT_TOKEN: 'xoxp-user-token',
      }),
    );
    expect(message).toContain('6 problems');
    expect(message).toMatch(/DATABASE_URL: must be a PostgreSQL URL such as postgres:\/\//);
    expect(message).toMatch(/PORT: must be between 0 and 65535/);
    expect(message).toMatch(/VIGIL_TIMEZONE: must be an IANA time zone/);
    expect(message).toMatch(/SLACK_BOT_TOKEN: must be a bot token starting with xoxb-/);
    expect(message).toMatch(/vigil\.yml:2: demo\.days: .*>=35/);
    expect(message).toMatch(/vigil\.yml:3: unknown key 'chanels'/);
  });

  it('points at the line of a YAML syntax error', () => {
    const message = problemsOf(() => loadConfig({ VIGIL_CONFIG: yml('channels:\n  alerts: a\n  alerts: b\n') }));
    expect(message).toMatch(/vigil\.yml:3: invalid YAML: Map keys must be unique/);
  });

  it('takes scorecard ids from the catalog, naming the line of an unknown one and the ids there are', () => {
    expect(
      loadConfig({ VIGIL_CONFIG: yml('digest:\n  scorecard: [order_volume, refund_rate]\n') }).workspace.digest
        .scorecard,
    ).toEqual(['order_volume', 'refund_rate']);
    const message = problemsOf(() =>
      loadConfig({ VIGIL_CONFIG: yml('digest:\n  scorecard:\n    - refund_rate\n    - refund_ratio\n') }),
    );
    expect(message).toMatch(
      /vigil\.yml:4: digest\.scorecard\.1: there is no metric "refund_ratio" in the catalog; use one of refund_rate, /,
    );
  });

  it('reopens incidents resolved within incidents.reopen_within, 24h unless set, and refuses what is not a duration', () => {
    expect(loadConfig({ VIGIL_CONFIG: yml('') }).workspace.incidents.reopen_within).toBe('24h');
    expect(
      loadConfig({ VIGIL_CONFIG: yml('incidents:\n  reopen_within: 2d\n') }).workspace.incidents.reopen_within,
    ).toBe('2d');
    expect(problemsOf(() => loadConfig({ VIGIL_CONFIG: yml('incidents:\n  reopen_within: a day\n') }))).toMatch(
      /incidents\.reopen_within: a duration such as 90m, 24h or 2d/,
    );
  });

  it('reads incidents.timeline_emoji: pushpin unless set, colons dropped, and refuses what is not an emoji name', () => {
    const emoji = (text: string) => loadConfig({ VIGIL_CONFIG: yml(text) }).workspace.incidents.timeline_emoji;
    expect(emoji('')).toBe('pushpin');
    expect(emoji('incidents:\n  timeline_emoji: ":round_pushpin:"\n')).toBe('round_pushpin');
    expect(problemsOf(() => loadConfig({ VIGIL_CONFIG: yml('incidents:\n  timeline_emoji: "a pin"\n') }))).toMatch(
      /incidents\.timeline_emoji: an emoji name such as pushpin/,
    );
  });

  it('refuses half-configured Slack', () => {
    expect(problemsOf(() => loadConfig({ VIGIL_CONFIG: yml(''), SLACK_APP_TOKEN: 'xapp-1' }))).toMatch(
      /SLACK_BOT_TOKEN: required/,
    );
    expect(problemsOf(() => loadConfig({ VIGIL_CONFIG: yml(''), SLACK_BOT_TOKEN: 'xoxb-1' }))).toMatch(
      /SLACK_APP_TOKEN or SLACK_SIGNING_SECRET/,
    );
  });

  it('reports a VIGIL_CONFIG that does not exist', () => {
    expect(problemsOf(() => loadConfig({ VIGIL_CONFIG: '/nonexistent/vigil.yml' }))).toMatch(
      /VIGIL_CONFIG: \/nonexistent\/vigil\.yml does not exist/,
    );
  });
});
