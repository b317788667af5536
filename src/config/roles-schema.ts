// Schema of the `roles` section of vigil.yml: who is an admin, manager or responder, and who may do what.
import { z } from 'zod';

/** The roles a person can hold. */
export const ROLES = ['admin', 'manager', 'responder'] as const;

/** A role a person can hold. */
export type Role = (typeof ROLES)[number];

/** Actions a role list can grant; `acknowledge` and `open` are not here because everyone may do them. */
export const RESTRICTED_ACTIONS = [
  'resolve',
  'escalate',
  'set_severity',
  'assign',
  'assign_role',
  'mute',
  'oncall_override',
  'archive',
  'post_digest',
] as const;

/** An action a role list can grant. */
export type RestrictedAction = (typeof RESTRICTED_ACTIONS)[number];

/** Who may do each restricted action when vigil.yml does not say. */
export const DEFAULT_PERMISSIONS: Record<RestrictedAction, Grantee[]> = {
  resolve: ['responder', 'manager', 'admin'],
  escalate: ['responder', 'manager', 'admin'],
  set_severity: ['responder', 'manager', 'admin'],
  assign: ['responder', 'manager', 'admin'],
  // Incident roles: commander (the owner), comms and scribe (`/incident role`, the card's Roles menu).
  assign_role: ['responder', 'manager', 'admin'],
  mute: ['manager', 'admin'],
  oncall_override: ['manager', 'admin'],
  archive: ['manager', 'admin'],
  post_digest: ['manager', 'admin'],
};

/** A role, or `everyone` to open an action to all. */
export type Grantee = Role | 'everyone';

const member = z
  .string()
  .regex(
    /^[UWS][A-Z0-9]{2,}$/,
    'must be a Slack user id (U… or W…, profile > ⋮ > Copy member ID) or user-group id (S…, e.g. S0123ABCD), not a name or @handle',
  );

const grantees = z.array(
  z.enum(['admin', 'manager', 'responder', 'everyone'], { message: 'must be admin, manager, responder or everyone' }),
);

const permissionsShape = Object.fromEntries(
  RESTRICTED_ACTIONS.map((a) => [a, grantees.default(() => [...DEFAULT_PERMISSIONS[a]])]),
) as Record<RestrictedAction, z.ZodDefault<typeof grantees>>;

const permissions = z.object(permissionsShape).strict();

/**
 * Schema of `roles:`. Members are user ids or user-group ids. When admin, manager and responder are
 * all empty (the default, and a fresh install), everyone may do everything. Admins may always do
 * everything; `permissions` lists the other roles per action, each key defaulting separately.
 */
export const rolesSchema = z
  .object({
    admin: z.array(member).default(() => []),
    manager: z.array(member).default(() => []),
    responder: z.array(member).default(() => []),
    permissions: permissions.default(() => permissions.parse({})),
  })
  .strict()
  .default(() => ({ admin: [], manager: [], responder: [], permissions: permissions.parse({}) }));

/** The validated `roles` section. */
export type RolesConfig = z.infer<typeof rolesSchema>;
