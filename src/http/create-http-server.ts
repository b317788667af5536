// The HTTP surface: /healthz and /metrics now; Slack's HTTP receiver mounts here later.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { VigilMetrics } from '../observability/create-metrics.ts';
import type { Health } from './check-health.ts';

/** A route handler; returning false passes the request on. */
export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => Promise<boolean> | boolean;

/** What the server needs: how to judge health, the metrics registry, extra routes. */
export interface HttpDeps {
  health: () => Promise<Health>;
  metrics: VigilMetrics;
  logger: Logger;
  routes?: RouteHandler[];
}

/** Builds (does not start) the HTTP server. */
export function createHttpServer(deps: HttpDeps): Server {
  return createServer((req, res) => {
    handle(deps, req, res).catch((err) => {
      deps.logger.error({ err, url: req.url }, 'http handler failed');
      if (!res.headersSent) send(res, 500, 'application/json', JSON.stringify({ error: 'internal error' }));
    });
  });
}

async function handle(deps: HttpDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = new URL(req.url ?? '/', 'http://localhost').pathname;
  const route = path === '/healthz' || path === '/metrics' ? path : 'other';
  res.on('finish', () => deps.metrics.httpRequests.inc({ route, status: String(res.statusCode) }));

  if (req.method === 'GET' && path === '/healthz') {
    const health = await deps.health();
    deps.metrics.databaseUp.set(health.database === 'ok' ? 1 : 0);
    return send(res, health.status === 'ok' ? 200 : 503, 'application/json', JSON.stringify(health));
  }
  if (req.method === 'GET' && path === '/metrics') {
    // Checked at scrape time, so the gauge is never older than the scrape.
    deps.metrics.databaseUp.set((await deps.health()).database === 'ok' ? 1 : 0);
    return send(res, 200, deps.metrics.registry.contentType, await deps.metrics.registry.metrics());
  }
  for (const routeHandler of deps.routes ?? []) {
    if (await routeHandler(req, res)) return;
  }
  send(res, 404, 'application/json', JSON.stringify({ error: 'not found', routes: ['GET /healthz', 'GET /metrics'] }));
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(body);
}
