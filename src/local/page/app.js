// The local workspace page: polls the page API (/local/page/*), renders with render.js, and sends what the
// visitor types or clicks. No framework and no network beyond this server. The contract is
// src/local/local-page-contract.ts.
/* global window, document, fetch, localStorage, sessionStorage, URLSearchParams */
import {
  commandHints,
  encodeMentions,
  escapeHtml,
  mentionName,
  mentionQuery,
  peopleMatches,
  renderChannelList,
  renderHome,
  renderMessageList,
  renderShortcutMenu,
  renderView,
  viewErrors,
  viewStateValues,
} from './render.js';
import { createPollLoop } from './poll-loop.js';

const POLL_MS = 1500;
/** After a send or a click the bot usually answers within a second: look again at these delays. */
const SOON_MS = [200, 600, 1200];
const USER_KEY = 'vigil.local.user';
const CHANNEL_KEY = 'vigil.local.channel';
const DISMISSED_KEY = 'vigil.local.dismissedViews';
const NO_REPLAY_KEY = 'vigil.local.noReplay';

const $ = (id) => document.getElementById(id);
const el = {
  banner: $('local-banner'),
  workspace: $('workspace-name'),
  switcher: $('user-switcher'),
  channels: $('channels'),
  replay: $('replay'),
  replayStatus: $('replay-status'),
  replayControl: $('replay-control'),
  replaySpeed: $('replay-speed'),
  replayStart: $('replay-start'),
  replayError: $('replay-error'),
  connection: $('connection'),
  title: $('channel-title'),
  topic: $('channel-topic'),
  messages: $('messages'),
  form: $('composer-form'),
  composer: $('composer'),
  send: $('send'),
  hints: $('command-hints'),
  mentions: $('mention-hints'),
  composerError: $('composer-error'),
  thread: $('thread'),
  threadChannel: $('thread-channel'),
  threadMessages: $('thread-messages'),
  threadForm: $('thread-form'),
  threadComposer: $('thread-composer'),
  threadError: $('thread-error'),
  threadClose: $('thread-close'),
  modalRoot: $('modal-root'),
  homeLink: $('home-link'),
  globalShortcuts: $('global-shortcuts'),
  shortcutMenu: $('shortcut-menu'),
};

const page = {
  user: readStorage(localStorage, USER_KEY),
  // A link to #name wins over the channel read last time.
  channelId: window.location.hash.length > 1 ? null : readStorage(localStorage, CHANNEL_KEY),
  threadTs: null,
  /** The app's Home tab is shown instead of a channel. */
  home: false,
  state: null,
  messages: [],
  sig: { state: '', users: '', channels: '', messages: '', thread: '', view: '' },
  /** viewId → the view's JSON when it was closed or submitted here: it is not shown again unless it changes. */
  dismissed: readJson(sessionStorage, DISMISSED_KEY, {}),
  replayMissing: readStorage(sessionStorage, NO_REPLAY_KEY) === '1',
};

function readStorage(store, key) {
  try {
    return store.getItem(key);
  } catch {
    return null;
  }
}

function writeStorage(store, key, value) {
  try {
    if (value === null || value === undefined) store.removeItem(key);
    else store.setItem(key, value);
  } catch {
    // Storage can be off (private windows); the page still works for this visit.
  }
}

function readJson(store, key, fallback) {
  try {
    return JSON.parse(readStorage(store, key) ?? '') ?? fallback;
  } catch {
    return fallback;
  }
}

// ---- the page API ----

async function getJson(path, params) {
  const qs = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== null && v !== undefined && v !== ''));
  const res = await fetch(`${path}?${qs}`, { headers: { accept: 'application/json' }, cache: 'no-store' });
  if (!res.ok) {
    const body = await res.json().catch(() => null);
    // A refusal (no token, foreign address) carries a hint saying what to do; show that.
    const err = new Error(body?.hint ?? body?.error ?? `HTTP ${res.status}`);
    err.status = res.status;
    throw err;
  }
  return res.json();
}

