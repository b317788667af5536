// How the CLI reaches the running bot's local workspace: its address, the access token from the data directory,
// and why a request got no answer.
import type { Config } from '../config/load-config.ts';
import { localAuthHeader } from '../local/local-token.ts';

/** The base URL the bot listens on, as a client reaches it (a wildcard HOST is reached on loopback). */
export function botUrl(host: string, port: number): string {
  const h = host === '0.0.0.0' || host === '::' || host === '' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  return `http://${h}:${port}`;
}

/** Calls `path` on the running bot with the access token kept in the data directory; rejects when nothing answers. */
export function fetchLocalBot(
  config: Config,
  path: string,
  init: RequestInit & { timeoutMs: number },
): Promise<Response> {
  const { timeoutMs, headers, ...rest } = init;
  return fetch(`${botUrl(config.host, config.port)}${path}`, {
    ...rest,
    headers: { ...(headers as Record<string, string> | undefined), ...localAuthHeader(config.dataDir) },
    signal: AbortSignal.timeout(timeoutMs),
  });
}

/** Why a request to the bot got no answer, in a few words. */
export function noAnswerReason(err: unknown, timeoutMs: number): string {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  if (cause?.code === 'ECONNREFUSED') return 'connection refused';
  if ((err as Error).name === 'TimeoutError') return `no answer in ${timeoutMs / 1000} s`;
  return cause?.code ?? cause?.message ?? (err as Error).message;
}
