// What vigil remembers of an acked command or click until it has run: enough to tell its user if it never finishes.

/** An acked request waiting for or running its listener. */
export interface AckedRequest {
  /** How the user would name it: "`/incident new Refund spike`" or "the Acknowledge button". */
  what: string;
  /** Where to tell the user (Slack's response_url), when the request carried one. */
  responseUrl?: string;
  /** Where to look for what it did, when it was cut short. */
  check: string;
  /** Set when a shutdown gave up on it while it ran (its user was told): its later failure needs no second reply. */
  abandoned?: boolean;
}

// A response_url post with a whole 40 KB command echoed back is noise; the start of it is enough to recognise.
const MAX_ECHO = 80;

/** The private reply to a request that arrives while vigil shuts down. */
export const RESTARTING_TEXT = 'vigil is restarting and did not run that; nothing was changed. Try again in a minute.';

/** Describes a slash command or block_actions payload for the messages below. */
export function ackedRequestOf(body: Record<string, unknown>): AckedRequest {
  const responseUrl = typeof body.response_url === 'string' ? body.response_url : undefined;
  if (typeof body.command === 'string') {
    const text = typeof body.text === 'string' ? body.text.trim() : '';
    const full = `${body.command}${text ? ` ${text}` : ''}`;
    const what = `\`${full.length > MAX_ECHO ? `${full.slice(0, MAX_ECHO)}…` : full}\``;
    const check =
      body.command === '/incident'
        ? '`/incident list` and the alerts channel'
        : body.command === '/investigate'
          ? 'the channel for its thread'
          : 'the channel';
    return { what, check, ...(responseUrl ? { responseUrl } : {}) };
  }
  const actions = Array.isArray(body.actions)
    ? (body.actions as Array<{ text?: { text?: unknown }; action_id?: unknown }>)
    : [];
  const label = actions[0]?.text?.text ?? actions[0]?.action_id;
  const what = typeof label === 'string' ? `your click on ${label}` : 'your click';
  return { what, check: 'the message you clicked', ...(responseUrl ? { responseUrl } : {}) };
}

/** The private reply for a request still unfinished when vigil stopped: never started, or cut short while running. */
export function unfinishedText(request: AckedRequest, started: boolean): string {
  return started
    ? `vigil stopped while doing ${request.what}; it may be partly done. Check ${request.check} before trying again.`
    : `vigil restarted before it could run ${request.what}; nothing was done. Try again in a minute.`;
}
