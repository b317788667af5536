// The page API of the local workspace (local-page-contract.ts), its files, and the page itself at GET /.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LocalDb } from './local-store.ts';
import type { RouteHandler } from '../http/create-http-server.ts';
import type { DeliveryReply, LocalDelivery } from './deliver-local-events.ts';
import { LocalApiError } from './local-api-shapes.ts';
import type {
  LocalChannel,
  LocalMessage,
  LocalMessages,
  LocalReplay,
  LocalShortcutInfo,
  LocalState,
} from './local-page-contract.ts';
import { LOCAL_BOT, LOCAL_PEOPLE } from './local-people.ts';
import {
  channelMessages,
  findFile,
  homeViewOf,
  insertMessage,
  messageCounts,
  openViewOf,
  threadMessages,
  type MessageRow,
} from './local-message-store.ts';
import { pin, react } from './local-page-marks.ts';
import { findChannel, listChannels, listUsers, type ChannelRow } from './local-store.ts';
import { parseBody, pathOf, readBody, sendJson } from './read-local-body.ts';

/** What every page says: this is not Slack. */
export const LOCAL_BANNER =
  'Local workspace: a stand-in for Slack on this computer (127.0.0.1). Nothing here reaches a real Slack workspace.';

/** The banner for a workspace served on `address` (host:port): the plain one on loopback, a warning on an address others reach. */
export function localBanner(address: string, loopback: boolean): string {
  if (loopback) return LOCAL_BANNER;
  return `Local workspace: a stand-in for Slack served on ${address}, reachable from other computers that hold its access token. Nothing here reaches a real Slack workspace.`;
}

/** Where the page's files (index.html, app.js, style.css) live. */
export const PAGE_DIR = join(dirname(fileURLToPath(import.meta.url)), 'page');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.ico': 'image/x-icon',
  '.map': 'application/json',
};

/** What the page routes read and deliver to. */
export interface LocalPageDeps {
  pool: LocalDb;
  delivery: LocalDelivery;
  /** The workspace name the page shows. */
  name: string;
  /** The banner the page shows (LOCAL_BANNER unless served beyond loopback). */
  banner?: () => string;
  /** The demo replay's state, when something runs one. */
  replay?: () => LocalState['replay'];
  /** Starts or stops the demo replay (POST /local/page/replay { speed?, from?, to? } or { stop: true }). */
  replayControl?: (body: Record<string, unknown>) => Promise<DeliveryReply>;
  pageDir?: string;
  /** The app's shortcuts (manifest.yml), for the page's menus. */
  shortcuts?: LocalShortcutInfo[];
}

/** The route for GET /, /local/page/*, /local/files/* and the page's static files under /local/. */
export function localPageRoute(deps: LocalPageDeps): RouteHandler {
  const dir = deps.pageDir ?? PAGE_DIR;
  return async (req, res) => {
    const path = pathOf(req);
    const q = new URL(req.url ?? '/', 'http://localhost').searchParams;
    if (req.method === 'GET' && (path === '/' || path === '/index.html'))
      return sendPage(res, dir, deps.banner?.() ?? LOCAL_BANNER);
    if (path.startsWith('/local/page/')) {
      try {
        if (req.method === 'GET' && path === '/local/page/state')
          sendJson(res, 200, await state(deps, q.get('user') ?? LOCAL_PEOPLE[0]!.id));
        // The replay alone (`vigil demo replay --status`): no database query, so it answers while the replay keeps the database busy.
        else if (req.method === 'GET' && path === '/local/page/replay')
          sendJson(res, 200, { ok: true, replay: deps.replay?.() ?? null } satisfies LocalReplay);
        else if (req.method === 'GET' && path === '/local/page/messages')
          sendJson(res, 200, await messages(deps, q.get('channel') ?? '', q.get('user') ?? '', q.get('thread')));
        else if (req.method === 'POST')
          sendJson(
            res,
            200,
            await post(deps, path.slice('/local/page/'.length), parseBody(await readBody(req), 'application/json')),
          );
        else
          sendJson(res, 404, { ok: false, error: `No page API at ${req.method} ${path}; see local-page-contract.ts.` });
      } catch (err) {
        if (err instanceof SyntaxError) sendJson(res, 400, { ok: false, error: 'The body must be JSON.' });
        else if (err instanceof LocalApiError) sendJson(res, 200, { ok: false, error: err.slackError });
        else throw err;
      }
      return true;
    }
    if (req.method === 'GET' && path.startsWith('/local/files/')) {
      const file = await findFile(deps.pool, decodeURIComponent(path.slice('/local/files/'.length)));
      if (!file?.bytes) sendJson(res, 404, { ok: false, error: 'file_not_found' });
      else res.writeHead(200, { 'content-type': 'image/png', 'cache-control': 'max-age=86400' }).end(file.bytes);
      return true;
    }
    // Static files: plain names only, so no path can leave the page directory.
    const name = /^\/local\/([A-Za-z0-9_-][A-Za-z0-9._-]*)$/.exec(path)?.[1];
    if (req.method === 'GET' && name && TYPES[extname(name)] && existsSync(join(dir, name))) {
      res
        .writeHead(200, { 'content-type': TYPES[extname(name)]!, 'cache-control': 'no-cache' })
        .end(readFileSync(join(dir, name)));
      return true;
    }
    return false;
  };
}

function sendPage(res: import('node:http').ServerResponse, dir: string, banner: string): true {
  const file = join(dir, 'index.html');
  let html = existsSync(file) ? readFileSync(file, 'utf8') : PLACEHOLDER;
  // Every page says it is the local workspace, whatever index.html holds.
  if (!/local workspace/i.test(html))
    html = html.replace(/<body[^>]*>/i, (b) => `${b}<div class="local-banner" role="note">${banner}</div>`);
  res
    .writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-cache',
      'x-vigil-workspace': 'local',
    })
    .end(html);
  return true;
}

