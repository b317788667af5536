import { describe, expect, it } from 'vitest';
import { rolesSchema } from '../../src/config/roles-schema.ts';
import { checkPermission } from '../../src/auth/check-permission.ts';
import { rolesAreOpen, rolesOf } from '../../src/auth/roles-of.ts';

const roles = rolesSchema.parse({
  admin: ['U01ADMIN', 'S0ADMINS'],
  manager: ['S0MANAGERS'],
  responder: ['S0GNEONCALL', 'U01AAA'],
});

describe('rolesOf', () => {
  it('finds roles by user id and by user group', () => {
    expect([...rolesOf('U01AAA', [], roles)]).toEqual(['responder']);
    expect([...rolesOf('U01BBB', ['S0GNEONCALL', 'S0MANAGERS'], roles)]).toEqual(['manager', 'responder']);
    expect([...rolesOf('U01ADMIN', [], roles)]).toEqual(['admin']);
    expect(rolesOf('U01ZZZ', ['S0OTHER'], roles).size).toBe(0);
  });

  it('counts roles as open only when no role lists anyone', () => {
    expect(rolesAreOpen(undefined)).toBe(true);
    expect(rolesAreOpen(rolesSchema.parse({}))).toBe(true);
    expect(rolesAreOpen(roles)).toBe(false);
  });
});

describe('checkPermission', () => {
  it('lets a responder resolve, by id or by group', () => {
    expect(checkPermission('resolve', 'U01AAA', [], roles)).toEqual({ ok: true });
    expect(checkPermission('resolve', 'U01BBB', ['S0GNEONCALL'], roles)).toEqual({ ok: true });
  });

  it('lets everyone acknowledge and open', () => {
    expect(checkPermission('acknowledge', 'U01ZZZ', [], roles)).toEqual({ ok: true });
    expect(checkPermission('open', 'U01ZZZ', [], roles)).toEqual({ ok: true });
  });

  it('allows everything when no roles are configured', () => {
    expect(checkPermission('archive', 'U01ZZZ', [], undefined)).toEqual({ ok: true });
    expect(checkPermission('mute', 'U01ZZZ', [], rolesSchema.parse({}))).toEqual({ ok: true });
  });

  it('lets admins do everything, even where the list leaves them out', () => {
    const strict = rolesSchema.parse({ admin: ['U01ADMIN'], manager: ['U01MGR'], permissions: { mute: ['manager'] } });
    expect(checkPermission('mute', 'U01ADMIN', [], strict)).toEqual({ ok: true });
    expect(checkPermission('mute', 'U01X', ['S0ADMINS'], roles)).toEqual({ ok: true });
  });

  it('opens an action to everyone when its list says so', () => {
    const open = rolesSchema.parse({ admin: ['U01ADMIN'], permissions: { mute: ['everyone'] } });
    expect(checkPermission('mute', 'U01ZZZ', [], open)).toEqual({ ok: true });
  });

  it('denies a responder muting, naming who may and whom to ask', () => {
    expect(checkPermission('mute', 'U01AAA', [], roles)).toEqual({
      ok: false,
      code: 'vigil_permission_denied',
      message:
        'You may not mute metrics: `mute` is allowed to managers and admins (vigil.yml roles.permissions.mute), and you are a responder.',
      hint: 'Ask an admin (<@U01ADMIN> or <!subteam^S0ADMINS>) to do it for you, or to add you (or your user group) to roles.manager in vigil.yml.',
    });
  });

  it('denies someone with no role, and says who maintains vigil.yml when there is no admin', () => {
    const noAdmin = rolesSchema.parse({ responder: ['U01AAA'] });
    expect(checkPermission('resolve', 'U01ZZZ', [], noAdmin)).toEqual({
      ok: false,
      code: 'vigil_permission_denied',
      message:
        'You may not resolve incidents: `resolve` is allowed to responders, managers and admins (vigil.yml roles.permissions.resolve), and you hold no role.',
      hint: 'Ask whoever maintains vigil.yml to do it for you, or to add you (or your user group) to roles.responder in vigil.yml.',
    });
  });

  it('says admins only when an action lists nobody', () => {
    const locked = rolesSchema.parse({ admin: ['U01ADMIN'], manager: ['U01MGR'], permissions: { archive: [] } });
    expect(checkPermission('archive', 'U01MGR', [], locked)).toMatchObject({
      message:
        'You may not archive incident channels: `archive` is allowed to admins only (vigil.yml roles.permissions.archive), and you are a manager.',
      hint: 'Ask an admin (<@U01ADMIN>) to do it for you, or to add you (or your user group) to roles.admin in vigil.yml.',
    });
  });
});