/** POSTs JSON; always answers { ok, error?, status, ... } (network failures and non-JSON replies included). */
async function post(path, body) {
  try {
    const res = await fetch(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(body),
    });
    const reply = await res.json().catch(() => null);
    if (reply && typeof reply === 'object')
      return {
        ...reply,
        ...(reply.hint ? { error: reply.hint } : {}),
        ok: Boolean(reply.ok) && res.ok,
        status: res.status,
      };
    return {
      ok: false,
      error: res.ok ? 'The server answered without JSON.' : `The server answered HTTP ${res.status}.`,
      status: res.status,
    };
  } catch (e) {
    return { ok: false, error: `Could not reach vigil: ${e.message}`, status: 0 };
  }
}

// ---- polling ----

/** One look at the bot: state, the open channel, the open thread. */
async function look() {
  try {
    await refreshState();
    await refreshMessages();
    await refreshThread();
    el.connection.hidden = true;
  } catch (e) {
    el.connection.hidden = false;
    el.connection.textContent = `Not connected to vigil (${e.message}) — retrying…`;
  }
}

const poll = createPollLoop({ look, everyMs: POLL_MS, soonMs: SOON_MS });

/** Names for mentions and who is looking, for render.js. */
function renderContext(extra = {}) {
  const users = {};
  for (const m of page.messages) users[m.userId] = m.userName;
  for (const u of page.state?.users ?? []) users[u.id] = u.name;
  const channels = {};
  for (const c of page.state?.channels ?? []) channels[c.id] = c.name;
  return {
    users,
    channels,
    currentUser: page.user,
    localUserIds: new Set((page.state?.users ?? []).map((u) => u.id)),
    messageShortcuts: (page.state?.shortcuts ?? []).filter((x) => x.type === 'message'),
    ...extra,
  };
}

async function refreshState() {
  const state = await getJson('/local/page/state', { user: page.user });
  const sig = JSON.stringify(state);
  if (sig === page.sig.state) return;
  page.sig.state = sig;
  page.state = state;

  const users = state.users ?? [];
  if (!users.some((u) => u.id === page.user) && users.length > 0) {
    setUser((users.find((u) => u.role === 'responder') ?? users[0]).id, { refetch: false });
    // Ephemeral messages and the open modal depend on who asks.
    page.sig.state = '';
    return refreshState();
  }

  el.banner.textContent = state.workspace?.banner || 'Local workspace — not Slack. Messages stay on this machine.';
  el.workspace.textContent = state.workspace?.name || 'vigil';

  const usersSig = JSON.stringify([users, page.user]);
  if (usersSig !== page.sig.users) {
    page.sig.users = usersSig;
    el.switcher.innerHTML = users
      .map((u) => {
        const role = String(u.name).toLowerCase().includes(String(u.role).toLowerCase()) ? '' : ` (${u.role})`;
        return `<option value="${escapeHtml(u.id)}"${u.id === page.user ? ' selected' : ''}>${escapeHtml(u.name + role)}</option>`;
      })
      .join('');
  }

  const channels = state.channels ?? [];
  if (!channels.some((c) => c.id === page.channelId)) {
    const fromHash = decodeURIComponent(window.location.hash.slice(1));
    const pick = channels.find((c) => c.name === fromHash) ?? channels.find((c) => !c.archived) ?? channels[0];
    if (pick) selectChannel(pick.id, { refetch: false });
  }
  renderChannels();
  renderReplay(state.replay);
  renderModal(state.openView);
}

function renderChannels() {
  const channels = page.state?.channels ?? [];
  const sig = JSON.stringify([channels, page.channelId, page.home]);
  if (sig === page.sig.channels) return;
  page.sig.channels = sig;
  el.channels.innerHTML = renderChannelList(channels, page.home ? null : page.channelId);
  el.homeLink.classList.toggle('selected', page.home);
  el.form.hidden = page.home;
  if (page.home) {
    el.title.textContent = 'vigil · Home';
    el.topic.textContent = 'The app’s Home tab, as views.publish last set it for you';
    document.title = `Home — ${page.state?.workspace?.name ?? 'vigil'} (local)`;
    return;
  }
  const current = channels.find((c) => c.id === page.channelId);
  el.title.textContent = current ? `#${current.name}${current.archived ? ' (archived)' : ''}` : 'No channels yet';
  el.topic.textContent = current?.topic ?? '';
  el.composer.placeholder = current ? `Message #${current.name}, or type / for a command` : 'No channel';
  el.composer.disabled = !current || current.archived;
  el.send.disabled = el.composer.disabled;
  document.title = current
    ? `#${current.name} — ${page.state?.workspace?.name ?? 'vigil'} (local)`
    : 'vigil — local workspace';
}

