// The local workspace's Slack-compatible Web API (/local/api/<method>), the file upload URL of files
// upload v2 (/local/upload/<id>) and response URLs (/local/response/<token>): what Bolt's WebClient reaches.
import type { Logger } from 'pino';
import type { RouteHandler } from '../http/create-http-server.ts';
import { conversationMethods } from './local-api-conversations.ts';
import { messageMethods } from './local-api-messages.ts';
import { peopleMethods } from './local-api-people.ts';
import { LocalApiError, type LocalApiContext, type LocalMethod } from './local-api-shapes.ts';
import { LOCAL_BOT } from './local-people.ts';
import { deleteMessage, insertMessage, updateFile, updateMessage } from './local-message-store.ts';
import { parseBody, pathOf, readBody, sendJson } from './read-local-body.ts';

/** Every method the local Web API answers. */
export const LOCAL_METHODS: Record<string, LocalMethod> = {
  ...conversationMethods,
  ...messageMethods,
  ...peopleMethods,
};

/** Runs one method as Slack would answer it: { ok: true, ... } or { ok: false, error }. */
export async function callLocalMethod(
  ctx: LocalApiContext,
  method: string,
  args: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const run = LOCAL_METHODS[method];
  if (!run) return { ok: false, error: 'unknown_method' };
  try {
    return { ok: true, ...(await run(args, ctx)) };
  } catch (err) {
    if (err instanceof LocalApiError) return { ok: false, error: err.slackError };
    throw err;
  }
}

/** Methods that only read: the only ones answered over GET (a GET that wrote could be sent by any <img> tag). */
export function isReadMethod(method: string): boolean {
  return /\.(info|list|history|replies|members|test)$/.test(method);
}

/** The route for /local/api/*, /local/upload/* and /local/response/*; who may call it is judged before (guard-local-request.ts). */
export function localWebApiRoute(ctx: LocalApiContext, logger: Logger, onChange: () => void = () => {}): RouteHandler {
  return async (req, res) => {
    const path = pathOf(req);
    if (!path.startsWith('/local/api/') && !path.startsWith('/local/upload/') && !path.startsWith('/local/response/'))
      return false;
    if (
      req.method !== 'POST' &&
      !(req.method === 'GET' && path.startsWith('/local/api/') && isReadMethod(path.slice('/local/api/'.length)))
    ) {
      sendJson(res, 405, { ok: false, error: 'method_not_allowed' });
      return true;
    }
    const raw = await readBody(req);
    if (path.startsWith('/local/upload/')) {
      const found = await updateFile(ctx.pool, decodeURIComponent(path.slice('/local/upload/'.length)), {
        bytes: await uploadedBytes(raw, req.headers['content-type']),
      });
      res.writeHead(found ? 200 : 404, { 'content-type': 'text/plain' }).end(found ? 'OK' : 'file_not_found');
      return true;
    }
    let args: Record<string, unknown>;
    try {
      args = {
        ...Object.fromEntries(new URL(req.url ?? '/', 'http://localhost').searchParams),
        ...parseBody(raw, req.headers['content-type']),
      };
    } catch {
      sendJson(res, 200, { ok: false, error: 'invalid_json' });
      return true;
    }
    if (path.startsWith('/local/response/')) {
      const target = ctx.responses.get(path.slice('/local/response/'.length));
      if (!target) {
        sendJson(res, 404, { ok: false, error: 'expired_url' });
        return true;
      }
      await postToResponseUrl(ctx, target, args);
      onChange();
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      return true;
    }
    const method = path.slice('/local/api/'.length);
    const answer = await callLocalMethod(ctx, method, args);
    if (!answer.ok) logger.debug({ method, error: answer.error }, 'local Web API refused a call');
    else if (!isReadMethod(method)) onChange();
    sendJson(res, 200, answer);
    return true;
  };
}

// The WebClient posts the file as multipart form data (one file field); a raw body is taken as it is.
async function uploadedBytes(raw: Buffer, contentType: string | undefined): Promise<Buffer> {
  if (!contentType?.startsWith('multipart/form-data')) return raw;
  const form = await new Request('http://local/upload', {
    method: 'POST',
    headers: { 'content-type': contentType },
    body: new Uint8Array(raw),
  }).formData();
  const file = [...form.values()].find((v): v is File => typeof v !== 'string');
  return file ? Buffer.from(await file.arrayBuffer()) : raw;
}

// response_url semantics: delete_original / replace_original act on the message that carried the action;
// otherwise a new message, in_channel for everyone or ephemeral (the default) for the user who acted.
async function postToResponseUrl(
  ctx: LocalApiContext,
  target: { channelId: string; userId: string; messageTs?: string; threadTs?: string },
  body: Record<string, unknown>,
): Promise<void> {
  const blocks = Array.isArray(body.blocks) ? body.blocks : undefined;
  const text = typeof body.text === 'string' ? body.text : '';
  if (target.messageTs && (body.delete_original === true || body.delete_original === 'true')) {
    await deleteMessage(ctx.pool, target.channelId, target.messageTs);
    return;
  }
  if (target.messageTs && (body.replace_original === true || body.replace_original === 'true')) {
    await updateMessage(ctx.pool, target.channelId, target.messageTs, { text, blocks: blocks ?? null });
    return;
  }
  const inChannel = body.response_type === 'in_channel';
  const threadTs = typeof body.thread_ts === 'string' ? body.thread_ts : target.threadTs;
  await insertMessage(ctx.pool, {
    channelId: target.channelId,
    userId: LOCAL_BOT.userId,
    text,
    blocks: blocks ?? null,
    threadTs: threadTs ?? null,
    ephemeralTo: inChannel ? null : target.userId,
  });
}
