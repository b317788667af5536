// Shortcut and modal payloads as Slack sends them (form-encoded `payload=`), for the declare and timeline shortcuts.

const team = { id: 'T0VIGIL', domain: 'gne' };
const trigger = () => `${Date.now()}.${Math.floor(Math.random() * 1e9)}`;
let views = 0;

/** A message shortcut (`message_action`) on `message` in `channel`. */
export function messageShortcut(
  callbackId: string,
  message: { ts: string; user: string; text: string },
  opts: { channel?: string; userId?: string } = {},
): Record<string, string> {
  const payload = {
    type: 'message_action',
    token: 'legacy',
    callback_id: callbackId,
    trigger_id: trigger(),
    action_ts: String(Date.now() / 1000),
    message_ts: message.ts,
    team,
    user: { id: opts.userId ?? 'U0OPENER', name: 'alice', team_id: 'T0VIGIL' },
    channel: { id: opts.channel ?? 'C0SUPPORT', name: 'support' },
    message: { type: 'message', ...message },
    response_url: 'https://hooks.slack.com/app/T0VIGIL/1/shortcut',
  };
  return { payload: JSON.stringify(payload) };
}

/** A global shortcut (`shortcut`). */
export function globalShortcut(callbackId: string, userId = 'U0OPENER'): Record<string, string> {
  const payload = {
    type: 'shortcut',
    token: 'legacy',
    callback_id: callbackId,
    trigger_id: trigger(),
    action_ts: String(Date.now() / 1000),
    team,
    user: { id: userId, username: 'alice', team_id: 'T0VIGIL' },
  };
  return { payload: JSON.stringify(payload) };
}

/** A view_submission of a modal: its callback id, private_metadata and state values. */
export function viewSubmission(
  callbackId: string,
  values: Record<string, Record<string, Record<string, unknown>>>,
  opts: { metadata?: string; userId?: string; viewId?: string } = {},
): Record<string, string> {
  const payload = {
    type: 'view_submission',
    team,
    user: { id: opts.userId ?? 'U0OPENER', username: 'alice', team_id: 'T0VIGIL' },
    api_app_id: 'A0VIGIL',
    token: 'legacy',
    trigger_id: trigger(),
    view: {
      id: opts.viewId ?? `V0VIEW${++views}`,
      type: 'modal',
      callback_id: callbackId,
      private_metadata: opts.metadata ?? '',
      state: { values },
    },
  };
  return { payload: JSON.stringify(payload) };
}

/** The declare modal's values: title, severity and optionally metric, slice and description. */
export function declareValues(v: {
  title: string;
  severity: string;
  metric?: string;
  slice?: string;
  description?: string;
}): Record<string, Record<string, Record<string, unknown>>> {
  return {
    title: { title: { type: 'plain_text_input', value: v.title } },
    severity: { severity: { type: 'static_select', selected_option: { value: v.severity } } },
    metric: { metric: { type: 'static_select', selected_option: v.metric ? { value: v.metric } : null } },
    slice: { slice: { type: 'plain_text_input', value: v.slice ?? null } },
    description: { description: { type: 'plain_text_input', value: v.description ?? null } },
  };
}