function isNearBottom(box) {
  return box.scrollHeight - box.scrollTop - box.clientHeight < 60;
}

/** Re-renders a message list only when it changed, keeping the reader's place (or the bottom). */
function paintMessages(box, html, { toBottom = false } = {}) {
  // A select being used would close under the reader's cursor: wait for the next poll.
  if (box.contains(document.activeElement) && document.activeElement.tagName === 'SELECT') return false;
  const stick = toBottom || box.dataset.stuck !== 'false';
  const top = box.scrollTop;
  box.innerHTML = html;
  box.scrollTop = stick ? box.scrollHeight : top;
  box.dataset.stuck = String(stick);
  return true;
}

/** A list read at its bottom stays there while the charts in it load (they grow the list after painting). */
function keepAtBottom(box) {
  box.addEventListener('scroll', () => {
    box.dataset.stuck = String(isNearBottom(box));
  });
  box.addEventListener(
    'load',
    () => {
      if (box.dataset.stuck !== 'false') box.scrollTop = box.scrollHeight;
    },
    true,
  );
}

async function refreshMessages() {
  if (page.home) {
    const sig = JSON.stringify(['home', page.user, page.state?.home ?? null]);
    if (sig !== page.sig.messages && paintMessages(el.messages, renderHome(page.state?.home ?? null, renderContext())))
      page.sig.messages = sig;
    return;
  }
  if (!page.channelId) {
    if (page.sig.messages !== 'none') {
      page.sig.messages = 'none';
      el.messages.innerHTML = '<div class="empty">vigil has not created or joined any channel yet.</div>';
    }
    return;
  }
  const channelId = page.channelId;
  const data = await getJson('/local/page/messages', { channel: channelId, user: page.user });
  if (channelId !== page.channelId) return;
  if (data.ok === false) {
    // The channel is gone (another database, a reset): pick one again from the next state.
    page.channelId = null;
    page.sig.state = '';
    return;
  }
  const sig = JSON.stringify([channelId, page.user, data.messages]);
  if (sig === page.sig.messages) return;
  const fresh = !page.sig.messages.startsWith(JSON.stringify([channelId, page.user]).slice(0, -1));
  // Top-level messages only: replies live in their thread.
  page.messages = (data.messages ?? []).filter((m) => !m.threadTs || m.threadTs === m.ts);
  const html = renderMessageList(
    page.messages,
    renderContext({ emptyText: 'No messages in this channel yet. Try /incident new Refund spike sev=2' }),
  );
  if (paintMessages(el.messages, html, { toBottom: fresh })) page.sig.messages = sig;
}

async function refreshThread() {
  if (!page.threadTs || !page.channelId) return;
  const threadTs = page.threadTs;
  const data = await getJson('/local/page/messages', { channel: page.channelId, user: page.user, thread: threadTs });
  if (threadTs !== page.threadTs) return;
  let messages = data.messages ?? [];
  if (!messages.some((m) => m.ts === threadTs)) {
    const parent = page.messages.find((m) => m.ts === threadTs);
    if (parent) messages = [parent, ...messages];
  }
  const sig = JSON.stringify([threadTs, page.user, messages]);
  if (sig === page.sig.thread) return;
  const fresh = !page.sig.thread.startsWith(JSON.stringify([threadTs]).slice(0, -1));
  const [parent, ...replies] = messages.sort((a, b) => Number.parseFloat(a.ts) - Number.parseFloat(b.ts));
  const ctx = renderContext({ inThread: true });
  const divider = replies.length
    ? `<div class="thread-count">${replies.length} ${replies.length === 1 ? 'reply' : 'replies'}</div>`
    : '';
  const html =
    renderMessageList(parent ? [parent] : [], ctx) + divider + (replies.length ? renderMessageList(replies, ctx) : '');
  if (paintMessages(el.threadMessages, html, { toBottom: fresh })) page.sig.thread = sig;
}

// ---- choosing who and where ----

function setUser(id, { refetch = true } = {}) {
  page.user = id;
  writeStorage(localStorage, USER_KEY, id);
  page.sig.messages = '';
  page.sig.thread = '';
  page.sig.users = '';
  if (refetch) {
    page.sig.state = '';
    closeModalDom();
    if (page.home) openHome();
    else poll.now();
  }
}

