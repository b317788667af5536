// Permission checks for Slack users against vigil.yml roles; a refusal is audited and explained.
import type pg from 'pg';
import { checkPermission, type Action, type PermissionDenied } from '../auth/check-permission.ts';
import type { RolesConfig } from '../config/roles-schema.ts';
import type { IncidentAction } from '../incidents/incident-types.ts';
import { audit } from '../incidents/incident-store.ts';

/** The permission an incident action needs (reopening counts as resolving; anyone who may acknowledge may post an update). */
export function permissionFor(action: IncidentAction['kind']): Action {
  switch (action) {
    case 'acknowledge':
    case 'post_update':
      return 'acknowledge';
    case 'escalate':
      return 'escalate';
    case 'set_severity':
      return 'set_severity';
    case 'assign':
      return 'assign';
    case 'assign_role':
      return 'assign_role';
    default:
      return 'resolve';
  }
}

/** Checks `userId` may do `action`; writes a refusal to the audit log. */
export function authorizer(pool: pg.Pool, roles: RolesConfig, userGroups: (userId: string) => Promise<string[]>) {
  return async (action: Action, userId: string, target: string | null): Promise<{ ok: true } | PermissionDenied> => {
    const result = checkPermission(action, userId, await userGroups(userId), roles);
    if (!result.ok) await audit(pool, userId, `${action}.denied`, target, { code: result.code });
    return result;
  };
}
