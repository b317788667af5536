// The local workspace's messages, files and modals in the database (migration 0009).
import type { LocalDb } from './local-store.ts';
import { localTsGenerator } from './next-local-ts.ts';

/** A stored message. */
export interface MessageRow {
  channelId: string;
  ts: string;
  threadTs: string | null;
  userId: string;
  text: string;
  blocks: unknown[] | null;
  files: { id: string; title: string }[] | null;
  ephemeralTo: string | null;
  pinned: boolean;
  edited: boolean;
  replyCount: number;
  /** Reactions in the order first added, each with who reacted. */
  reactions: Reaction[];
}

/** One emoji on a message and the people who added it. */
export interface Reaction {
  name: string;
  users: string[];
}

/** What a new message carries. */
export interface NewMessage {
  channelId: string;
  userId: string;
  text: string;
  threadTs?: string | null;
  blocks?: unknown[] | null;
  files?: { id: string; title: string }[] | null;
  ephemeralTo?: string | null;
}

const nextTs = localTsGenerator();
const COLUMNS = `m.channel_id AS "channelId", m.ts, m.thread_ts AS "threadTs", m.user_id AS "userId", m.text, m.blocks, m.files,
  m.ephemeral_to AS "ephemeralTo", m.pinned, m.edited, m.reactions,
  (SELECT count(*)::int FROM local_messages r WHERE r.channel_id = m.channel_id AND r.thread_ts = m.ts AND r.ts <> m.ts) AS "replyCount"`;