/** Opens the app's Home tab: app_home_opened goes to the bot, whose views.publish the next poll shows. */
async function openHome() {
  closeThread();
  closeShortcutMenu();
  page.home = true;
  page.sig.messages = '';
  el.messages.innerHTML = '<div class="empty">Opening the Home tab…</div>';
  renderChannels();
  const reply = await post('/local/page/home', { user: page.user });
  if (!reply.ok)
    el.messages.innerHTML = `<div class="empty">${escapeHtml(reply.error ?? 'The Home tab did not open.')}</div>`;
  page.sig.state = '';
  poll.soon();
}

function selectChannel(id, { refetch = true } = {}) {
  if (page.home) {
    page.home = false;
    page.sig.channels = '';
  }
  if (id !== page.channelId) closeThread();
  page.channelId = id;
  writeStorage(localStorage, CHANNEL_KEY, id);
  const c = page.state?.channels?.find((x) => x.id === id);
  if (c && decodeURIComponent(window.location.hash.slice(1)) !== c.name)
    window.history.replaceState(null, '', `#${encodeURIComponent(c.name)}`);
  page.sig.messages = '';
  showError(el.composerError, '');
  renderChannels();
  if (refetch) poll.now();
}

function openThread(ts) {
  page.threadTs = ts;
  page.sig.thread = '';
  el.thread.hidden = false;
  const c = page.state?.channels?.find((x) => x.id === page.channelId);
  el.threadChannel.textContent = c ? `#${c.name}` : '';
  el.threadMessages.innerHTML = '<div class="empty">Loading…</div>';
  showError(el.threadError, '');
  poll.now();
  el.threadComposer.focus();
}

function closeThread() {
  page.threadTs = null;
  page.sig.thread = '';
  el.thread.hidden = true;
  el.threadMessages.innerHTML = '';
}

// ---- replay ----

function renderReplay(replay) {
  const show = Boolean(replay) || !page.replayMissing;
  el.replay.hidden = !show;
  el.replayControl.hidden = page.replayMissing;
  if (replay) {
    const at = replay.at ? new Date(replay.at) : null;
    const when =
      at && !Number.isNaN(at.getTime())
        ? at.toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' })
        : 'not started';
    // Beyond the contract's running/at/speed, the replay may say what it did so far (replay-demo.ts ReplayStatus).
    const done = [
      ['incidents', 'incident'],
      ['digests', 'digest'],
    ]
      .filter(([k]) => typeof replay[k] === 'number')
      .map(([k, one]) => `${replay[k]} ${replay[k] === 1 ? one : k}`);
    const parts = [replay.running ? 'Running' : 'Stopped', `demo time ${when}`];
    if (replay.speed) parts.push(`${replay.speed} h/s`);
    el.replayStatus.textContent = [...parts, ...done].join(' · ') + (replay.error ? ` — ${replay.error}` : '');
    el.replayStatus.classList.toggle('running', Boolean(replay.running));
  } else {
    el.replayStatus.textContent = 'Walk the demo days forward: alerts fire, incidents open, digests post.';
    el.replayStatus.classList.remove('running');
  }
}

async function startReplay() {
  el.replayStart.disabled = true;
  const reply = await post('/local/page/replay', { speed: Number(el.replaySpeed.value) });
  el.replayStart.disabled = false;
  // No replay behind this server: a 404, or the page API's "No page action replay".
  if (reply.status === 404 || reply.status === 405 || /^No page action/i.test(reply.error ?? '')) {
    page.replayMissing = true;
    writeStorage(sessionStorage, NO_REPLAY_KEY, '1');
    el.replayError.hidden = true;
    renderReplay(page.state?.replay ?? null);
    return;
  }
  showError(el.replayError, reply.ok ? '' : (reply.error ?? 'The replay did not start.'));
  page.sig.state = '';
  poll.soon();
}

// ---- composing ----

function showError(box, message) {
  box.textContent = message || '';
  box.hidden = !message;
}

function autosize(textarea) {
  textarea.style.height = 'auto';
  textarea.style.height = `${Math.min(textarea.scrollHeight, 200)}px`;
}

