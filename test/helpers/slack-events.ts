// Signed Events API deliveries (JSON) and the roles menu's payloads, as Slack sends them.
import { slackSignature } from './slack-http.ts';

let deliveries = 0;

/** POSTs an event_callback wrapping `event` to /slack/events, signed; resolves to the HTTP status. */
export async function postSlackEvent(base: string, event: Record<string, unknown>): Promise<number> {
  const body = JSON.stringify({
    token: 'legacy',
    team_id: 'T0VIGIL',
    api_app_id: 'A0VIGIL',
    type: 'event_callback',
    event_id: `Ev0TEST${++deliveries}`,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ team_id: 'T0VIGIL', user_id: 'U0VIGIL', is_bot: true }],
    event: { event_ts: `${Date.now() / 1000}`, ...event },
  });
  const timestamp = Math.floor(Date.now() / 1000);
  const res = await fetch(`${base}/slack/events`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': slackSignature(body, timestamp),
    },
    body,
  });
  await res.text();
  return res.status;
}

/** A reaction_added or reaction_removed event on message `ts` of `channel`. */
export function reactionEvent(
  type: 'reaction_added' | 'reaction_removed',
  opts: { channel: string; ts: string; reaction?: string; user?: string },
): Record<string, unknown> {
  return {
    type,
    user: opts.user ?? 'U0BOB',
    reaction: opts.reaction ?? 'pushpin',
    item_user: 'U0CAROL',
    item: { type: 'message', channel: opts.channel, ts: opts.ts },
  };
}

/** A pin_added or pin_removed event for `message` in `channel` (Slack sends the message in full). */
export function pinEvent(
  type: 'pin_added' | 'pin_removed',
  opts: { channel: string; message: { ts: string; user: string; text: string }; user?: string },
): Record<string, unknown> {
  return {
    type,
    user: opts.user ?? 'U0BOB',
    channel_id: opts.channel,
    item: { type: 'message', channel: opts.channel, created_by: opts.user ?? 'U0BOB', message: opts.message },
  };
}

/** A block_actions payload for choosing `value` in the incident card's roles menu. */
export function roleMenuClick(
  value: string,
  opts: { userId?: string; channelId?: string } = {},
): Record<string, string> {
  const payload = {
    type: 'block_actions',
    team: { id: 'T0VIGIL', domain: 'gne' },
    user: { id: opts.userId ?? 'U0OPENER', username: 'alice', team_id: 'T0VIGIL' },
    api_app_id: 'A0VIGIL',
    token: 'legacy',
    trigger_id: `${Date.now()}.${Math.floor(Math.random() * 1e9)}`,
    container: { type: 'message', message_ts: '1700000000.000100', channel_id: opts.channelId ?? 'C0INC' },
    channel: { id: opts.channelId ?? 'C0INC', name: 'inc' },
    message: { type: 'message', ts: '1700000000.000100', text: 'card' },
    response_url: 'https://hooks.slack.com/actions/T0VIGIL/1/xyz',
    actions: [
      {
        type: 'overflow',
        action_id: 'incident_role_menu',
        block_id: 'actions',
        selected_option: { text: { type: 'plain_text', text: 'Set scribe…' }, value },
        action_ts: String(Date.now() / 1000),
      },
    ],
  };
  return { payload: JSON.stringify(payload) };
}

/** A view_submission of the role dialog (`metadata` is `<role>:<incident id>`) with `holder` picked. */
export function roleSubmission(metadata: string, holder: string, userId = 'U0OPENER'): Record<string, string> {
  const payload = {
    type: 'view_submission',
    team: { id: 'T0VIGIL', domain: 'gne' },
    user: { id: userId, username: 'alice', team_id: 'T0VIGIL' },
    api_app_id: 'A0VIGIL',
    token: 'legacy',
    trigger_id: `${Date.now()}.${Math.floor(Math.random() * 1e9)}`,
    view: {
      id: 'V0ROLE',
      type: 'modal',
      callback_id: 'incident_role_view',
      private_metadata: metadata,
      state: { values: { holder: { holder: { type: 'users_select', selected_user: holder } } } },
    },
  };
  return { payload: JSON.stringify(payload) };
}
