// Which roles of vigil.yml a Slack user holds, directly or through a user group.
import type { Role, RolesConfig } from '../config/roles-schema.ts';
import { ROLES } from '../config/roles-schema.ts';

/** The roles `userId` holds: listed by id, or a member of a listed user group (`userGroups`, resolved elsewhere). */
export function rolesOf(userId: string, userGroups: readonly string[], roles: RolesConfig): Set<Role> {
  const ids = new Set([userId, ...userGroups]);
  return new Set(ROLES.filter((role) => roles[role].some((member) => ids.has(member))));
}

/** True when no role lists anyone: a fresh install, where everyone may do everything. */
export function rolesAreOpen(roles: RolesConfig | undefined): boolean {
  return !roles || ROLES.every((role) => roles[role].length === 0);
}
