// Decides whether a user may take an action, and if not, says who may and how to change that.
import type { Grantee, RestrictedAction, RolesConfig } from '../config/roles-schema.ts';
import { rolesAreOpen, rolesOf } from './roles-of.ts';

/** Everything a user can try; acknowledge and open are allowed to everyone (anyone may ack at 3 a.m.). */
export type Action = RestrictedAction | 'acknowledge' | 'open';

/** The refusal of an action, with who may do it and what to do next. */
export interface PermissionDenied {
  ok: false;
  code: 'vigil_permission_denied';
  message: string;
  hint: string;
}

// How each action reads in a sentence: "You may not <verb>."
const VERBS: Record<RestrictedAction, string> = {
  resolve: 'resolve incidents',
  escalate: 'escalate incidents',
  set_severity: 'change the severity of incidents',
  assign: 'assign incidents',
  assign_role: 'give incident roles (commander, comms, scribe)',
  mute: 'mute metrics',
  oncall_override: 'change who is on call',
  archive: 'archive incident channels',
  post_digest: 'post digests to the managers or decide a digest review',
};

const PLURAL: Record<Grantee, string> = {
  admin: 'admins',
  manager: 'managers',
  responder: 'responders',
  everyone: 'everyone',
};

/**
 * Whether `userId` (member of `userGroups`) may take `action`. Allowed when: the action is
 * acknowledge or open; no role lists anyone (a fresh install); the user is an admin; or one of the
 * user's roles is listed in `roles.permissions.<action>` (or that list holds `everyone`).
 */
export function checkPermission(
  action: Action,
  userId: string,
  userGroups: readonly string[],
  roles: RolesConfig | undefined,
): { ok: true } | PermissionDenied {
  if (action === 'acknowledge' || action === 'open' || !roles || rolesAreOpen(roles)) return { ok: true };
  const held = rolesOf(userId, userGroups, roles);
  const allowed = roles.permissions[action];
  if (held.has('admin') || allowed.includes('everyone') || allowed.some((g) => g !== 'everyone' && held.has(g)))
    return { ok: true };
  const who = allowed.length > 0 ? listed(allowed.map((g) => PLURAL[g])) : 'admins only';
  const yours = held.size > 0 ? `you are ${listed([...held].map((r) => `a ${r}`))}` : 'you hold no role';
  return {
    ok: false,
    code: 'vigil_permission_denied',
    message: `You may not ${VERBS[action]}: \`${action}\` is allowed to ${who} (vigil.yml roles.permissions.${action}), and ${yours}.`,
    hint: `${askWhom(roles)} to do it for you, or to add you (or your user group) to roles.${allowed.find((g) => g !== 'everyone' && g !== 'admin') ?? 'admin'} in vigil.yml.`,
  };
}

function askWhom(roles: RolesConfig): string {
  if (roles.admin.length === 0) return 'Ask whoever maintains vigil.yml';
  return `Ask an admin (${listed(roles.admin.map(mention), 'or')})`;
}

// Slack renders <@U…> as a user and <!subteam^S…> as a user group.
function mention(id: string): string {
  return id.startsWith('S') ? `<!subteam^${id}>` : `<@${id}>`;
}

function listed(items: string[], conjunction = 'and'): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${conjunction} ${items.at(-1)}`;
}