function renderHints() {
  const hints = commandHints(el.composer.value);
  const exact =
    hints.length === 1 &&
    el.composer.value.trim().split(/\s/, 1)[0] === hints[0].command &&
    /\s/.test(el.composer.value);
  el.hints.hidden = hints.length === 0;
  el.hints.innerHTML = hints
    .map(
      (h, i) =>
        `<li><button type="button" class="hint${i === 0 && !exact ? ' active' : ''}" data-command="${escapeHtml(h.command)}" data-testid="hint-${escapeHtml(h.command.slice(1))}"><span class="hint-command">${escapeHtml(h.command)}</span> <span class="hint-usage">${escapeHtml(h.hint)}</span><span class="hint-description">${escapeHtml(h.description)}</span></button></li>`,
    )
    .join('');
}

/** The @-autocomplete: the people whose name starts with what follows the @ before the caret. */
function renderMentionHints() {
  const q = mentionQuery(el.composer.value, el.composer.selectionStart);
  const matches = q ? peopleMatches(page.state?.users ?? [], q.query) : [];
  el.mentions.hidden = matches.length === 0;
  if (matches.length) el.hints.hidden = true;
  el.mentions.innerHTML = matches
    .map(
      (u, i) =>
        `<li><button type="button" class="hint${i === 0 ? ' active' : ''}" data-user-id="${escapeHtml(u.id)}" data-testid="mention-${escapeHtml(mentionName(u).toLowerCase())}"><span class="hint-command">@${escapeHtml(mentionName(u))}</span> <span class="hint-usage">${escapeHtml(u.name)}</span></button></li>`,
    )
    .join('');
}

/** Puts `@Name ` in place of the typed `@na`; sending turns it into the `<@U…>` mention Slack sends. */
function completeMention(userId) {
  const q = mentionQuery(el.composer.value, el.composer.selectionStart);
  const user = (page.state?.users ?? []).find((u) => u.id === userId);
  if (!q || !user) return;
  const before = el.composer.value.slice(0, q.start);
  const inserted = `@${mentionName(user)} `;
  el.composer.value = before + inserted + el.composer.value.slice(q.end).replace(/^ /, '');
  const caret = before.length + inserted.length;
  el.composer.setSelectionRange(caret, caret);
  el.mentions.hidden = true;
  el.composer.focus();
}

function completeHint(command) {
  el.composer.value = `${command} `;
  renderHints();
  el.composer.focus();
}

async function sendComposer() {
  const text = encodeMentions(el.composer.value.trim(), page.state?.users ?? []);
  if (!text || !page.channelId || !page.user) return;
  el.send.disabled = true;
  const isCommand = text.startsWith('/');
  const reply = isCommand
    ? await post('/local/page/command', { user: page.user, channel: page.channelId, text })
    : await post('/local/page/message', { user: page.user, channel: page.channelId, text });
  el.send.disabled = false;
  if (!reply.ok) {
    showError(
      el.composerError,
      reply.error ?? (isCommand ? 'The command was not accepted.' : 'The message was not posted.'),
    );
    return;
  }
  showError(el.composerError, '');
  el.composer.value = '';
  autosize(el.composer);
  renderHints();
  renderMentionHints();
  el.composer.focus();
  poll.soon();
}

async function sendThreadReply() {
  const text = encodeMentions(el.threadComposer.value.trim(), page.state?.users ?? []);
  if (!text || !page.threadTs) return;
  const submit = el.threadForm.querySelector('button[type="submit"]');
  submit.disabled = true;
  const reply = text.startsWith('/')
    ? await post('/local/page/command', { user: page.user, channel: page.channelId, text })
    : await post('/local/page/message', { user: page.user, channel: page.channelId, text, threadTs: page.threadTs });
  submit.disabled = false;
  if (!reply.ok) {
    showError(el.threadError, reply.error ?? 'The reply was not posted.');
    return;
  }
  showError(el.threadError, '');
  el.threadComposer.value = '';
  autosize(el.threadComposer);
  poll.soon();
}

/** Enter sends, Shift+Enter breaks the line (and an IME composition is left alone). */
function enterSends(textarea, send) {
  textarea.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing && !e.altKey && !e.ctrlKey && !e.metaKey) {
      e.preventDefault();
      send();
    }
  });
  textarea.addEventListener('input', () => autosize(textarea));
}

// ---- buttons and selects in messages ----

function errorBoxFor(target) {
  if (el.thread.contains(target)) return el.threadError;
  return el.composerError;
}

