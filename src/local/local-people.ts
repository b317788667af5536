// The named people of the local workspace, and the roles and on-call they stand for when vigil.yml names nobody.
import type { Config } from '../config/load-config.ts';
import type { LocalUser } from './local-page-contract.ts';

/** The bot's own identity in the local workspace (auth.test). */
export const LOCAL_BOT = {
  userId: 'U0VIGIL',
  botId: 'B0VIGIL',
  name: 'vigil',
  teamId: 'T0LOCAL',
  team: 'GNE (local workspace)',
} as const;

/** The people to act as, one of each role. */
export const LOCAL_PEOPLE: readonly LocalUser[] = [
  { id: 'U0LRESP', name: 'Ria (responder)', role: 'responder' },
  { id: 'U0LMGR', name: 'Maya (manager)', role: 'manager' },
  { id: 'U0LADMIN', name: 'Ade (admin)', role: 'admin' },
];

/** The config with the local people as roles and on-call rota where vigil.yml leaves them empty. */
export function withLocalPeople(config: Config, today: Date): Config {
  const ws = config.workspace;
  const byRole = (role: LocalUser['role']) => LOCAL_PEOPLE.filter((p) => p.role === role).map((p) => p.id);
  const noRoles = ws.roles.admin.length + ws.roles.manager.length + ws.roles.responder.length === 0;
  const roles = noRoles
    ? { ...ws.roles, admin: byRole('admin'), manager: byRole('manager'), responder: byRole('responder') }
    : ws.roles;
  // Ria is primary and Maya secondary from the start of this week, so paging and /oncall show someone.
  const start = new Date(today.getTime() - 7 * 86_400_000).toISOString().slice(0, 10);
  const oncall = ws.oncall.rotation
    ? ws.oncall
    : {
        ...ws.oncall,
        rotation: { start, length_days: 366, primary: byRole('responder'), secondary: byRole('manager') },
      };
  return { ...config, workspace: { ...ws, roles, oncall } as Config['workspace'] };
}
