// Builds vigil from its dependencies without starting anything: main.ts starts it, tests build it.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type pg from 'pg';
import type { Logger } from 'pino';
import type { Config } from '../config/load-config.ts';
import { migrate, type MigrateResult } from '../db/migrate.ts';
import { createHealthCheck } from '../http/check-health.ts';
import { createHttpServer, type RouteHandler } from '../http/create-http-server.ts';
import { createMetrics, type VigilMetrics } from '../observability/create-metrics.ts';
import { VERSION } from '../version.ts';
import { ensureDemoWarehouse } from './ensure-demo-warehouse.ts';

/** What the app is built from. */
export interface AppDeps {
  config: Config;
  logger: Logger;
  pool: pg.Pool;
  /** The warehouse the metrics come from: WAREHOUSE_URL's pool, or the bot's own pool. */
  warehousePool: pg.Pool;
  clock?: () => Date;
  /** Extra HTTP routes, e.g. Slack's POST /slack/events in HTTP mode. */
  routes?: RouteHandler[];
}

/** A built app: prepare (migrate, seed), listen, close. */
export interface App {
  server: Server;
  metrics: VigilMetrics;
  /** The /healthz body now. */
  health(): Promise<import('../http/check-health.ts').Health>;
  /** Migrations, then the demo warehouse when it is empty; /healthz reports "starting" until done. */
  prepare(): Promise<{ migrations: MigrateResult; warehouse: string }>;
  listen(): Promise<AddressInfo>;
  /** From now on /healthz answers 503 "stopping": the shutdown has begun. */
  beginStop(): void;
  /** Mounts a route after building (the Slack app needs the app's health check first). */
  addRoute(route: RouteHandler): void;
  close(): Promise<void>;
}

/** Wires the HTTP server, metrics and start-up steps around the given pools. */
export function buildApp(deps: AppDeps): App {
  const { config, logger, pool } = deps;
  const clock = deps.clock ?? (() => new Date());
  const metrics = createMetrics();
  let ready = false;
  let stopping = false;
  // Closing the app stops a first-start seeding at its next day boundary instead of waiting for it.
  const closing = new AbortController();
  let warehouse = 'pending';
  const check = createHealthCheck(pool);
  const health = () => check({ version: VERSION, ready, stopping, warehouse });
  const routes = deps.routes ?? [];
  const server = createHttpServer({ logger, metrics, health, routes });

  return {
    server,
    metrics,
    health,
    beginStop() {
      stopping = true;
    },
    addRoute(route: RouteHandler) {
      routes.push(route);
    },
    async prepare() {
      const migrations = await migrate(pool);
      check.answered();
      metrics.migrationsApplied.inc(migrations.applied.length);
      logger.info({ applied: migrations.applied, alreadyApplied: migrations.alreadyApplied }, 'database migrated');
      warehouse = 'checking';
      const result = await ensureDemoWarehouse({
        pool: deps.warehousePool,
        external: config.warehouseUrl !== undefined,
        demo: config.workspace.demo,
        end: clock(),
        logger,
        signal: closing.signal,
        onSeedStart: () => {
          warehouse = 'seeding';
        },
      });
      if (result.seededSeconds !== undefined) metrics.demoSeedSeconds.set(result.seededSeconds);
      warehouse = result.state;
      ready = true;
      return { migrations, warehouse };
    },
    listen() {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(config.port, config.host, () => {
          server.off('error', reject);
          resolve(server.address() as AddressInfo);
        });
      });
    },
    async close() {
      closing.abort();
      server.closeIdleConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
