// Reads the arguments of `/oncall set @user [primary|secondary] [until]` into an override to store.
import type { Rotation } from '../config/oncall-schema.ts';
import type { OncallRole } from './on-call-timeline.ts';
import { parseUntil } from './parse-until.ts';
import type { Refusal } from './refusal.ts';

/** A parsed `/oncall set`: who covers which role until when (from is `now`). */
export interface OncallSetArgs {
  ok: true;
  userId: string;
  role: OncallRole;
  until: Date;
}

// Slack sends an escaped mention as <@U123|name> (or <@U123>) when the command has should_escape.
const MENTION = /^<@([UW][A-Z0-9]{2,})(?:\|[^>]*)?>$/;
const BARE_ID = /^[UW][A-Z0-9]{2,}$/;

/** Parses the text after `/oncall set`; the role defaults to primary, the end to the next handover. */
export function parseOncallSet(text: string, now: Date, timezone: string, rota?: Rotation): OncallSetArgs | Refusal {
  const [who = '', ...rest] = text.trim().split(/\s+/);
  const mention = MENTION.exec(who);
  const userId = mention ? mention[1]! : BARE_ID.test(who) ? who : undefined;
  if (!userId) {
    return {
      ok: false,
      code: 'vigil_oncall_bad_user',
      message:
        who === '' ? 'Say who covers: `/oncall set @someone [8h]`.' : `"${who}" is not a Slack user vigil can page.`,
      hint: "Pick the person from Slack's @ autocomplete so Slack sends their member id, e.g. `/oncall set @dewi 8h` or `/oncall set @dewi secondary tomorrow 09:00`.",
    };
  }
  let role: OncallRole = 'primary';
  if (rest[0] === 'primary' || rest[0] === 'secondary') role = rest.shift() as OncallRole;
  const until = parseUntil(rest.join(' '), now, timezone, rota);
  if (!(until instanceof Date)) return until;
  return { ok: true, userId, role, until };
}
