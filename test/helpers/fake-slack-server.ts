// A Slack-compatible Web API on localhost for end-to-end runs through SLACK_API_URL.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A recorded call: the Web API method (or "response_url") and its parsed body. */
export interface FakeSlackCall {
  method: string;
  body: Record<string, unknown>;
}

/** A running fake: its base URLs, the calls so far, and close(). */
export interface FakeSlack {
  apiUrl: string;
  responseUrl: string;
  calls: FakeSlackCall[];
  close(): Promise<void>;
}

/** Starts a fake Slack answering like Slack for the methods vigil calls. */
export async function startFakeSlack(): Promise<FakeSlack> {
  const calls: FakeSlackCall[] = [];
  let n = 0;
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (d) => (raw += d));
    req.on('end', () => {
      const url = req.url ?? '/';
      const body = (req.headers['content-type'] ?? '').includes('json') ? JSON.parse(raw || '{}') : Object.fromEntries(new URLSearchParams(raw));
      const method = url.startsWith('/api/') ? url.slice('/api/'.length).split('?')[0]! : 'response_url';
      calls.push({ method, body });
      n++;
      const reply = (obj: unknown) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(obj));
      };
      switch (method) {
        case 'auth.test': return reply({ ok: true, team: 'GNE', team_id: 'T0VIGIL', user_id: 'U0BOT', bot_id: 'B0BOT' });
        case 'conversations.create': return reply({ ok: true, channel: { id: `C0E2E${n}`, name: body.name } });
        case 'chat.postMessage': return reply({ ok: true, channel: body.channel, ts: `1700000${String(n).padStart(3, '0')}.000100` });
        case 'response_url': return reply({ ok: true });
        default: return reply({ ok: true });
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as AddressInfo;
  return {
    apiUrl: `http://127.0.0.1:${port}/api/`,
    responseUrl: `http://127.0.0.1:${port}/response/1`,
    calls,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
