// Signed Slack requests against a running vigil, and a wait for asynchronous follow-up work.
import { createHmac } from 'node:crypto';

export const SIGNING_SECRET = '8f742231b10e8888abcd99ffffff85a5';

/** Signs a raw body the way Slack does (v0, HMAC-SHA256 over "v0:ts:body"). */
export function slackSignature(body: string, timestamp: number, secret = SIGNING_SECRET): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

/** POSTs a form-encoded body to /slack/events, signed unless told otherwise. */
export async function postSlack(
  base: string,
  form: Record<string, string>,
  opts: { timestamp?: number; signature?: string; retryNum?: number } = {},
): Promise<{ status: number; body: string; ms: number }> {
  const body = new URLSearchParams(form).toString();
  const timestamp = opts.timestamp ?? Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = {
    'content-type': 'application/x-www-form-urlencoded',
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature': opts.signature ?? slackSignature(body, timestamp),
  };
  if (opts.retryNum !== undefined) {
    headers['x-slack-retry-num'] = String(opts.retryNum);
    headers['x-slack-retry-reason'] = 'http_timeout';
  }
  const began = performance.now();
  const res = await fetch(`${base}/slack/events`, { method: 'POST', headers, body });
  return { status: res.status, body: await res.text(), ms: performance.now() - began };
}

/** A slash command payload as Slack sends it. */
export function slashCommand(
  command: string,
  text: string,
  extra: Partial<Record<string, string>> = {},
): Record<string, string> {
  const trigger = extra.trigger_id ?? `${Date.now()}.${Math.floor(Math.random() * 1e9)}`;
  return {
    token: 'legacy',
    team_id: 'T0VIGIL',
    team_domain: 'gne',
    channel_id: 'C0GENERAL',
    channel_name: 'general',
    user_id: 'U0OPENER',
    user_name: 'alice',
    command,
    text,
    api_app_id: 'A0VIGIL',
    is_enterprise_install: 'false',
    response_url: 'https://hooks.slack.com/commands/T0VIGIL/1/abc',
    trigger_id: trigger,
    ...extra,
  } as Record<string, string>;
}

/** A block_actions payload for a button on a message. */
export function buttonClick(
  actionId: string,
  value: string,
  opts: { userId?: string; channelId?: string; triggerId?: string } = {},
): Record<string, string> {
  const payload = {
    type: 'block_actions',
    team: { id: 'T0VIGIL', domain: 'gne' },
    user: { id: opts.userId ?? 'U0RESPONDER', username: 'bob', team_id: 'T0VIGIL' },
    api_app_id: 'A0VIGIL',
    token: 'legacy',
    trigger_id: opts.triggerId ?? `${Date.now()}.${Math.floor(Math.random() * 1e9)}`,
    container: {
      type: 'message',
      message_ts: '1700000000.000100',
      channel_id: opts.channelId ?? 'C0INC',
      is_ephemeral: false,
    },
    channel: { id: opts.channelId ?? 'C0INC', name: 'inc' },
    message: { type: 'message', ts: '1700000000.000100', text: 'card' },
    response_url: 'https://hooks.slack.com/actions/T0VIGIL/1/xyz',
    actions: [
      { type: 'button', action_id: actionId, block_id: 'actions', value, action_ts: String(Date.now() / 1000) },
    ],
  };
  return { payload: JSON.stringify(payload) };
}

/** Polls until `check` returns true (or throws after `timeoutMs`). */
export async function eventually(
  check: () => boolean | Promise<boolean>,
  timeoutMs = 10_000,
  what = 'condition',
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** A view_submission payload for the resolve dialog of incident `incidentId`, with `note` typed in. */
export function resolveSubmission(
  incidentId: number,
  note: string,
  opts: { userId?: string } = {},
): Record<string, string> {
  const payload = {
    type: 'view_submission',
    team: { id: 'T0VIGIL', domain: 'gne' },
    user: { id: opts.userId ?? 'U0OPENER', username: 'alice', team_id: 'T0VIGIL' },
    api_app_id: 'A0VIGIL',
    token: 'legacy',
    trigger_id: `${Date.now()}.${Math.floor(Math.random() * 1e9)}`,
    view: {
      id: 'V0RESOLVE',
      type: 'modal',
      callback_id: 'incident_resolve_view',
      private_metadata: String(incidentId),
      state: { values: { note: { note: { type: 'plain_text_input', value: note } } } },
    },
  };
  return { payload: JSON.stringify(payload) };
}

/** A view_submission body of the digest review's Edit modal (digest `digestId`, `text` typed in), as Bolt receives it. */
export function digestEditSubmission(state: Record<string, unknown>, text: string, userId = 'U0MANAGER') {
  return {
    type: 'view_submission',
    team: { id: 'T0VIGIL' },
    user: { id: userId, team_id: 'T0VIGIL' },
    api_app_id: 'A0VIGIL',
    token: 'legacy',
    trigger_id: '1.2',
    view: {
      id: 'V1',
      type: 'modal',
      callback_id: 'digest_review_edit_view',
      private_metadata: JSON.stringify(state),
      state: { values: { part_0: { text: { type: 'plain_text_input', value: text } } } },
    },
  };
}
