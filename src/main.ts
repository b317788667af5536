// The composition root: load config, open the databases, build the app, start it, shut down cleanly.
import type { AddressInfo } from 'node:net';
import type pg from 'pg';
import { buildApp } from './app/build-app.ts';
import { wireDigest } from './app/wire-digest.ts';
import { wireSlack } from './app/wire-slack.ts';
import { wireWatch } from './app/wire-watch.ts';
import type { WebClient } from '@slack/web-api';
import { incidentServiceWithoutSlack, type IncidentService } from './incidents/incident-service.ts';
import { createIncidentPaging } from './paging/create-incident-paging.ts';
import { pagingProvidersOf } from './paging/paging-providers-of.ts';
import { durationMs } from './detect/judge-spec.ts';
import type { SlackApp } from './slack/build-slack-app.ts';
import { slackWorkDeadline } from './slack/slack-shutdown.ts';
import { loadConfig, type Config } from './config/load-config.ts';
import { createPool } from './db/create-pool.ts';
import { openDatabase } from './db/open-database.ts';
import { createLogger, type Logger } from './logging/create-logger.ts';
import { redactUrls } from './logging/redact-urls.ts';
import { withLocalPeople } from './local/local-people.ts';
import { createLocalWorkspace, type LocalWorkspace } from './local/local-workspace.ts';
import { applyReplayRequest, replayState } from './demo/replay-request.ts';
import { createDemoReplay, type DemoReplay } from './demo/replay-demo.ts';
import { incidentCounter } from './demo/replay-incident-count.ts';
import { runDigest } from './summaries/run-digest.ts';
import { catalogOf } from './metrics/load-catalog.ts';
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
      warehousePool = await createPool(config.warehouseUrl ?? db.connectionString, {
        variable: config.warehouseUrl ? 'WAREHOUSE_URL' : 'VIGIL_DATA_DIR',
        max: 4,
      });
      return buildApp({ config, logger, pool: db.pool, warehousePool });
    } catch (err) {
      await db.close();
      throw err;
    }
  })();

  // The replay needs the evaluator, made after Slack is wired; the page reaches it through these.
  let demoReplay: DemoReplay | undefined;
  const local =
    config.slack.mode === 'local'
      ? createLocalWorkspace({
          config,
          pool: db.pool,
          logger,
          replay: () => replayState(demoReplay),
          replayControl: (body) =>
            demoReplay
              ? applyReplayRequest(demoReplay, body)
              : Promise.resolve({ ok: false, error: 'vigil is starting; try again in a moment.' }),
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
    // The local Web API takes the workspace's access token as the bot token.
    config = {
      ...withLocalPeople(config, new Date()),
      slack: { ...config.slack, apiUrl: local.apiUrl(), botToken: local.botToken() },
    };
  }

  let slack: SlackApp | undefined;
  let startTimers: (() => () => Promise<void>) | undefined;
  let stopTimers: () => Promise<void> = async () => {};
  let client: WebClient | undefined;
  let incidents: IncidentService | undefined;
  if (config.slack.mode !== 'off') {
    const wired = await wireSlack({ config, logger, pool: db.pool, warehouse: warehousePool, health: app.health });
    ({ slack, startTimers, client } = wired);
    incidents = wired.services.incidents;
    if (slack.route) app.addRoute(slack.route);
    local?.attach(slack.app);
  }
  // One incident service whichever way Slack is: without Slack its notifier does nothing.
  incidents ??= incidentServiceWithoutSlack({
    pool: db.pool,
    logger: logger.child({ component: 'incidents' }),
    timezone: config.timezone,
    reopenWithinMs: durationMs(config.workspace.incidents.reopen_within),
    // Without Slack the paging services (when configured) still hear of each incident; failures are logged.
    paging: createIncidentPaging({
      pool: db.pool,
      logger: logger.child({ component: 'paging' }),
      clock: () => new Date(),
      providers: pagingProvidersOf(config),
      say: async () => {},
    }),
  });
  const scheduler = wireWatch({
    config,
    logger,
    pool: db.pool,
    warehouse: warehousePool,
    incidents,
    ...(client ? { client } : {}),
  });
  const digests = wireDigest({
    config,
    logger,
    pool: db.pool,
    warehouse: warehousePool,
    ...(client ? { client } : {}),
  });
  if (local) {
    demoReplay = createDemoReplay({
      evaluate: scheduler.evaluate,
      catalog: catalogOf(config),
      timezone: config.timezone,
      logger,
      countIncidents: incidentCounter(db.pool),
      digestAt: config.workspace.digest.daily_at,
      runDigest: async (date) => {
        await runDigest(digests.digestDeps, { kind: 'daily', date, mode: 'post', requestedBy: 'demo replay' });
      },
    });
  }

  let stopping: Promise<void> | undefined;
  const stop = (signal: string) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting now without waiting');
      process.exit(130);
    }
    // One grace period for everything; new Slack work is refused from now on (told to try again).
    const deadline = Date.now() + config.shutdownGraceMs;
    slack?.beginStop();
    app.beginStop();
    logger.info({ signal, graceSeconds: config.shutdownGraceMs / 1000 }, 'shutting down: finishing work in progress');
    stopping = (async () => {
      const by = (what: string, work: Promise<unknown> | undefined) => finishBy(deadline, what, work, logger);
      await Promise.all([
        by('the demo replay', demoReplay?.stop()),
        by('the escalation timer', stopTimers()),
        by('the scheduler', scheduler.stop()),
        by('the digest schedule', digests.stop()),
        by('the local workspace', local?.stop()),
        // Slack work stops early enough for its users to be told before the deadline (their replies need the process).
        by('Slack', slack?.stop(slackWorkDeadline(deadline))),
      ]);
      // The pool closes only now: all work that uses it has finished or been given up (its users told).
      await app.close();
      if (warehousePool !== db.pool) await warehousePool.end().catch(() => {});
      await db.close();
      logger.info('stopped cleanly');
      // Work given up at the deadline may still hold a socket or timer: it must not keep the process alive, nor
      // run on against closed pools. Unreferenced, so a process with nothing left exits on its own first.
      setTimeout(() => process.exit(), 0).unref();
    })();
    return stopping;
  };
  const done = new Promise<void>((resolve) => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void stop(signal).then(resolve));
  });

  try {
    const address = listening ?? (await app.listen());
    logger.info(
      { url: `http://${address.address}:${address.port}`, routes: ['/healthz', '/metrics'] },
      'http server listening',
    );
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

// Waits for `work` until `deadline`; past it, logs what was left running and goes on with the shutdown.
async function finishBy(
  deadline: number,
  what: string,
  work: Promise<unknown> | undefined,
  logger: Logger,
): Promise<void> {
  if (!work) return;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>(
    (resolve) => (timer = setTimeout(() => resolve('late'), Math.max(0, deadline - Date.now()))),
  );
  const outcome = await Promise.race([
    work.then(
      () => 'done' as const,
      (err: unknown) => {
        logger.warn({ err }, `${what} did not stop cleanly`);
        return 'done' as const;
      },
    ),
    late,
  ]);
  clearTimeout(timer);
  if (outcome === 'late')
    logger.warn(`${what} was still running at the end of the shutdown grace period (VIGIL_SHUTDOWN_GRACE); gave it up`);
}

function announceSlack(config: Config, logger: Logger, local: LocalWorkspace | undefined): void {
  if (local) {
    logger.warn(
      `Slack is off: no Slack credentials are set, so vigil serves the local workspace instead. For a real workspace set SLACK_BOT_TOKEN with SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP mode); see .env.example`,
    );
    logger.info({ url: local.pageUrl() }, `local workspace at ${local.pageUrl()}`);
    const exposed = local.exposedOn();
    if (exposed)
      logger.warn(
        { listening: exposed },
        `the local workspace is served on ${exposed}: anyone there who holds its access token (\`vigil local url\`) can act as any local person`,
      );
    return;
  }
  if (config.slack.mode === 'off') {
    logger.warn(
      `Slack is off: no Slack credentials are set${config.slack.localOff ? `, and ${config.slack.localOff}` : ''}. Set SLACK_BOT_TOKEN with SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP mode); see .env.example`,
    );
    return;
  }
  logger.info(
    { mode: config.slack.mode, apiUrl: redactUrls(config.slack.apiUrl) },
    config.slack.mode === 'http'
      ? 'Slack in HTTP mode: POST /slack/events (signature-verified)'
      : 'Slack in Socket Mode',
  );
}
