// Who may use the local workspace: requests naming an allowed Host, from the page's own origin (or none),
// holding the access token (cookie, bearer or ?token=), with a body type the route reads.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { networkInterfaces } from 'node:os';

/** What a request is judged against: the token, and the Host values that name this server. */
export interface LocalAccess {
  token: string;
  /** Lower-case `host:port` values a Host header may carry. */
  hosts: Set<string>;
  /** The cookie that carries the token (named per port: browsers share cookies across a host's ports). */
  cookie: string;
}

/** A request let through, or refused with its HTTP status, a Slack-style error code and what to do. */
export type LocalVerdict = { ok: true } | { ok: false; status: 401 | 403 | 405 | 415; error: string; hint: string };

const HOW_TO_GET_IN =
  'Open the address `vigil local url` prints (it carries the access token); the page keeps it in a cookie.';
// Response URLs are capabilities of their own, as Slack's are: a random path handed to the bot for one command or click.
const RESPONSE_URL = /^\/local\/response\/[0-9a-f]{16,}$/;
// What Slack's Web API reads; the WebClient posts forms.
const API_TYPES = ['application/json', 'application/x-www-form-urlencoded'];

/** The cookie name for a local workspace on `port`. */
export function cookieNameFor(port: number): string {
  return `vigil_local_${port}`;
}

/** The Host values that name this server: loopback names, and the bound address (every interface's on a wildcard bind). */
export function allowedHosts(bound: string, port: number): Set<string> {
  const wildcard = bound === '0.0.0.0' || bound === '::' || bound === '';
  const names = ['127.0.0.1', 'localhost', '::1', ...(wildcard ? interfaceAddresses() : [bound])];
  const hosts = new Set<string>();
  for (const name of names) {
    const h = name.includes(':') && !name.startsWith('[') ? `[${name}]` : name;
    hosts.add(`${h}:${port}`.toLowerCase());
    if (port === 80) hosts.add(h.toLowerCase());
  }
  return hosts;
}

/** Every address of this computer's network interfaces. */
export function interfaceAddresses(): string[] {
  return Object.values(networkInterfaces()).flatMap((list) => (list ?? []).map((i) => i.address));
}

/** Judges one request to `/` or `/local/*` before any route reads it. */
export function judgeLocalRequest(
  req: Pick<IncomingMessage, 'method' | 'url' | 'headers'>,
  access: LocalAccess,
): LocalVerdict {
  const host = (req.headers.host ?? '').toLowerCase();
  if (!access.hosts.has(host)) {
    return refuse(
      403,
      'forbidden_host',
      `The local workspace answers only on this computer's own addresses (${[...access.hosts][0]}); a request for ${host || 'no host'} is refused.`,
    );
  }
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== `http://${host}`) {
    return refuse(403, 'forbidden_origin', 'The local workspace takes requests from its own page only.');
  }
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (!RESPONSE_URL.test(url.pathname) && !holdsToken(req, url, access))
    return refuse(401, 'not_authed', HOW_TO_GET_IN);
  const method = req.method ?? 'GET';
  if (method === 'GET' || method === 'HEAD') return { ok: true };
  if (method !== 'POST')
    return refuse(405, 'method_not_allowed', 'The local workspace reads with GET and writes with POST.');
  return bodyTypeAllowed(req, url.pathname)
    ? { ok: true }
    : refuse(415, 'unsupported_media_type', 'Send the body as application/json.');
}

/** The Set-Cookie value that keeps the token in the browser: never readable by scripts, never sent by other sites. */
export function tokenCookie(access: LocalAccess): string {
  return `${access.cookie}=${access.token}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${30 * 24 * 3600}`;
}

function holdsToken(req: Pick<IncomingMessage, 'headers'>, url: URL, access: LocalAccess): boolean {
  const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
  const cookie = cookieValue(req.headers.cookie ?? '', access.cookie);
  return [bearer, url.searchParams.get('token'), cookie].some(
    (t) => t !== undefined && t !== null && sameSecret(t, access.token),
  );
}

function cookieValue(header: string, name: string): string | undefined {
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

// Compared as digests, so neither the length nor the first differing byte shows in the timing.
function sameSecret(given: string, token: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(given), digest(token));
}

// A body-less POST has no type to judge; file uploads carry whatever the file is.
function bodyTypeAllowed(req: Pick<IncomingMessage, 'headers'>, path: string): boolean {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (!type) return !req.headers['transfer-encoding'] && Number(req.headers['content-length'] ?? 0) === 0;
  if (path.startsWith('/local/upload/')) return true;
  return path.startsWith('/local/api/') ? API_TYPES.includes(type) : type === 'application/json';
}

function refuse(status: 401 | 403 | 405 | 415, error: string, hint: string): LocalVerdict {
  return { ok: false, status, error, hint };
}