const PLACEHOLDER = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>vigil · local workspace</title></head><body>
<div class="local-banner" role="note">${LOCAL_BANNER}</div>
<h1>vigil · local workspace</h1><p>The page is not built yet (src/local/page/index.html). The page API answers at
<a href="/local/page/state">/local/page/state</a>.</p></body></html>`;

async function state(deps: LocalPageDeps, user: string): Promise<LocalState> {
  const users = (await listUsers(deps.pool)).filter((u) => u.role !== 'bot');
  const counts = await messageCounts(deps.pool);
  const channels = (await listChannels(deps.pool)).filter((c) => !c.id.startsWith('D') || c.id === `D${user.slice(1)}`);
  const view = await openViewOf(deps.pool, user);
  const home = await homeViewOf(deps.pool, user);
  return {
    workspace: { name: deps.name, local: true, banner: deps.banner?.() ?? LOCAL_BANNER },
    users: users.map((u) => ({ id: u.id, name: u.name, role: u.role as 'responder' | 'manager' | 'admin' })),
    channels: channels.map((c) => pageChannel(c, counts.get(c.id) ?? 0)),
    openView: view ? { viewId: view.id, view: view.view } : null,
    shortcuts: deps.shortcuts ?? [],
    home: home ? { viewId: String(home.id ?? ''), view: home } : null,
    replay: deps.replay?.() ?? null,
  };
}

async function messages(
  deps: LocalPageDeps,
  channelRef: string,
  user: string,
  thread: string | null,
): Promise<LocalMessages> {
  const channel = (await findChannel(deps.pool, channelRef)) ?? refuse(`No channel ${channelRef}.`);
  const rows = thread
    ? await threadMessages(deps.pool, channel.id, thread, user)
    : await channelMessages(deps.pool, channel.id, user);
  const names = new Map((await listUsers(deps.pool)).map((u) => [u.id, u.name]));
  const counts = await messageCounts(deps.pool);
  return {
    channel: pageChannel(channel, counts.get(channel.id) ?? 0),
    messages: rows.map((m) => pageMessage(m, names)),
  };
}

async function post(deps: LocalPageDeps, what: string, body: Record<string, unknown>): Promise<DeliveryReply> {
  const s = (k: string) => (typeof body[k] === 'string' ? (body[k] as string) : '');
  switch (what) {
    case 'command':
      return deps.delivery.command({ user: s('user'), channel: s('channel'), text: s('text') });
    case 'action':
      return deps.delivery.action(body as never);
    case 'view':
      return deps.delivery.view({ user: s('user'), viewId: s('viewId'), values: (body.values ?? {}) as never });
    case 'message': {
      const channel = (await findChannel(deps.pool, s('channel'))) ?? refuse(`No channel ${s('channel')}.`);
      if (channel.archived) refuse('This channel is archived.');
      if (!LOCAL_PEOPLE.some((p) => p.id === s('user'))) refuse(`No local person ${s('user')}.`);
      if (!s('text').trim()) refuse('Type a message first.');
      await insertMessage(deps.pool, {
        channelId: channel.id,
        userId: s('user'),
        text: s('text'),
        threadTs: s('threadTs') || null,
      });
      return { ok: true };
    }
    case 'shortcut': {
      const known = (deps.shortcuts ?? []).find((x) => x.callbackId === s('callbackId'));
      if (!known) refuse(`The app has no shortcut ${s('callbackId')}; see manifest.yml.`);
      if (known.type === 'message' && !s('messageTs'))
        refuse(`"${known.name}" is a message shortcut: use a message's ⋯ menu.`);
      return deps.delivery.shortcut({
        user: s('user'),
        callbackId: known.callbackId,
        ...(known.type === 'message' ? { channel: s('channel'), messageTs: s('messageTs') } : {}),
      });
    }
    case 'home': {
      if (!LOCAL_PEOPLE.some((p) => p.id === s('user'))) refuse(`No local person ${s('user')}.`);
      const home = await homeViewOf(deps.pool, s('user'));
      return deps.delivery.event({
        type: 'app_home_opened',
        user: s('user'),
        channel: `D${s('user').slice(1)}`,
        tab: 'home',
        ...(home ? { view: home } : {}),
      });
    }
    case 'reaction':
      return react(deps, body);
    case 'pin':
      return pin(deps, body);
    case 'replay':
      return deps.replayControl ? deps.replayControl(body) : refuse('This vigil runs no demo replay.');
    default:
      return refuse(`No page action ${what}; see local-page-contract.ts.`);
  }
}

function pageChannel(c: ChannelRow, messages: number): LocalChannel {
  return { id: c.id, name: c.name, topic: c.topic, archived: c.archived, messages };
}

function pageMessage(m: MessageRow, names: Map<string, string>): LocalMessage {
  return {
    ts: m.ts,
    threadTs: m.threadTs,
    userId: m.userId,
    userName: names.get(m.userId) ?? (m.userId === LOCAL_BOT.userId ? LOCAL_BOT.name : m.userId),
    text: m.text,
    blocks: m.blocks,
    files: (m.files ?? []).map((f) => ({ id: f.id, title: f.title, url: `/local/files/${f.id}` })),
    ephemeralTo: m.ephemeralTo,
    replyCount: m.replyCount,
    edited: m.edited,
    pinned: m.pinned,
    reactions: m.reactions.map((r) => ({ name: r.name, count: r.users.length, users: r.users })),
  };
}

function refuse(message: string): never {
  throw new LocalApiError(message);
}
