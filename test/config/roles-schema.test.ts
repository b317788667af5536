import { describe, expect, it } from 'vitest';
import { rolesSchema } from '../../src/config/roles-schema.ts';

const DEFAULT_PERMISSIONS = {
  resolve: ['responder', 'manager', 'admin'],
  escalate: ['responder', 'manager', 'admin'],
  set_severity: ['responder', 'manager', 'admin'],
  assign: ['responder', 'manager', 'admin'],
  assign_role: ['responder', 'manager', 'admin'],
  mute: ['manager', 'admin'],
  oncall_override: ['manager', 'admin'],
  archive: ['manager', 'admin'],
  post_digest: ['manager', 'admin'],
};

describe('rolesSchema', () => {
  it('defaults to no roles and the documented permissions', () => {
    expect(rolesSchema.parse(undefined)).toEqual({
      admin: [],
      manager: [],
      responder: [],
      permissions: DEFAULT_PERMISSIONS,
    });
  });

  it('reads users and user groups, and defaults each permission on its own', () => {
    const roles = rolesSchema.parse({
      admin: ['U01ADMIN'],
      manager: ['S0MANAGERS'],
      responder: ['S0GNEONCALL', 'W01AAA'],
      permissions: { mute: ['everyone'] },
    });
    expect(roles).toEqual({
      admin: ['U01ADMIN'],
      manager: ['S0MANAGERS'],
      responder: ['S0GNEONCALL', 'W01AAA'],
      permissions: { ...DEFAULT_PERMISSIONS, mute: ['everyone'] },
    });
  });

  it('does not share default lists between parses', () => {
    const a = rolesSchema.parse({});
    a.permissions.resolve.push('everyone');
    expect(rolesSchema.parse({}).permissions.resolve).toEqual(['responder', 'manager', 'admin']);
  });

  it('names the mistake', () => {
    const r = rolesSchema.safeParse({ admin: ['dewi'], permissions: { mute: ['boss'], acknowledge: ['admin'] } });
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual([
      'admin.0: must be a Slack user id (U… or W…, profile > ⋮ > Copy member ID) or user-group id (S…, e.g. S0123ABCD), not a name or @handle',
      'permissions.mute.0: must be admin, manager, responder or everyone',
      'permissions: Unrecognized key: "acknowledge"',
    ]);
  });
});