async function sendAction(target, extra) {
  const msg = target.closest('[data-ts]');
  const inModal = el.modalRoot.contains(target);
  const body = {
    user: page.user,
    channel: page.channelId,
    messageTs: msg?.dataset.ts ?? '',
    actionId: target.dataset.actionId,
    ...(target.dataset.blockId ? { blockId: target.dataset.blockId } : {}),
    ...extra,
  };
  if (inModal) body.viewId = el.modalRoot.querySelector('[data-view-id]')?.dataset.viewId;
  const home = target.closest('.home-view');
  if (home) body.viewId = home.dataset.viewId;
  target.disabled = true;
  target.classList.add('busy');
  const reply = await post('/local/page/action', body);
  target.disabled = false;
  target.classList.remove('busy');
  showError(errorBoxFor(target), reply.ok ? '' : (reply.error ?? 'The action was not accepted.'));
  poll.soon();
}

function onButton(button) {
  const d = button.dataset;
  if (d.confirmText || d.confirmTitle) {
    const question = [d.confirmTitle, d.confirmText].filter(Boolean).join('\n\n');
    const labels =
      d.confirmOk || d.confirmDeny ? `\n\n(OK: ${d.confirmOk ?? 'OK'} · Cancel: ${d.confirmDeny ?? 'Cancel'})` : '';
    if (!window.confirm(question + labels)) return;
  }
  sendAction(button, d.value !== undefined ? { value: d.value } : {});
}

/** A reaction or a pin on a message: stored by the page API and delivered to the bot as Slack's events. */
async function onMessageTool(tool) {
  const msg = tool.closest('[data-ts]');
  if (!msg || !page.user || !page.channelId) return;
  const what = tool.dataset.msgAction;
  if (what === 'shortcuts') return openShortcutMenu(tool, msg.dataset.ts);
  tool.disabled = true;
  const where = { user: page.user, channel: page.channelId, messageTs: msg.dataset.ts };
  const reply =
    what === 'pin'
      ? await post('/local/page/pin', where)
      : await post('/local/page/reaction', { ...where, name: tool.dataset.reaction });
  tool.disabled = false;
  showError(errorBoxFor(tool), reply.ok ? '' : (reply.error ?? 'That did not work.'));
  poll.soon();
}

function onClick(e) {
  const tool = e.target.closest('button[data-msg-action]');
  if (tool && !tool.disabled) {
    e.preventDefault();
    onMessageTool(tool);
    return;
  }
  const button = e.target.closest('button[data-kind="button"]');
  if (button && !button.disabled) {
    e.preventDefault();
    onButton(button);
    return;
  }
  const replies = e.target.closest('button[data-thread-ts]');
  if (replies) {
    openThread(replies.dataset.threadTs);
    return;
  }
  const channel = e.target.closest('a[data-channel-id]');
  if (channel) {
    e.preventDefault();
    if (page.state?.channels?.some((c) => c.id === channel.dataset.channelId)) selectChannel(channel.dataset.channelId);
  }
}

function onChange(e) {
  const select = e.target.closest('select[data-kind="select"]');
  if (!select || !select.value) return;
  const text = select.selectedOptions[0]?.textContent ?? select.value;
  sendAction(select, { selectedOption: { value: select.value, text } });
}

// ---- shortcuts ----

/** The global (⚡, no message) or a message's (⋯) shortcuts menu, beside what opened it. */
function openShortcutMenu(anchor, messageTs) {
  el.shortcutMenu.innerHTML = renderShortcutMenu(page.state?.shortcuts ?? [], messageTs ? 'message' : 'global');
  el.shortcutMenu.dataset.messageTs = messageTs ?? '';
  el.shortcutMenu.hidden = false;
  const r = anchor.getBoundingClientRect();
  const menu = el.shortcutMenu.getBoundingClientRect();
  el.shortcutMenu.style.left = `${Math.max(8, Math.min(r.right - menu.width, window.innerWidth - menu.width - 8))}px`;
  el.shortcutMenu.style.top = `${r.top - menu.height - 4 > 8 ? r.top - menu.height - 4 : r.bottom + 4}px`;
  el.shortcutMenu.querySelector('button')?.focus();
}

function closeShortcutMenu() {
  el.shortcutMenu.hidden = true;
  el.shortcutMenu.innerHTML = '';
}

