// auth.test, users.*, usergroups.* and views.* of the local Web API.
import { LOCAL_BOT } from './local-people.ts';
import { findView, saveHomeView, saveView } from './local-message-store.ts';
import { fail, need, str, type LocalApiContext, type LocalMethod } from './local-api-shapes.ts';
import { findUser, listUsers, localId, type UserRow } from './local-store.ts';

/** The identity, people and modal methods. */
export const peopleMethods: Record<string, LocalMethod> = {
  async 'auth.test'(_args, ctx) {
    return {
      url: `${ctx.baseUrl()}/`,
      team: LOCAL_BOT.team,
      user: LOCAL_BOT.name,
      team_id: LOCAL_BOT.teamId,
      user_id: LOCAL_BOT.userId,
      bot_id: LOCAL_BOT.botId,
      is_enterprise_install: false,
    };
  },
  async 'users.info'(args, { pool }) {
    return { user: slackUser((await findUser(pool, need(args, 'user'))) ?? fail('user_not_found')) };
  },
  async 'users.list'(_args, { pool }) {
    return { members: (await listUsers(pool)).map(slackUser), response_metadata: { next_cursor: '' } };
  },
  // The local workspace has no user groups; roles are given by user id (see local-people.ts).
  async 'usergroups.list'() {
    return { usergroups: [] };
  },
  async 'usergroups.users.list'() {
    return fail('no_such_subteam');
  },
  async 'views.open'(args, ctx) {
    const user = ctx.triggers.get(need(args, 'trigger_id')) ?? fail('invalid_trigger_id');
    return { view: await storeView(ctx, localId('V'), user, args.view) };
  },
  async 'views.push'(args, ctx) {
    const user = ctx.triggers.get(need(args, 'trigger_id')) ?? fail('invalid_trigger_id');
    return { view: await storeView(ctx, localId('V'), user, args.view) };
  },
  // The Home tab of user_id (no trigger needed); one view per person, kept under the same id as Slack keeps it.
  async 'views.publish'(args, ctx) {
    const userId = need(args, 'user_id');
    if (!(await findUser(ctx.pool, userId))) fail('user_not_found');
    const view = args.view as Record<string, unknown> | undefined;
    if (!view || typeof view !== 'object' || view.type !== 'home') fail('invalid_arguments');
    const stored = { ...view, id: `VH${userId.slice(1)}`, team_id: LOCAL_BOT.teamId, state: { values: {} } };
    await saveHomeView(ctx.pool, userId, stored);
    return { view: stored };
  },
  async 'views.update'(args, ctx) {
    const existing = (await findView(ctx.pool, str(args, 'view_id') ?? '')) ?? fail('not_found');
    return { view: await storeView(ctx, existing.id, existing.userId, args.view) };
  },
};

async function storeView(
  ctx: LocalApiContext,
  id: string,
  userId: string,
  view: unknown,
): Promise<Record<string, unknown>> {
  if (!view || typeof view !== 'object') fail('invalid_arguments');
  const stored = {
    ...(view as Record<string, unknown>),
    id,
    team_id: LOCAL_BOT.teamId,
    state: { values: {} },
    hash: `${Date.now()}.${id}`,
  };
  await saveView(ctx.pool, id, userId, stored);
  return stored;
}

function slackUser(u: UserRow): Record<string, unknown> {
  const bot = u.role === 'bot';
  return {
    id: u.id,
    team_id: LOCAL_BOT.teamId,
    name: u.name.split(' ')[0]!.toLowerCase(),
    real_name: u.name,
    is_bot: bot,
    deleted: false,
    is_admin: u.role === 'admin',
    tz: 'Asia/Singapore',
    profile: { real_name: u.name, display_name: u.name.split(' ')[0], ...(bot ? { bot_id: LOCAL_BOT.botId } : {}) },
  };
}
