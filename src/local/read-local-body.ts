// Request bodies and JSON answers for the local workspace's routes.
import type { IncomingMessage, ServerResponse } from 'node:http';

// Slack's own request limit is about this; charts are tens of kilobytes.
const BODY_LIMIT_BYTES = 8 * 1024 * 1024;
// Form fields the Web API client sends as JSON strings (objects and arrays are serialized that way).
const JSON_FIELDS = new Set(['blocks', 'attachments', 'files', 'view', 'metadata']);

/** Reads the whole body; rejects past the limit. */
export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > BODY_LIMIT_BYTES) req.destroy(new Error('request body too large'));
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Parses a JSON or form-encoded body; JSON-valued form fields (blocks, view, files…) are decoded. */
export function parseBody(raw: Buffer, contentType: string | undefined): Record<string, unknown> {
  const text = raw.toString('utf8');
  if (text.trim() === '') return {};
  if ((contentType ?? '').includes('json')) {
    const parsed: unknown = JSON.parse(text);
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(text)) out[k] = JSON_FIELDS.has(k) && /^\s*[[{]/.test(v) ? JSON.parse(v) : v;
  return out;
}

/** Sends a JSON answer. */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

/** The path of a request without its query. */
export function pathOf(req: IncomingMessage): string {
  return new URL(req.url ?? '/', 'http://localhost').pathname;
}