/** Runs a shortcut: the bot acks and usually opens a modal with the trigger, which the next poll shows. */
async function runShortcut(item) {
  const messageTs = el.shortcutMenu.dataset.messageTs;
  closeShortcutMenu();
  const reply = await post('/local/page/shortcut', {
    user: page.user,
    callbackId: item.dataset.callbackId,
    ...(messageTs ? { channel: page.channelId, messageTs } : {}),
  });
  showError(el.composerError, reply.ok ? '' : (reply.error ?? 'The shortcut did not run.'));
  page.sig.state = '';
  poll.soon();
}

// ---- modals ----

function viewSig(openView) {
  return JSON.stringify(openView?.view ?? null);
}

function renderModal(openView, { errors = {}, formError = '' } = {}) {
  const visible = openView && page.dismissed[openView.viewId] !== viewSig(openView) ? openView : null;
  const sig = visible ? JSON.stringify([visible.viewId, visible.view, errors, formError]) : '';
  if (sig === page.sig.view) return;
  // Typed values survive a re-render (errors shown, the same view updated).
  const typed = visible && page.sig.view ? readModalInputs() : [];
  page.sig.view = sig;
  if (!visible) {
    closeModalDom();
    return;
  }
  const wasOpen = !el.modalRoot.hidden;
  el.modalRoot.innerHTML = renderView(visible, renderContext(), errors, formError);
  el.modalRoot.hidden = false;
  for (const t of typed) {
    const input = el.modalRoot.querySelector(
      `[data-kind="input"][data-block-id="${cssEscape(t.blockId)}"][data-action-id="${cssEscape(t.actionId)}"]`,
    );
    if (input) input.value = t.value;
  }
  if (!wasOpen) el.modalRoot.querySelector('input, textarea, select')?.focus();
}