/** Stores a message with the next ts and returns it. */
export async function insertMessage(pool: LocalDb, m: NewMessage): Promise<MessageRow> {
  const newest = await pool.query<{ ts: string | null }>(
    'SELECT max(ts) AS ts FROM local_messages WHERE channel_id = $1',
    [m.channelId],
  );
  const ts = nextTs(newest.rows[0]?.ts ?? undefined);
  await pool.query(
    `INSERT INTO local_messages (channel_id, ts, thread_ts, user_id, text, blocks, files, ephemeral_to) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [m.channelId, ts, m.threadTs ?? null, m.userId, m.text, json(m.blocks), json(m.files), m.ephemeralTo ?? null],
  );
  return (await findMessage(pool, m.channelId, ts))!;
}

/** One message, or undefined. */
export async function findMessage(pool: LocalDb, channelId: string, ts: string): Promise<MessageRow | undefined> {
  return (
    await pool.query<MessageRow>(`SELECT ${COLUMNS} FROM local_messages m WHERE m.channel_id = $1 AND m.ts = $2`, [
      channelId,
      ts,
    ])
  ).rows[0];
}

/** Replaces a message's text and blocks (marked edited); false when there is no such message. */
export async function updateMessage(
  pool: LocalDb,
  channelId: string,
  ts: string,
  patch: { text?: string; blocks?: unknown[] | null; files?: unknown[] | null },
): Promise<boolean> {
  const res = await pool.query(
    `UPDATE local_messages SET text = COALESCE($3, text), blocks = CASE WHEN $4::boolean THEN $5::jsonb ELSE blocks END,
       files = CASE WHEN $6::boolean THEN $7::jsonb ELSE files END, edited = true WHERE channel_id = $1 AND ts = $2`,
    [
      channelId,
      ts,
      patch.text ?? null,
      patch.blocks !== undefined,
      json(patch.blocks),
      patch.files !== undefined,
      json(patch.files),
    ],
  );
  return (res.rowCount ?? 0) > 0;
}

/** Deletes a message (and its replies, as Slack hides them); false when there is none. */
export async function deleteMessage(pool: LocalDb, channelId: string, ts: string): Promise<boolean> {
  const res = await pool.query('DELETE FROM local_messages WHERE channel_id = $1 AND (ts = $2 OR thread_ts = $2)', [
    channelId,
    ts,
  ]);
  return (res.rowCount ?? 0) > 0;
}

/** Pins a message; 'already_pinned' or 'message_not_found' when it cannot. */
export async function pinMessage(
  pool: LocalDb,
  channelId: string,
  ts: string,
): Promise<'ok' | 'already_pinned' | 'message_not_found'> {
  const m = await findMessage(pool, channelId, ts);
  if (!m) return 'message_not_found';
  if (m.pinned) return 'already_pinned';
  await pool.query('UPDATE local_messages SET pinned = true WHERE channel_id = $1 AND ts = $2', [channelId, ts]);
  return 'ok';
}

/** Unpins a message; 'no_pin' or 'message_not_found' when it cannot. */
export async function unpinMessage(
  pool: LocalDb,
  channelId: string,
  ts: string,
): Promise<'ok' | 'no_pin' | 'message_not_found'> {
  const m = await findMessage(pool, channelId, ts);
  if (!m) return 'message_not_found';
  if (!m.pinned) return 'no_pin';
  await pool.query('UPDATE local_messages SET pinned = false WHERE channel_id = $1 AND ts = $2', [channelId, ts]);
  return 'ok';
}

/** The pinned messages of a channel, oldest first. */
export async function pinnedMessages(pool: LocalDb, channelId: string): Promise<MessageRow[]> {
  return (
    await pool.query<MessageRow>(
      `SELECT ${COLUMNS} FROM local_messages m WHERE m.channel_id = $1 AND m.pinned ORDER BY m.ts`,
      [channelId],
    )
  ).rows;
}

/** Adds (or takes off) `user`'s reaction `name`; Slack's already_reacted, no_reaction or message_not_found when it cannot. */
export async function setReaction(
  pool: LocalDb,
  where: { channelId: string; ts: string },
  name: string,
  user: string,
  on: boolean,
): Promise<'ok' | 'already_reacted' | 'no_reaction' | 'message_not_found'> {
  const m = await findMessage(pool, where.channelId, where.ts);
  if (!m) return 'message_not_found';
  const had = m.reactions.some((r) => r.name === name && r.users.includes(user));
  if (on && had) return 'already_reacted';
  if (!on && !had) return 'no_reaction';
  const next = on
    ? m.reactions.some((r) => r.name === name)
      ? m.reactions.map((r) => (r.name === name ? { name, users: [...r.users, user] } : r))
      : [...m.reactions, { name, users: [user] }]
    : m.reactions
        .map((r) => (r.name === name ? { name, users: r.users.filter((u) => u !== user) } : r))
        .filter((r) => r.users.length > 0);
  await pool.query('UPDATE local_messages SET reactions = $3 WHERE channel_id = $1 AND ts = $2', [
    where.channelId,
    where.ts,
    JSON.stringify(next),
  ]);
  return 'ok';
}

/** Stores a person's Home tab (views.publish). */
export async function saveHomeView(pool: LocalDb, userId: string, view: Record<string, unknown>): Promise<void> {
  await pool.query(
    `INSERT INTO local_home_views (user_id, view) VALUES ($1, $2)
       ON CONFLICT (user_id) DO UPDATE SET view = $2, updated_at = now()`,
    [userId, JSON.stringify(view)],
  );
}

/** A person's Home tab as last published, or undefined. */
export async function homeViewOf(pool: LocalDb, userId: string): Promise<Record<string, unknown> | undefined> {
  return (await pool.query('SELECT view FROM local_home_views WHERE user_id = $1', [userId])).rows[0]?.view;
}

/** Top-level messages of a channel, oldest first; ephemeral ones only for `viewer` (none when undefined). */
export async function channelMessages(
  pool: LocalDb,
  channelId: string,
  viewer?: string,
  limit = 200,
): Promise<MessageRow[]> {
  const rows = await pool.query<MessageRow>(
    `SELECT ${COLUMNS} FROM local_messages m WHERE m.channel_id = $1 AND (m.thread_ts IS NULL OR m.thread_ts = m.ts)
       AND (m.ephemeral_to IS NULL OR m.ephemeral_to = $2) ORDER BY m.ts DESC LIMIT $3`,
    [channelId, viewer ?? null, limit],
  );
  return rows.rows.reverse();
}

/** A thread: its parent, then the replies oldest first (ephemeral ones only for `viewer`). */
export async function threadMessages(
  pool: LocalDb,
  channelId: string,
  threadTs: string,
  viewer?: string,
): Promise<MessageRow[]> {
  return (
    await pool.query<MessageRow>(
      `SELECT ${COLUMNS} FROM local_messages m WHERE m.channel_id = $1 AND (m.ts = $2 OR m.thread_ts = $2)
       AND (m.ephemeral_to IS NULL OR m.ephemeral_to = $3) ORDER BY m.ts`,
      [channelId, threadTs, viewer ?? null],
    )
  ).rows;
}

/** How many top-level messages each channel has (not ephemeral ones). */
export async function messageCounts(pool: LocalDb): Promise<Map<string, number>> {
  const res = await pool.query<{ channel_id: string; n: number }>(
    `SELECT channel_id, count(*)::int AS n FROM local_messages WHERE ephemeral_to IS NULL AND (thread_ts IS NULL OR thread_ts = ts) GROUP BY channel_id`,
  );
  return new Map(res.rows.map((r) => [r.channel_id, r.n]));
}

/** Stores a file's name and title (bytes arrive with the upload). */
export async function insertFile(pool: LocalDb, id: string, filename: string, title: string): Promise<void> {
  await pool.query('INSERT INTO local_files (id, filename, title) VALUES ($1, $2, $3)', [id, filename, title]);
}

/** Sets a file's bytes (the upload) or title (completion); false when the file is unknown. */
export async function updateFile(
  pool: LocalDb,
  id: string,
  patch: { bytes?: Buffer; title?: string },
): Promise<boolean> {
  const res = await pool.query(
    'UPDATE local_files SET bytes = COALESCE($2, bytes), title = COALESCE($3, title) WHERE id = $1',
    [id, patch.bytes ?? null, patch.title ?? null],
  );
  return (res.rowCount ?? 0) > 0;
}

/** A file with its bytes (null until uploaded). */
export async function findFile(
  pool: LocalDb,
  id: string,
): Promise<{ id: string; title: string; filename: string; bytes: Buffer | null } | undefined> {
  return (await pool.query('SELECT id, title, filename, bytes FROM local_files WHERE id = $1', [id])).rows[0];
}

/** Stores a view opened for a user (or replaces an open one with the same id). */
export async function saveView(
  pool: LocalDb,
  id: string,
  userId: string,
  view: Record<string, unknown>,
): Promise<void> {
  await pool.query(
    `INSERT INTO local_views (id, user_id, view, private_metadata) VALUES ($1, $2, $3, $4)
       ON CONFLICT (id) DO UPDATE SET view = $3, private_metadata = $4, open = true`,
    [id, userId, JSON.stringify(view), typeof view.private_metadata === 'string' ? view.private_metadata : ''],
  );
}

/** A view by id. */
export async function findView(
  pool: LocalDb,
  id: string,
): Promise<{ id: string; userId: string; view: Record<string, unknown>; open: boolean } | undefined> {
  return (await pool.query('SELECT id, user_id AS "userId", view, open FROM local_views WHERE id = $1', [id])).rows[0];
}

/** The newest open view of a user. */
export async function openViewOf(
  pool: LocalDb,
  userId: string,
): Promise<{ id: string; view: Record<string, unknown> } | undefined> {
  return (
    await pool.query('SELECT id, view FROM local_views WHERE user_id = $1 AND open ORDER BY created_at DESC LIMIT 1', [
      userId,
    ])
  ).rows[0];
}

/** Closes a view (submitted or dismissed). */
export async function closeView(pool: LocalDb, id: string): Promise<void> {
  await pool.query('UPDATE local_views SET open = false WHERE id = $1', [id]);
}

function json(v: unknown): string | null {
  return v === undefined || v === null ? null : JSON.stringify(v);
}
