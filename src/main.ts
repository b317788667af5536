// The composition root: load config, open the databases, build the app, start it, shut down cleanly.
import type { AddressInfo } from 'node:net';
import type pg from 'pg';
import { buildApp } from './app/build-app.ts';
import { wireDigest } from './app/wire-digest.ts';
import { wireSlack } from './app/wire-slack.ts';
import { wireWatch } from './app/wire-watch.ts';
import type { WebClient } from '@slack/web-api';
import type { IncidentService } from './incidents/incident-service.ts';
import type { SlackApp } from './slack/build-slack-app.ts';
import { loadConfig, type Config } from './config/load-config.ts';
import { createPool } from './db/create-pool.ts';
import { openDatabase } from './db/open-database.ts';
import { createLogger, type Logger } from './logging/create-logger.ts';
import { withLocalPeople } from './local/local-people.ts';
import { createLocalWorkspace, type LocalWorkspace } from './local/local-workspace.ts';
import { applyReplayRequest, replayState } from './demo/replay-request.ts';
import { createDemoReplay, type DemoReplay } from './demo/replay-demo.ts';
import { incidentCounter } from './demo/replay-incident-count.ts';
import { runDigest } from './summaries/run-digest.ts';
import { catalogOf } from './watch/load-catalog.ts';
import { VERSION } from './version.ts';

/** Runs `vigil start` until SIGINT or SIGTERM; resolves once everything is closed. */
export async function startVigil(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  let config = loadConfig(env);
  const logger = createLogger({ level: config.logLevel });
  logger.info({ version: VERSION, config: config.configSource, timezone: config.timezone }, 'vigil starting');

  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  logger.info({ mode: db.mode, ...(db.mode === 'embedded' ? { dataDir: config.dataDir } : {}) }, 'database open');
  let warehousePool: pg.Pool = db.pool;
  const app = await (async () => {
    try {
      // A pool of its own, so slow warehouse queries never take the connections incidents and Slack need.
      warehousePool = await createPool(config.warehouseUrl ?? db.connectionString, { variable: config.warehouseUrl ? 'WAREHOUSE_URL' : 'VIGIL_DATA_DIR', max: 4 });
      return buildApp({ config, logger, pool: db.pool, warehousePool });
    } catch (err) {
      await db.close();
      throw err;
    }
  })();

  // The replay needs the evaluator, made after Slack is wired; the page reaches it through these.
  let demoReplay: DemoReplay | undefined;
  const local = config.slack.mode === 'local'
    ? createLocalWorkspace({
      config, pool: db.pool, logger,
      replay: () => replayState(demoReplay),
      replayControl: (body) => (demoReplay ? applyReplayRequest(demoReplay, body) : Promise.resolve({ ok: false, error: 'vigil is starting; try again in a moment.' })),
    })
    : undefined;
  let listening: AddressInfo | undefined;
  if (local) {
    // The local Web API is served by this process: its port must be known before the Slack client is made.
    app.addRoute(local.route);
    listening = await app.listen().catch(async (err: unknown) => {
      await app.close();
      if (warehousePool !== db.pool) await warehousePool.end().catch(() => {});
      await db.close();
      throw err;
    });
    local.listening(listening);
    config = { ...withLocalPeople(config, new Date()), slack: { ...config.slack, apiUrl: local.apiUrl() } };
  }

  let slack: SlackApp | undefined;
  let startTimers: (() => () => Promise<void>) | undefined;
  let stopTimers: () => Promise<void> = async () => {};
  let slackParts: { client: WebClient; incidents: IncidentService } | undefined;
  if (config.slack.mode !== 'off') {
    const wired = await wireSlack({ config, logger, pool: db.pool, warehouse: warehousePool, health: app.health });
    ({ slack, startTimers } = wired);
    slackParts = { client: wired.client, incidents: wired.services.incidents };
    if (slack.route) app.addRoute(slack.route);
    local?.attach(slack.app);
  }
  const scheduler = wireWatch({ config, logger, pool: db.pool, warehouse: warehousePool, slack: slackParts });
  const digests = wireDigest({ config, logger, pool: db.pool, warehouse: warehousePool, ...(slackParts ? { client: slackParts.client } : {}) });
  if (local) {
    demoReplay = createDemoReplay({
      evaluate: scheduler.evaluate, catalog: catalogOf(config), timezone: config.timezone, logger, countIncidents: incidentCounter(db.pool),
      digestAt: config.workspace.digest.daily_at,
      runDigest: async (date) => { await runDigest(digests.digestDeps, { kind: 'daily', date, mode: 'post', requestedBy: 'demo replay' }); },
    });
  }

  let stopping: Promise<void> | undefined;
  const stop = (signal: string) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting now without waiting');
      process.exit(130);
    }
    logger.info({ signal }, 'shutting down: finishing work in progress');
    stopping = (async () => {
      await demoReplay?.stop().catch((err) => logger.warn({ err }, 'the demo replay did not stop cleanly'));
      await stopTimers();
      await scheduler.stop().catch((err) => logger.warn({ err }, 'the scheduler did not stop cleanly'));
      await digests.stop().catch((err) => logger.warn({ err }, 'the digest schedule did not stop cleanly'));
      await local?.stop().catch((err) => logger.warn({ err }, 'the local workspace did not stop cleanly'));
      await slack?.stop().catch((err) => logger.warn({ err }, 'Slack did not stop cleanly'));
      await app.close();
      if (warehousePool !== db.pool) await warehousePool.end().catch(() => {});
      await db.close();
      logger.info('stopped cleanly');
    })();
    return stopping;
  };
  const done = new Promise<void>((resolve) => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void stop(signal).then(resolve));
  });

  try {
    const address = listening ?? (await app.listen());
    logger.info({ url: `http://${address.address}:${address.port}`, routes: ['/healthz', '/metrics'] }, 'http server listening');
    await app.prepare();
    await local?.prepare();
    if (!stopping) {
      announceSlack(config, logger, local);
      await slack?.start();
      if (startTimers) stopTimers = startTimers();
      scheduler.start();
      digests.start();
      logger.info('vigil is ready');
    }
  } catch (err) {
    if (stopping) return stopping;
    await stop('startup-failure');
    throw err;
  }
  await done;
}

function announceSlack(config: Config, logger: Logger, local: LocalWorkspace | undefined): void {
  if (local) {
    logger.warn(
      `Slack is off: no Slack credentials are set, so vigil serves the local workspace instead. For a real workspace set SLACK_BOT_TOKEN with SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP mode); see .env.example`,
    );
    logger.info({ url: local.pageUrl() }, `local workspace at ${local.pageUrl()}`);
    return;
  }
  if (config.slack.mode === 'off') {
    logger.warn(
      'Slack is off: no Slack credentials are set. Set SLACK_BOT_TOKEN with SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP mode); see .env.example',
    );
    return;
  }
  logger.info(
    { mode: config.slack.mode, apiUrl: config.slack.apiUrl },
    config.slack.mode === 'http' ? 'Slack in HTTP mode: POST /slack/events (signature-verified)' : 'Slack in Socket Mode',
  );
}
