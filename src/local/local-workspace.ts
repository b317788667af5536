// The local workspace put together: its Web API and page routes, its people and channels, and the Bolt app it delivers to.
import type { AddressInfo } from 'node:net';
import type { App } from '@slack/bolt';
import type pg from 'pg';
import type { Logger } from 'pino';
import type { Config } from '../config/load-config.ts';
import type { RouteHandler } from '../http/create-http-server.ts';
import { isLoopbackHost } from '../config/load-config.ts';
import { localDelivery } from './deliver-local-events.ts';
import {
  allowedHosts,
  cookieNameFor,
  interfaceAddresses,
  judgeLocalRequest,
  tokenCookie,
  type LocalAccess,
} from './guard-local-request.ts';
import type { LocalApiContext } from './local-api-shapes.ts';
import type { LocalState } from './local-page-contract.ts';
import { LOCAL_BOT } from './local-people.ts';
import { localBanner, localPageRoute } from './local-page-routes.ts';
import { seedLocalWorkspace, serialQueries } from './local-store.ts';
import { ensureLocalToken } from './local-token.ts';
import { readShortcuts } from './local-shortcuts.ts';
import { localWebApiRoute } from './local-web-api.ts';
import { pathOf, sendJson } from './read-local-body.ts';

// Triggers and response URLs kept in memory (Slack's expire in 3 s and 30 min); the oldest go first.
const REMEMBERED = 5000;

/** A local workspace: mount `route`, call `listening` once the server has a port, `attach` the Bolt app, `prepare` after migrations. */
export interface LocalWorkspace {
  route: RouteHandler;
  listening(address: AddressInfo): void;
  /** The Web API base URL for the WebClient (SLACK_API_URL of the local mode). */
  apiUrl(): string;
  /** The bot token the WebClient must send: the workspace's access token. */
  botToken(): string;
  /** The page's address, carrying the access token. */
  pageUrl(): string;
  /** Where the server listens, as other computers would reach it, when that is beyond loopback (for the start log). */
  exposedOn(): string | undefined;
  attach(app: App): void;
  prepare(): Promise<void>;
  /** Waits for delivered commands and clicks still running. */
  stop(): Promise<void>;
}

/** Builds the local workspace over the bot's database. */
export function createLocalWorkspace(deps: {
  config: Config;
  pool: pg.Pool;
  logger: Logger;
  replay?: () => LocalState['replay'];
  replayControl?: (body: Record<string, unknown>) => Promise<{ ok: boolean; error?: string }>;
}): LocalWorkspace {
  const logger = deps.logger.child({ component: 'local-workspace' });
  const token = ensureLocalToken(deps.config.dataDir);
  let base = `http://127.0.0.1:${deps.config.port}`;
  let access: LocalAccess = {
    token,
    hosts: allowedHosts(deps.config.host, deps.config.port),
    cookie: cookieNameFor(deps.config.port),
  };
  let exposed: string | undefined;
  let app: App | undefined;
  let ready = false;
  const db = serialQueries(deps.pool);
  const ctx: LocalApiContext = {
    pool: db,
    baseUrl: () => base,
    triggers: bounded(new Map()),
    responses: bounded(new Map()),
    secret: token,
  };
  const delivery = localDelivery({ app: () => app ?? notAttached(), ctx, logger });
  const api = localWebApiRoute(ctx, logger);
  const page = localPageRoute({
    pool: db,
    delivery,
    name: LOCAL_BOT.team,
    shortcuts: readShortcuts(),
    banner: () => localBanner(exposed ?? base, exposed === undefined),
    ...(deps.replay ? { replay: deps.replay } : {}),
    ...(deps.replayControl ? { replayControl: deps.replayControl } : {}),
  });
  const { channels, digest } = deps.config.workspace;
  return {
    async route(req, res) {
      const path = pathOf(req);
      if (path !== '/' && path !== '/index.html' && !path.startsWith('/local/')) return false;
      const verdict = judgeLocalRequest(req, access);
      if (!verdict.ok) {
        logger.debug({ path, method: req.method, error: verdict.error }, 'local workspace refused a request');
        if (path.startsWith('/local/'))
          sendJson(res, verdict.status, { ok: false, error: verdict.error, hint: verdict.hint });
        else
          res
            .writeHead(verdict.status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' })
            .end(`vigil local workspace: ${verdict.hint}\n`);
        return true;
      }
      // The tokened address sets the cookie, then drops the token from the address bar and history.
      if (
        req.method === 'GET' &&
        !path.startsWith('/local/') &&
        new URL(req.url ?? '/', base).searchParams.has('token')
      ) {
        res
          .writeHead(303, {
            location: '/',
            'set-cookie': tokenCookie(access),
            'cache-control': 'no-store',
            'referrer-policy': 'no-referrer',
          })
          .end();
        return true;
      }
      // Until the migrations ran there are no tables; the page itself can load and retry.
      if (!ready && /^\/local\/(api|page|files|upload|response)\//.test(path)) {
        sendJson(res, 503, { ok: false, error: 'vigil is starting; try again in a moment' });
        return true;
      }
      return (await api(req, res)) || page(req, res);
    },
    listening(address) {
      const wildcard = address.address === '0.0.0.0' || address.address === '::';
      // Reached by this process only: a wildcard bind is still reached on the loopback address.
      const host = wildcard ? '127.0.0.1' : address.family === 'IPv6' ? `[${address.address}]` : address.address;
      base = `http://${host}:${address.port}`;
      access = { token, hosts: allowedHosts(address.address, address.port), cookie: cookieNameFor(address.port) };
      const outside = wildcard
        ? interfaceAddresses().filter((a) => !isLoopbackHost(a))
        : isLoopbackHost(address.address)
          ? []
          : [address.address];
      const bound = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      exposed =
        outside.length === 0 ? undefined : `${bound}:${address.port}${wildcard ? ` (${outside.join(', ')})` : ''}`;
    },
    apiUrl: () => `${base}/local/api/`,
    botToken: () => token,
    pageUrl: () => `${base}/?token=${token}`,
    exposedOn: () => exposed,
    attach(bolt) {
      app = bolt;
    },
    async prepare() {
      await seedLocalWorkspace(db, [channels.alerts, channels.managers, channels.escalation, digest.review.channel]);
      ready = true;
    },
    stop: () => delivery.idle(),
  };
}

function bounded<V>(map: Map<string, V>): Map<string, V> {
  const set = map.set.bind(map);
  map.set = (k, v) => {
    set(k, v);
    if (map.size > REMEMBERED) map.delete(map.keys().next().value!);
    return map;
  };
  return map;
}

function notAttached(): never {
  throw new Error('the local workspace has no Bolt app attached yet');
}
