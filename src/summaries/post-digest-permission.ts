// Who may post a digest or decide a review: the `post_digest` permission (managers and admins by default), refusals audited.
import type pg from 'pg';
import { checkPermission } from '../auth/check-permission.ts';
import type { RolesConfig } from '../config/roles-schema.ts';
import { audit } from '../incidents/incident-store.ts';

/** Checks `userId` may post digests; returns null when allowed, else the refusal to show. */
export function digestPermission(pool: pg.Pool, roles: RolesConfig, userGroups: (userId: string) => Promise<string[]>) {
  return async (userId: string, target: string): Promise<string | null> => {
    const allowed = checkPermission('post_digest', userId, await userGroups(userId), roles);
    if (allowed.ok) return null;
    await audit(pool, userId, 'post_digest.denied', target, { code: allowed.code });
    return `${allowed.message} Use \`/digest preview\` to see it privately. ${allowed.hint}`;
  };
}
