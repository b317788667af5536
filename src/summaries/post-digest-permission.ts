// Who may post a digest or decide a review: managers and admins (everyone on a fresh install with no roles), refusals audited.
import type pg from 'pg';
import { rolesAreOpen, rolesOf } from '../auth/roles-of.ts';
import type { RolesConfig } from '../config/roles-schema.ts';
import { audit } from '../incidents/incident-store.ts';

/** Checks `userId` may post digests; returns null when allowed, else the refusal to show. */
export function digestPermission(pool: pg.Pool, roles: RolesConfig, userGroups: (userId: string) => Promise<string[]>) {
  // A stand-in for a `post_digest` action in roles.permissions (src/auth), granted to managers and admins.
  return async (userId: string, target: string): Promise<string | null> => {
    if (rolesAreOpen(roles)) return null;
    const held = rolesOf(userId, await userGroups(userId), roles);
    if (held.has('manager') || held.has('admin')) return null;
    await audit(pool, userId, 'post_digest.denied', target, { code: 'vigil_permission_denied' });
    return 'You may not post digests: only managers and admins may (vigil.yml roles.manager, roles.admin). Use `/digest preview` to see it privately, or ask a manager.';
  };
}
