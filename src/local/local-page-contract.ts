// The local workspace's page API (GET/POST under /local/page/*): what the browser page reads and sends.
// The page never calls vigil's services: commands and clicks become Slack payloads delivered to the same
// Bolt app, and what the bot posts arrives through the local Slack Web API (/local/api/<method>).

/** A local person to act as. */
export interface LocalUser {
  id: string;
  name: string;
  /** What vigil.yml-style role they stand for in the demo: responder, manager, admin. */
  role: 'responder' | 'manager' | 'admin';
}

/** A channel the bot created or joined (or a default one). */
export interface LocalChannel {
  id: string;
  name: string;
  topic: string;
  archived: boolean;
  /** Messages in the channel (top level). */
  messages: number;
}

/** GET /local/page/state?user=U… */
export interface LocalState {
  workspace: { name: string; local: true; banner: string };
  users: LocalUser[];
  channels: LocalChannel[];
  /** A modal opened for this user by views.open, waiting for submit (or null). */
  openView: { viewId: string; view: unknown } | null;
  /** The app's shortcuts (manifest.yml). */
  shortcuts: LocalShortcutInfo[];
  /** This user's Home tab as views.publish last set it (or null before the bot published one). */
  home: { viewId: string; view: unknown } | null;
  /** The demo replay, when one runs. */
  replay: { running: boolean; at: string | null; speed: number } | null;
}

/** GET /local/page/replay: the demo replay's status alone (null before the first replay since the bot started). */
export interface LocalReplay {
  ok: true;
  replay: LocalState['replay'];
}

/** A file attached to a message (chart PNGs), served at `url`. */
export interface LocalFile {
  id: string;
  title: string;
  url: string;
}

/** One message as the page shows it. */
export interface LocalMessage {
  ts: string;
  threadTs: string | null;
  userId: string;
  userName: string;
  text: string;
  blocks: unknown[] | null;
  files: LocalFile[];
  /** Shown only to this user (ephemeral), or null. */
  ephemeralTo: string | null;
  replyCount: number;
  edited: boolean;
  pinned: boolean;
  /** Emoji reactions in the order first added, with who reacted. */
  reactions: { name: string; count: number; users: string[] }[];
}

/** GET /local/page/messages?channel=C…&user=U…[&thread=ts] */
export interface LocalMessages {
  channel: LocalChannel;
  messages: LocalMessage[];
}

/** POST /local/page/command: a slash command typed in the composer. */
export interface LocalCommand {
  user: string;
  channel: string;
  /** "/incident new Refund spike sev=2" */
  text: string;
}

/** POST /local/page/message: a plain message typed in the composer (stored; the bot does not read messages). */
export interface LocalPost {
  user: string;
  channel: string;
  text: string;
  threadTs?: string;
}

/** POST /local/page/action: a button or select in a message, or (viewId, no messageTs) in the Home tab or an open modal. */
export interface LocalAction {
  user: string;
  channel: string;
  messageTs: string;
  viewId?: string;
  actionId: string;
  blockId?: string;
  value?: string;
  selectedOption?: { value: string; text: string };
}

/** POST /local/page/view: an open modal submitted, with its input values by block_id and action_id. */
export interface LocalViewSubmit {
  user: string;
  viewId: string;
  values: Record<string, Record<string, { type: string; value?: string; selected_option?: { value: string } }>>;
}

/** POST /local/page/reaction: the person adds the emoji `name` to a message, or takes theirs off when there
 * (delivered as reaction_added / reaction_removed). */
export interface LocalReaction {
  user: string;
  channel: string;
  messageTs: string;
  name: string;
}

/** POST /local/page/pin: the person pins the message, or unpins it when pinned (pin_added / pin_removed). */
export interface LocalPin {
  user: string;
  channel: string;
  messageTs: string;
}

/** One of the app's shortcuts (manifest.yml): global ones in the composer's menu, message ones on each message. */
export interface LocalShortcutInfo {
  callbackId: string;
  name: string;
  type: 'global' | 'message';
  description: string;
}

/** POST /local/page/shortcut: a shortcut run; with channel and messageTs it is a message shortcut on that message. */
export interface LocalShortcutRun {
  user: string;
  callbackId: string;
  channel?: string;
  messageTs?: string;
}

/** POST /local/page/home { user }: the person opens the app's Home tab (app_home_opened); the view is then in state.home. */
export interface LocalHomeOpen {
  user: string;
}

/** Every POST answers { ok, error? } (errors say what to do). */
export interface LocalReply {
  ok: boolean;
  error?: string;
}
