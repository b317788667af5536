// The local workspace's people and channels in the database (migration 0009).
import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { LOCAL_BOT, LOCAL_PEOPLE } from './local-people.ts';

/** The queries the local workspace makes: a pool, or serialQueries over one. */
export interface LocalDb {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  query<R extends pg.QueryResultRow = any>(text: string, values?: unknown[]): Promise<pg.QueryResult<R>>;
}

/** The pool's queries one at a time: the embedded database's socket server can interleave the extended-protocol
 * messages of concurrent connections (a Bind meeting another connection's Parse), so the local workspace never
 * overlaps its own queries. */
export function serialQueries(pool: LocalDb): LocalDb {
  let tail: Promise<unknown> = Promise.resolve();
  return {
    query(text, values) {
      const run = tail.then(() => pool.query(text, values));
      tail = run.catch(() => {});
      return run;
    },
  };
}

/** A stored channel; DMs are channels whose id starts with D. */
export interface ChannelRow {
  id: string;
  name: string;
  topic: string;
  purpose: string;
  isPrivate: boolean;
  archived: boolean;
  createdAt: Date;
}

/** A stored person (the bot included). */
export interface UserRow {
  id: string;
  name: string;
  role: string;
}

/** A Slack-style id: prefix, then uppercase letters and digits. */
export function localId(prefix: string): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789';
  return prefix + '0L' + [...randomBytes(8)].map((b) => alphabet[b % alphabet.length]).join('');
}

const CHANNEL_COLUMNS = 'id, name, topic, purpose, is_private AS "isPrivate", archived, created_at AS "createdAt"';

/** Seeds the people and the default channels; safe to run at every start. */
export async function seedLocalWorkspace(pool: LocalDb, channelNames: string[]): Promise<void> {
  for (const u of [...LOCAL_PEOPLE, { id: LOCAL_BOT.userId, name: LOCAL_BOT.name, role: 'bot' }]) {
    await pool.query(
      'INSERT INTO local_users (id, name, role) VALUES ($1, $2, $3) ON CONFLICT (id) DO UPDATE SET name = $2, role = $3',
      [u.id, u.name, u.role],
    );
  }
  for (const raw of new Set(channelNames.map(channelName))) {
    const existing = await findChannel(pool, raw);
    const id = existing?.id ?? (await createChannel(pool, raw, false)).id;
    for (const u of [...LOCAL_PEOPLE.map((p) => p.id), LOCAL_BOT.userId]) await addMember(pool, id, u);
  }
}

/** A channel name as written in vigil.yml ("#gne-alerts") as Slack stores it. */
export function channelName(name: string): string {
  return name.replace(/^#/, '').toLowerCase();
}

/** Everyone the workspace knows. */
export async function listUsers(pool: LocalDb): Promise<UserRow[]> {
  return (await pool.query<UserRow>('SELECT id, name, role FROM local_users ORDER BY id')).rows;
}

/** One person, or undefined. */
export async function findUser(pool: LocalDb, id: string): Promise<UserRow | undefined> {
  return (await pool.query<UserRow>('SELECT id, name, role FROM local_users WHERE id = $1', [id])).rows[0];
}

/** Creates a channel; throws with slackError name_taken when the name is in use. */
export async function createChannel(
  pool: LocalDb,
  name: string,
  isPrivate: boolean,
  id = localId('C'),
): Promise<ChannelRow> {
  const res = await pool.query<ChannelRow>(
    `INSERT INTO local_channels (id, name, is_private) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING ${CHANNEL_COLUMNS}`,
    [id, name, isPrivate],
  );
  if (!res.rows[0]) throw Object.assign(new Error(`channel name ${name} is taken`), { slackError: 'name_taken' });
  return res.rows[0];
}

/** A channel by id, by name, or "#name"; a user id finds (and opens) the DM with that user. */
export async function findChannel(pool: LocalDb, ref: string): Promise<ChannelRow | undefined> {
  const byId = await pool.query<ChannelRow>(
    `SELECT ${CHANNEL_COLUMNS} FROM local_channels WHERE id = $1 OR name = $2`,
    [ref, channelName(ref)],
  );
  if (byId.rows[0]) return byId.rows[0];
  if (/^[UW][A-Z0-9]{2,}$/.test(ref) && (await findUser(pool, ref))) {
    const dm = await pool.query<ChannelRow>(
      `INSERT INTO local_channels (id, name, is_private) VALUES ($1, $2, true) ON CONFLICT DO NOTHING RETURNING ${CHANNEL_COLUMNS}`,
      [`D${ref.slice(1)}`, `dm-${ref.toLowerCase()}`],
    );
    await addMember(pool, `D${ref.slice(1)}`, ref);
    return dm.rows[0] ?? findChannel(pool, `D${ref.slice(1)}`);
  }
  return undefined;
}

/** All channels, oldest first. */
export async function listChannels(pool: LocalDb): Promise<ChannelRow[]> {
  return (await pool.query<ChannelRow>(`SELECT ${CHANNEL_COLUMNS} FROM local_channels ORDER BY created_at, name`)).rows;
}

/** Sets the topic, the purpose or the archived flag. */
export async function updateChannel(
  pool: LocalDb,
  id: string,
  patch: { topic?: string; purpose?: string; archived?: boolean },
): Promise<void> {
  await pool.query(
    'UPDATE local_channels SET topic = COALESCE($2, topic), purpose = COALESCE($3, purpose), archived = COALESCE($4, archived) WHERE id = $1',
    [id, patch.topic ?? null, patch.purpose ?? null, patch.archived ?? null],
  );
}

/** Adds a member; false when already there. */
export async function addMember(pool: LocalDb, channelId: string, userId: string): Promise<boolean> {
  const res = await pool.query(
    'INSERT INTO local_members (channel_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING',
    [channelId, userId],
  );
  return (res.rowCount ?? 0) > 0;
}

/** The members of a channel. */
export async function listMembers(pool: LocalDb, channelId: string): Promise<string[]> {
  return (
    await pool.query<{ user_id: string }>('SELECT user_id FROM local_members WHERE channel_id = $1 ORDER BY user_id', [
      channelId,
    ])
  ).rows.map((r) => r.user_id);
}