function cssEscape(s) {
  return String(s).replace(/["\\]/g, '\\$&');
}

function closeModalDom() {
  el.modalRoot.hidden = true;
  el.modalRoot.innerHTML = '';
  page.sig.view = '';
}

function dismissModal() {
  const openView = page.state?.openView;
  if (openView) {
    page.dismissed[openView.viewId] = viewSig(openView);
    writeStorage(sessionStorage, DISMISSED_KEY, JSON.stringify(page.dismissed));
  }
  closeModalDom();
}

function readModalInputs() {
  return [...el.modalRoot.querySelectorAll('[data-kind="input"]')].map((input) => ({
    blockId: input.dataset.blockId,
    actionId: input.dataset.actionId,
    type: input.dataset.inputType,
    value: input.value,
    text: input.tagName === 'SELECT' ? (input.selectedOptions[0]?.textContent ?? '') : undefined,
    required: input.required || (input.tagName === 'SELECT' && !input.closest('.b-input')?.querySelector('.optional')),
  }));
}

async function submitModal() {
  const openView = page.state?.openView;
  if (!openView) return;
  const entries = readModalInputs();
  const missing = {};
  for (const e of entries) if (e.required && !e.value.trim()) missing[e.blockId] = 'Please fill out this field.';
  if (Object.keys(missing).length) {
    renderModal(openView, { errors: missing });
    return;
  }
  const submit = el.modalRoot.querySelector('[data-modal="submit"]');
  if (submit) submit.disabled = true;
  const reply = await post('/local/page/view', {
    user: page.user,
    viewId: openView.viewId,
    values: viewStateValues(entries),
  });
  if (submit) submit.disabled = false;
  if (!reply.ok || (reply.errors && Object.keys(reply.errors).length)) {
    renderModal(openView, {
      errors: viewErrors(reply),
      formError: reply.errors ? '' : (reply.error ?? 'The form was not accepted.'),
    });
    return;
  }
  // Closed here; if the bot answers with an updated view, the next poll shows it.
  dismissModal();
  page.sig.state = '';
  poll.soon();
}

// ---- wiring ----

function wire() {
  el.switcher.addEventListener('change', () => setUser(el.switcher.value));
  el.channels.addEventListener('click', (e) => {
    const a = e.target.closest('a[data-channel-id]');
    if (!a) return;
    e.preventDefault();
    selectChannel(a.dataset.channelId);
  });
  window.addEventListener('hashchange', () => {
    const name = decodeURIComponent(window.location.hash.slice(1));
    const c = page.state?.channels?.find((x) => x.name === name);
    if (c && c.id !== page.channelId) selectChannel(c.id);
  });

  keepAtBottom(el.messages);
  keepAtBottom(el.threadMessages);
  for (const box of [el.messages, el.threadMessages, el.modalRoot]) {
    box.addEventListener('click', onClick);
    box.addEventListener('change', onChange);
  }

  el.form.addEventListener('submit', (e) => {
    e.preventDefault();
    sendComposer();
  });
  enterSends(el.composer, () => {
    const person = el.mentions.hidden ? null : el.mentions.querySelector('.hint.active');
    if (person) return completeMention(person.dataset.userId);
    const active = el.hints.querySelector('.hint.active');
    const typed = el.composer.value.trim();
    // "/inc" + Enter completes the command first, as Slack does.
    if (active && !/\s/.test(typed) && typed !== active.dataset.command) completeHint(active.dataset.command);
    else sendComposer();
  });
  el.composer.addEventListener('input', () => {
    renderHints();
    renderMentionHints();
  });
  el.composer.addEventListener('keydown', (e) => {
    if (!el.mentions.hidden && ['Tab', 'Escape', 'ArrowDown', 'ArrowUp'].includes(e.key)) {
      e.preventDefault();
      const all = [...el.mentions.querySelectorAll('.hint')];
      const i = all.findIndex((h) => h.classList.contains('active'));
      if (e.key === 'Escape') el.mentions.hidden = true;
      else if (e.key === 'Tab') completeMention((all[i] ?? all[0])?.dataset.userId);
      else {
        const next = (i + (e.key === 'ArrowDown' ? 1 : all.length - 1)) % all.length;
        all.forEach((h, j) => h.classList.toggle('active', j === next));
      }
      return;
    }
    if (e.key === 'Tab' && !el.hints.hidden) {
      const active = el.hints.querySelector('.hint.active') ?? el.hints.querySelector('.hint');
      if (active) {
        e.preventDefault();
        completeHint(active.dataset.command);
      }
    } else if (e.key === 'Escape') {
      el.hints.hidden = true;
    } else if ((e.key === 'ArrowDown' || e.key === 'ArrowUp') && !el.hints.hidden) {
      const all = [...el.hints.querySelectorAll('.hint')];
      if (all.length < 2) return;
      e.preventDefault();
      const i = all.findIndex((h) => h.classList.contains('active'));
      const next = (i + (e.key === 'ArrowDown' ? 1 : all.length - 1)) % all.length;
      all.forEach((h, j) => h.classList.toggle('active', j === next));
    }
  });
  el.mentions.addEventListener('click', (e) => {
    const person = e.target.closest('[data-user-id]');
    if (person) completeMention(person.dataset.userId);
  });
  el.hints.addEventListener('click', (e) => {
    const hint = e.target.closest('[data-command]');
    if (hint) completeHint(hint.dataset.command);
  });

  el.threadForm.addEventListener('submit', (e) => {
    e.preventDefault();
    sendThreadReply();
  });
  enterSends(el.threadComposer, sendThreadReply);
  el.threadClose.addEventListener('click', closeThread);

  el.replayStart.addEventListener('click', startReplay);

  el.homeLink.addEventListener('click', (e) => {
    e.preventDefault();
    openHome();
  });
  el.globalShortcuts.addEventListener('click', (e) => {
    e.stopPropagation();
    if (el.shortcutMenu.hidden) openShortcutMenu(el.globalShortcuts, null);
    else closeShortcutMenu();
  });
  el.shortcutMenu.addEventListener('click', (e) => {
    const item = e.target.closest('[data-callback-id]');
    if (item) runShortcut(item);
  });
  document.addEventListener('click', (e) => {
    if (!el.shortcutMenu.hidden && !el.shortcutMenu.contains(e.target) && !e.target.closest('[data-msg-action]'))
      closeShortcutMenu();
  });
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && !el.shortcutMenu.hidden) closeShortcutMenu();
  });

  el.modalRoot.addEventListener('click', (e) => {
    const action = e.target.closest('[data-modal]')?.dataset.modal;
    if (action === 'close') dismissModal();
    else if (action === 'submit') submitModal();
    else if (e.target === el.modalRoot) dismissModal();
  });
  el.modalRoot.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') dismissModal();
    if (e.key === 'Enter' && e.target.tagName === 'INPUT') {
      e.preventDefault();
      submitModal();
    }
  });
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && el.modalRoot.hidden && !el.thread.hidden && el.thread.contains(document.activeElement))
      closeThread();
  });
}

wire();
poll.start();
el.composer.focus();
