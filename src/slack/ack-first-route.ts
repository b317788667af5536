// POST /slack/events in HTTP mode: slash commands and button clicks are acked as soon as the signature checks out,
// and Bolt runs their listeners later from a bounded queue; everything else goes through Bolt's HTTPReceiver.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseForm } from 'node:querystring';
import type { App, HTTPReceiver, ReceiverEvent } from '@slack/bolt';
import type { Logger } from 'pino';
import type { RouteHandler } from '../http/create-http-server.ts';
import { ackedRequestOf, RESTARTING_TEXT, type AckedRequest } from './acked-request.ts';
import { chooseLane } from './choose-lane.ts';
import type { FollowUpQueue } from './follow-up-queue.ts';
import { postResponseUrl } from './post-response-url.ts';
import { ACKED_REQUEST } from './slack-shutdown.ts';
import { slackSignatureProblem } from './verify-slack-signature.ts';

// Bolt's own limit for a request body (HTTPModuleFunctions.defaultBodyLimit).
const BODY_LIMIT_BYTES = 4 * 1024 * 1024;

/** What the route needs: the Bolt app and its receiver, the signing secret, and where follow-up work queues. */
export interface AckFirstRouteDeps {
  path: string;
  app: App;
  receiver: HTTPReceiver;
  signingSecret: string;
  /** The slow lane: clicks and commands that call the Web API (and every one when there is no fast lane). */
  queue: Lane;
  /** The fast lane: commands that only use the database (chooseLane), so they never wait behind Web API calls. */
  fastQueue?: Lane;
  /** vigil's slash commands; a signed unknown one is answered at once. Each listener must ack without a body. */
  commands: ReadonlySet<string>;
  /** True once vigil shuts down: new commands and clicks are acked and told to try again. */
  stopping?: () => boolean;
  logger: Logger;
  clock?: () => number;
}

/** The reply when the queue is full: the command was acked, but will not run. */
export const BUSY_TEXT =
  'vigil is too busy to run that right now and dropped it; nothing was changed. Try again in a minute.';

type Body = Record<string, unknown>;
type Lane = Pick<FollowUpQueue<AckedRequest>, 'push' | 'size'>;
type Parsed = { kind: 'acked'; body: Body } | { kind: 'unknown_command'; command: string };

/** Builds the route handler mounted on vigil's HTTP server. */
export function ackFirstRoute(deps: AckFirstRouteDeps): RouteHandler {
  const { path, receiver, logger } = deps;
  return (req, res) => {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    if ((q < 0 ? url : url.slice(0, q)) !== path) return false;
    if (req.method !== 'POST') {
      receiver.requestListener(req, res);
      return true;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= BODY_LIMIT_BYTES) chunks.push(chunk);
    });
    req.on('end', () => {
      if (size > BODY_LIMIT_BYTES) {
        logger.warn({ bytes: size }, 'Slack request body over the limit');
        res.writeHead(413).end();
        return;
      }
      try {
        handle(deps, req, res, Buffer.concat(chunks, size));
      } catch (err) {
        logger.error({ err }, 'Slack request failed before the ack');
        if (!res.headersSent) res.writeHead(500).end();
      }
    });
    req.on('error', (err) => logger.warn({ err }, 'Slack request stream failed'));
    return true;
  };
}

function handle(deps: AckFirstRouteDeps, req: IncomingMessage, res: ServerResponse, raw: Buffer): void {
  const text = raw.toString();
  const parsed = parseAckFirst(req, text, deps.commands);
  if (!parsed) {
    // Bolt's receiver reads a body already buffered in `rawBody` instead of the spent stream.
    (req as IncomingMessage & { rawBody?: Buffer }).rawBody = raw;
    deps.receiver.requestListener(req, res);
    return;
  }
  const problem = slackSignatureProblem({
    signingSecret: deps.signingSecret,
    body: text,
    signature: req.headers['x-slack-signature'],
    timestamp: req.headers['x-slack-request-timestamp'],
    nowMs: deps.clock?.() ?? Date.now(),
  });
  if (problem) {
    deps.logger.warn({ problem }, 'refused a Slack request that failed the signature check');
    res.writeHead(401).end();
    return;
  }
  if (parsed.kind === 'unknown_command') {
    // Bolt would find no listener and answer 404 after its 3 s wait; the user sees why at once instead.
    deps.logger.warn({ command: parsed.command }, 'a signed request for a command vigil does not have');
    res.writeHead(200, { 'content-type': 'application/json' }).end(
      JSON.stringify({
        response_type: 'ephemeral',
        text: `vigil does not know ${parsed.command.slice(0, 40)}. Its commands are ${[...deps.commands].join(', ')}; check the app's slash commands match manifest.yml.`,
      }),
    );
    return;
  }
  const { body } = parsed;
  // The ack: Slack shows the user a timeout after 3 s (docs.slack.dev/interactivity/implementing-slash-commands).
  res.writeHead(200).end();
  const request = ackedRequestOf(body);
  if (deps.stopping?.())
    return tell(deps, request, RESTARTING_TEXT, 'vigil is shutting down; told the user to try again');
  const event: ReceiverEvent = {
    body,
    ack: async (response) => {
      if (response === undefined || response === '') return;
      // Too late for the HTTP answer: say it through the response_url instead.
      deps.logger.warn(
        { command: body.command },
        'a listener acked with a message after the early ack; posted it to the response_url',
      );
      if (request.responseUrl)
        await postResponseUrl(request.responseUrl, typeof response === 'string' ? { text: response } : response);
    },
    retryNum: retryNum(req),
    retryReason: headerOrUndefined(req, 'x-slack-retry-reason'),
    // The Bolt middleware that refuses new work while stopping lets these through: they were taken before.
    customProperties: { [ACKED_REQUEST]: request },
  };
  const queue = deps.fastQueue && chooseLane(body.command, body.text) === 'fast' ? deps.fastQueue : deps.queue;
  if (queue.push(() => deps.app.processEvent(event), request)) return;
  deps.logger.warn({ what: request.what, queued: queue.size }, 'follow-up queue full; request acked but dropped');
  tell(deps, request, BUSY_TEXT, 'could not tell the user vigil is busy');
}

// A private reply through the response_url, for a request vigil acked but will not run.
function tell(deps: AckFirstRouteDeps, request: AckedRequest, text: string, failure: string): void {
  if (!request.responseUrl) return;
  postResponseUrl(request.responseUrl, { response_type: 'ephemeral', replace_original: false, text }).catch(
    (err: unknown) => deps.logger.warn({ err }, failure),
  );
}

// A slash command or a button click: neither can carry anything vigil needs in its ack.
function parseAckFirst(req: IncomingMessage, text: string, commands: ReadonlySet<string>): Parsed | undefined {
  if (!(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) return undefined;
  const form = parseForm(text);
  if (typeof form.command === 'string')
    return commands.has(form.command)
      ? { kind: 'acked', body: form as Body }
      : { kind: 'unknown_command', command: form.command };
  if (typeof form.payload !== 'string') return undefined;
  try {
    const payload = JSON.parse(form.payload) as Body;
    return payload?.type === 'block_actions' ? { kind: 'acked', body: payload } : undefined;
  } catch {
    return undefined;
  }
}

function headerOrUndefined(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return typeof value === 'string' ? value : undefined;
}

function retryNum(req: IncomingMessage): number | undefined {
  const value = headerOrUndefined(req, 'x-slack-retry-num');
  return value === undefined ? undefined : Number.parseInt(value, 10);
}
