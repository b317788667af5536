// The local workspace page's rendering: Slack mrkdwn, Block Kit, messages and modals as HTML strings. Pure:
// no DOM, no globals, so the browser (app.js) and Node (test/local/page-render.test.ts) share it. Every text
// that reaches the HTML is escaped here; links are kept only when they are http(s) (or a local file path).
/* global URL */

/** The slash commands the bot registers, for the composer's hint. */
export const COMMANDS = [
  {
    command: '/incident',
    hint: 'new <title> [sev=1..4] | ack | escalate | resolve <note> | update <text> [next=] | role <commander|comms|scribe> @user | status | list | timeline | summary | postmortem | action <text> | help',
    description: 'Open, acknowledge, escalate, resolve and inspect incidents',
  },
  {
    command: '/investigate',
    hint: '<playbook> [key=value ...] | list | help <playbook> | again <run-id>',
    description: 'Run an investigation playbook; results in a thread',
  },
  {
    command: '/metrics',
    hint: 'list | show <metric> [dimension=value ...] [window]',
    description: 'List the watched metrics, or chart one against its expected band',
  },
  {
    command: '/oncall',
    hint: 'who | set @user [until] | schedule | help',
    description: 'Who is on call now and next, overrides and the schedule',
  },
  {
    command: '/digest',
    hint: '[yesterday|today|week] [preview]',
    description: 'Post the daily digest or the weekly report to the managers, or preview it privately',
  },
  {
    command: '/vigil',
    hint: 'help | status | mute <metric> <duration> [slice] | unmute <metric>',
    description: 'Bot health, metric mutes and help',
  },
];

/** The commands a composer text could be starting: "/in" → /incident, /investigate; "/incident new" → /incident. */
export function commandHints(text) {
  const t = String(text ?? '');
  if (!t.startsWith('/')) return [];
  const word = t.split(/\s/, 1)[0].toLowerCase();
  const typedArgs = /\s/.test(t);
  return COMMANDS.filter((c) => (typedArgs ? c.command === word : c.command.startsWith(word)));
}

/** The `@name` being typed at `caret` (after a space or at the start), or null: { start, end, query }. */
export function mentionQuery(text, caret) {
  const t = String(text ?? '');
  const at = Math.max(0, Math.min(caret ?? t.length, t.length));
  const m = /(^|\s)@([\w.-]*)$/.exec(t.slice(0, at));
  return m ? { start: at - m[2].length - 1, end: at, query: m[2] } : null;
}

/** The first word of a person's name ("Ade (admin)" → "Ade"): what the composer shows after the @. */
export function mentionName(user) {
  return String(user?.name ?? user?.id ?? '').split(/\s+/, 1)[0];
}

/** The people whose name (any word) or id starts with `query`, for the composer's @-autocomplete. */
export function peopleMatches(users, query, max = 8) {
  const q = String(query ?? '').toLowerCase();
  return (users ?? [])
    .filter(
      (u) =>
        String(u.id).toLowerCase().startsWith(q) ||
        String(u.name ?? '')
          .toLowerCase()
          .split(/[\s()]+/)
          .some((w) => w.startsWith(q)),
    )
    .slice(0, max);
}

/** `@Ade` of a known person becomes `<@U0LADMIN>`, as Slack sends a mention picked from its autocomplete. */
export function encodeMentions(text, users) {
  const byName = new Map((users ?? []).map((u) => [mentionName(u).toLowerCase(), u.id]));
  return String(text ?? '').replace(/(^|\s)@([\w.-]+)/g, (whole, before, name) => {
    const id = byName.get(name.toLowerCase());
    return id ? `${before}<@${id}>` : whole;
  });
}

const HTML_ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML content and (double- or single-quoted) attribute values. */
export function escapeHtml(value) {
  return String(value ?? '').replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

/** Slack's own three entities (&amp; &lt; &gt;) back to characters; they are escaped again for HTML after. */
export function decodeSlackEntities(text) {
  return String(text ?? '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** The URL when it is an absolute http(s) URL or a path on this server (/local/files/…), otherwise null. */
export function safeUrl(url) {
  const u = String(url ?? '').trim();
  if (/^\/local\/files\/[A-Za-z0-9_.-]+$/.test(u)) return u;
  if (!/^https?:\/\//i.test(u)) return null;
  try {
    const parsed = new URL(u);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? u : null;
  } catch {
    return null;
  }
}

/** Where the local server serves an uploaded file. */
export function fileUrl(id) {
  return `/local/files/${encodeURIComponent(String(id ?? ''))}`;
}

/**
 * The emoji shortcodes vigil writes (and a few common ones) as [glyph, colour]. The glyphs are symbols that
 * ordinary text fonts have (a machine without an emoji font, like a CI runner, still shows them); the colour
 * is a class in style.css. Unknown codes stay as typed.
 */
export const EMOJI = {
  red_circle: ['●', 'red'],
  large_green_circle: ['●', 'green'],
  large_orange_circle: ['●', 'orange'],
  large_yellow_circle: ['●', 'yellow'],
  large_blue_circle: ['●', 'blue'],
  white_circle: ['○', 'grey'],
  black_circle: ['●', ''],
  eyes: ['◉', 'blue'],
  rotating_light: ['⚠', 'red'],
  warning: ['⚠', 'orange'],
  sos: ['SOS', 'sos'],
  white_check_mark: ['✔', 'green'],
  heavy_check_mark: ['✔', ''],
  ballot_box_with_check: ['☑', 'green'],
  x: ['✖', 'red'],
  heavy_multiplication_x: ['✖', ''],
  arrows_counterclockwise: ['↻', 'blue'],
  arrow_up: ['↑', ''],
  arrow_down: ['↓', ''],
  arrow_right: ['→', ''],
  arrow_left: ['←', ''],
  arrow_upper_right: ['↗', ''],
  arrow_lower_right: ['↘', ''],
  leftwards_arrow_with_hook: ['↩', ''],
  memo: ['✎', ''],
  pencil2: ['✎', ''],
  wastebasket: ['✖', 'grey'],
  hourglass_flowing_sand: ['◷', 'grey'],
  hourglass: ['◷', 'grey'],
  information_source: ['ℹ', 'blue'],
  zap: ['⚡', 'orange'],
  star: ['★', 'yellow'],
  email: ['✉', ''],
  envelope: ['✉', ''],
  triangular_flag_on_post: ['⚑', 'red'],
  checkered_flag: ['⚑', ''],
  house: ['⌂', ''],
  mag: ['⌕', ''],
  thumbsup: ['👍', ''],
  '+1': ['👍', ''],
  tada: ['🎉', ''],
  fire: ['🔥', ''],
  bar_chart: ['📊', ''],
  chart_with_upwards_trend: ['📈', ''],
  chart_with_downwards_trend: ['📉', ''],
  pushpin: ['📌', ''],
  bell: ['🔔', ''],
  robot_face: ['🤖', ''],
  bulb: ['💡', ''],
};

/** :shortcode: → the symbol, in text that is already HTML-escaped (shortcodes hold no escapable characters). */
export function emojify(escaped) {
  return String(escaped).replace(/:([a-z0-9_+-]+):/g, (m, name) => {
    const e = Object.prototype.hasOwnProperty.call(EMOJI, name) ? EMOJI[name] : null;
    if (!e) return m;
    return `<span class="emoji${e[1] ? ` emoji-${e[1]}` : ''}" title="${m}">${e[0]}</span>`;
  });
}

function emojiPlain(text) {
  return text.replace(/:([a-z0-9_+-]+):/g, (m, name) =>
    Object.prototype.hasOwnProperty.call(EMOJI, name) ? EMOJI[name][0] : m,
  );
}

// Private-use markers stand in for already-rendered HTML while the rest of the text is formatted.
const OPEN = '\uE000';
const CLOSE = '\uE001';
const MARKER = /\uE000(\d+)\uE001/g;

function nameOf(map, id) {
  if (!map) return undefined;
  if (typeof map.get === 'function') return map.get(id);
  return Object.prototype.hasOwnProperty.call(map, id) ? map[id] : undefined;
}

/** A `<…>` token: a mention, channel, special mention, date or link. */
function renderAngle(inner, ctx) {
  const bar = inner.indexOf('|');
  const target = bar === -1 ? inner : inner.slice(0, bar);
  const label = bar === -1 ? null : inner.slice(bar + 1);
  if (target.startsWith('@')) {
    const id = target.slice(1);
    const name = label ?? nameOf(ctx.users, id) ?? id;
    const me = ctx.currentUser && id === ctx.currentUser ? ' mention-me' : '';
    return `<span class="mention${me}" data-user-id="${escapeHtml(id)}">@${escapeHtml(decodeSlackEntities(name))}</span>`;
  }
  if (target.startsWith('#')) {
    const id = target.slice(1);
    const name = label ?? nameOf(ctx.channels, id) ?? id;
    return `<a class="channel-mention" href="#" data-channel-id="${escapeHtml(id)}">#${escapeHtml(decodeSlackEntities(name))}</a>`;
  }
  if (target.startsWith('!')) {
    const special = target.slice(1);
    if (special.startsWith('date^')) {
      const [, unix] = special.split('^');
      const when = Number(unix);
      const title = Number.isFinite(when) ? ` title="${escapeHtml(new Date(when * 1000).toISOString())}"` : '';
      return `<time class="slack-date"${title}>${escapeHtml(decodeSlackEntities(label ?? special))}</time>`;
    }
    if (special.startsWith('subteam^'))
      return `<span class="mention">${escapeHtml(decodeSlackEntities(label ?? '@group'))}</span>`;
    const word = special.split('^')[0];
    return `<span class="mention mention-special">@${escapeHtml(decodeSlackEntities(label ?? word))}</span>`;
  }
  const url = safeUrl(decodeSlackEntities(target));
  // Not a link Slack would make (or not http(s)): the label, or the token as typed.
  if (!url && label === null) return escapeHtml(`<${decodeSlackEntities(inner)}>`);
  const shown = emojify(escapeHtml(decodeSlackEntities(label ?? target)));
  if (!url) return shown;
  return `<a href="${escapeHtml(url)}" target="_blank" rel="noopener noreferrer">${shown}</a>`;
}

/** Bold, italic and strikethrough in HTML-escaped text (Slack's single-character markers, at word edges). */
function inlineFormat(s) {
  return s
    .replace(/(^|[^\w*])\*(?=\S)([^*\n]*?\S)\*(?![\w*])/g, '$1<strong>$2</strong>')
    .replace(/(^|[^\w_])_(?=\S)([^_\n]*?\S)_(?![\w_])/g, '$1<em>$2</em>')
    .replace(/(^|[^\w~])~(?=\S)([^~\n]*?\S)~(?![\w~])/g, '$1<del>$2</del>');
}

function renderInline(text, ctx) {
  const parts = [];
  const keep = (html) => `${OPEN}${parts.push(html) - 1}${CLOSE}`;
  let s = text.replace(/`([^`\n]+)`/g, (_m, code) => keep(`<code>${escapeHtml(decodeSlackEntities(code))}</code>`));
  s = s.replace(/<([^<>\n]+)>/g, (_m, inner) => keep(renderAngle(inner, ctx)));
  s = emojify(escapeHtml(decodeSlackEntities(s)));
  s = inlineFormat(s);
  // Quotes: lines that start with ">" (escaped by now).
  const lines = s.split('\n');
  const out = [];
  let quote = [];
  const flush = () => {
    if (quote.length) out.push(`<blockquote>${quote.join('<br>')}</blockquote>`);
    quote = [];
  };
  for (const line of lines) {
    const m = /^&gt;\s?(.*)$/.exec(line);
    if (m) quote.push(m[1]);
    else {
      flush();
      out.push(line);
    }
  }
  flush();
  s = out
    .join('\n')
    .replace(/\n?(<blockquote>)/g, '$1')
    .replace(/(<\/blockquote>)\n?/g, '$1')
    .replace(/\n/g, '<br>');
  // Twice at most: a token can hold a code span's marker ("<`x`>").
  for (let i = 0; i < 3 && s.includes(OPEN); i++) s = s.replace(MARKER, (_m, n) => parts[Number(n)] ?? '');
  return s;
}

/**
 * Slack mrkdwn to HTML: *bold*, _italic_, ~strike~, `code`, ```pre```, > quotes, <@U…> / <#C…|name> / <!here> /
 * <!date^…|fallback> / <url|text> (http(s) only), :emoji:, and Slack's &amp; &lt; &gt; entities.
 * `ctx.users` and `ctx.channels` (object or Map, id → name) name the mentions.
 */
export function mrkdwn(text, ctx = {}) {
  const src = String(text ?? '').replace(/[\uE000\uE001]/g, '');
  const segments = src.split('```');
  // An odd count of fences leaves the last one unclosed: it is shown as typed.
  if (segments.length % 2 === 0) segments[segments.length - 2] += '```' + segments.pop();
  return segments
    .map((seg, i) => {
      if (i % 2 === 1)
        return `<pre>${escapeHtml(decodeSlackEntities(seg.replace(/^\n/, '').replace(/\n$/, '')))}</pre>`;
      return renderInline(seg, ctx);
    })
    .join('');
}

/** mrkdwn as plain text (for window.confirm): markers dropped, mentions named, entities decoded. */
export function mrkdwnToPlain(text, ctx = {}) {
  return emojiPlain(
    String(text ?? '')
      .replace(/<([^<>\n]+)>/g, (_m, inner) => {
        const bar = inner.indexOf('|');
        const target = bar === -1 ? inner : inner.slice(0, bar);
        const label = bar === -1 ? null : inner.slice(bar + 1);
        if (target.startsWith('@')) return '@' + (label ?? nameOf(ctx.users, target.slice(1)) ?? target.slice(1));
        if (target.startsWith('#')) return '#' + (label ?? nameOf(ctx.channels, target.slice(1)) ?? target.slice(1));
        if (target.startsWith('!')) return label ?? '@' + target.slice(1).split('^')[0];
        return label ?? target;
      })
      .replace(/```/g, '')
      .replace(/(^|[^\w*])\*(?=\S)([^*\n]*?\S)\*(?![\w*])/g, '$1$2')
      .replace(/(^|[^\w_])_(?=\S)([^_\n]*?\S)_(?![\w_])/g, '$1$2')
      .replace(/`([^`\n]+)`/g, '$1'),
  )
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** A text object: mrkdwn formatted, plain_text escaped (with :emoji: when `emoji` is not false). */
export function textObject(obj, ctx = {}) {
  if (obj == null) return '';
  if (typeof obj === 'string') return mrkdwn(obj, ctx);
  // verbatim only stops Slack from linking bare URLs and names; vigil writes its links and mentions out.
  if (obj.type === 'mrkdwn') return mrkdwn(obj.text, ctx);
  const escaped = escapeHtml(obj.text).replace(/\n/g, '<br>');
  return obj.emoji === false ? escaped : emojify(escaped);
}

/** A plain_text object as plain text (for labels, titles, window.confirm). */
export function plainOf(obj) {
  if (obj == null) return '';
  if (typeof obj === 'string') return obj;
  return obj.type === 'mrkdwn' ? mrkdwnToPlain(obj.text) : String(obj.text ?? '');
}

function attr(name, value) {
  return value === undefined || value === null || value === '' ? '' : ` ${name}="${escapeHtml(value)}"`;
}

function testId(actionId) {
  return `action-${actionId ?? ''}`;
}

/** A button: data-* attributes carry what app.js posts to /local/page/action, and its confirm dialog. */
export function renderButton(el, blockId, ctx = {}) {
  const style = el.style === 'primary' || el.style === 'danger' ? ` btn-${el.style}` : '';
  const label = textObject(el.text, ctx);
  const url = el.url ? safeUrl(el.url) : null;
  if (url) {
    return `<a class="btn${style}" href="${escapeHtml(url)}" target="_blank" rel="noopener noreferrer"${attr('data-testid', testId(el.action_id))}>${label}</a>`;
  }
  let confirm = '';
  if (el.confirm) {
    const c = el.confirm;
    confirm =
      attr('data-confirm-title', plainOf(c.title)) +
      attr('data-confirm-text', plainOf(c.text)) +
      attr('data-confirm-ok', plainOf(c.confirm)) +
      attr('data-confirm-deny', plainOf(c.deny));
  }
  return `<button type="button" class="btn${style}" data-kind="button"${attr('data-testid', testId(el.action_id))}${attr('data-action-id', el.action_id)}${attr('data-block-id', blockId)}${attr('data-value', el.value)}${confirm}>${label}</button>`;
}

function optionsOf(el) {
  if (Array.isArray(el.options)) return el.options;
  if (Array.isArray(el.option_groups)) return el.option_groups.flatMap((g) => g.options ?? []);
  return [];
}

/** A static_select in a message (posts an action on change) or a modal input (read on submit). */
export function renderSelect(el, blockId, { inModal = false, id = '', testid = '' } = {}) {
  const initial = el.initial_option?.value;
  const placeholder = plainOf(el.placeholder) || 'Select an option';
  const opts = optionsOf(el)
    .map(
      (o) =>
        `<option value="${escapeHtml(o.value)}"${o.value === initial ? ' selected' : ''}>${escapeHtml(plainOf(o.text))}</option>`,
    )
    .join('');
  const kind = inModal ? 'input' : 'select';
  return `<select class="select"${attr('id', id)} data-kind="${kind}" data-input-type="static_select"${attr('data-testid', testid || testId(el.action_id))}${attr('data-action-id', el.action_id)}${attr('data-block-id', blockId)}><option value=""${initial ? '' : ' selected'} disabled>${escapeHtml(placeholder)}</option>${opts}</select>`;
}

/** The local URL of an image block or element: image_url (http(s)), slack_file { id } or a local slack_file url. */
export function imageSrc(el) {
  if (el.slack_file?.id) return fileUrl(el.slack_file.id);
  const fileUrlMatch = /^https:\/\/files\.slack\.com\/.*\/(F[A-Z0-9]+)(?:\/|$)/.exec(el.slack_file?.url ?? '');
  if (fileUrlMatch) return fileUrl(fileUrlMatch[1]);
  return safeUrl(el.image_url ?? el.slack_file?.url ?? el.url);
}

function renderElement(el, blockId, ctx, inModal) {
  switch (el?.type) {
    case 'button':
      return renderButton(el, blockId, ctx);
    case 'static_select':
      return renderSelect(el, blockId, { inModal });
    case 'image': {
      const src = imageSrc(el);
      return src ? `<img class="accessory-image" src="${escapeHtml(src)}" alt="${escapeHtml(el.alt_text ?? '')}">` : '';
    }
    case 'overflow':
      return `<span class="unsupported">[overflow menu]</span>`;
    default:
      return `<span class="unsupported">[${escapeHtml(el?.type ?? 'element')} not shown locally]</span>`;
  }
}

function richStyle(html, style) {
  if (!style) return html;
  let out = html;
  if (style.code) out = `<code>${out}</code>`;
  if (style.bold) out = `<strong>${out}</strong>`;
  if (style.italic) out = `<em>${out}</em>`;
  if (style.strike) out = `<del>${out}</del>`;
  return out;
}

function richInline(el, ctx) {
  switch (el?.type) {
    case 'text':
      return richStyle(escapeHtml(el.text).replace(/\n/g, '<br>'), el.style);
    case 'link': {
      const url = safeUrl(el.url);
      const label = escapeHtml(el.text || el.url);
      return richStyle(
        url ? `<a href="${escapeHtml(url)}" target="_blank" rel="noopener noreferrer">${label}</a>` : label,
        el.style,
      );
    }
    case 'user':
      return `<span class="mention">@${escapeHtml(nameOf(ctx.users, el.user_id) ?? el.user_id)}</span>`;
    case 'channel':
      return `<a class="channel-mention" href="#" data-channel-id="${escapeHtml(el.channel_id)}">#${escapeHtml(nameOf(ctx.channels, el.channel_id) ?? el.channel_id)}</a>`;
    case 'emoji': {
      const code = `:${String(el.name ?? '').replace(/[^a-z0-9_+-]/g, '')}:`;
      const shown = emojify(code);
      if (shown !== code || !el.unicode) return shown;
      return escapeHtml(
        String.fromCodePoint(
          ...String(el.unicode)
            .split('-')
            .map((h) => parseInt(h, 16))
            .filter((n) => Number.isFinite(n) && n <= 0x10ffff),
        ),
      );
    }
    case 'broadcast':
      return `<span class="mention mention-special">@${escapeHtml(el.range)}</span>`;
    case 'usergroup':
      return `<span class="mention">@${escapeHtml(el.usergroup_id)}</span>`;
    case 'date':
      return `<time class="slack-date">${escapeHtml(el.fallback ?? new Date(Number(el.timestamp) * 1000).toISOString())}</time>`;
    default:
      return '';
  }
}

function richBlockPart(part, ctx) {
  const inline = (els) => (els ?? []).map((e) => richInline(e, ctx)).join('');
  switch (part?.type) {
    case 'rich_text_section':
      return `<div class="rt-section">${inline(part.elements)}</div>`;
    case 'rich_text_preformatted':
      return `<pre>${(part.elements ?? []).map((e) => (e.type === 'text' ? escapeHtml(e.text) : richInline(e, ctx))).join('')}</pre>`;
    case 'rich_text_quote':
      return `<blockquote>${inline(part.elements)}</blockquote>`;
    case 'rich_text_list': {
      const tag = part.style === 'ordered' ? 'ol' : 'ul';
      const items = (part.elements ?? []).map((s) => `<li>${inline(s.elements)}</li>`).join('');
      return `<${tag} class="rt-list">${items}</${tag}>`;
    }
    default:
      return '';
  }
}

/** One Block Kit block as HTML; `index` names an input block that has no block_id. */
export function renderBlock(block, ctx = {}, index = 0, errors = {}) {
  const blockId = block?.block_id;
  switch (block?.type) {
    case 'header':
      return `<div class="b-header">${textObject(block.text, ctx)}</div>`;
    case 'section': {
      const text = block.text ? `<div class="b-text">${textObject(block.text, ctx)}</div>` : '';
      const fields =
        Array.isArray(block.fields) && block.fields.length
          ? `<div class="b-fields">${block.fields.map((f) => `<div class="b-field">${textObject(f, ctx)}</div>`).join('')}</div>`
          : '';
      const accessory = block.accessory
        ? `<div class="b-accessory">${renderElement(block.accessory, blockId, ctx, ctx.inModal)}</div>`
        : '';
      return `<div class="b-section"><div class="b-section-main">${text}${fields}</div>${accessory}</div>`;
    }
    case 'context': {
      const els = (block.elements ?? []).map((e) => {
        if (e.type === 'image') {
          const src = imageSrc(e);
          return src
            ? `<img class="context-image" src="${escapeHtml(src)}" alt="${escapeHtml(e.alt_text ?? '')}">`
            : '';
        }
        return `<span class="context-text">${textObject(e, ctx)}</span>`;
      });
      return `<div class="b-context">${els.join('')}</div>`;
    }
    case 'divider':
      return '<hr class="b-divider">';
    case 'image': {
      const src = imageSrc(block);
      const title = block.title ? `<div class="b-image-title">${textObject(block.title, ctx)}</div>` : '';
      const img = src
        ? `<img class="b-image-img" src="${escapeHtml(src)}" alt="${escapeHtml(block.alt_text ?? '')}" loading="lazy">`
        : `<span class="unsupported">[image not available: ${escapeHtml(block.alt_text ?? '')}]</span>`;
      return `<div class="b-image">${title}${img}</div>`;
    }
    case 'actions':
      return `<div class="b-actions">${(block.elements ?? []).map((e) => renderElement(e, blockId, ctx, ctx.inModal)).join('')}</div>`;
    case 'rich_text':
      return `<div class="b-rich">${(block.elements ?? []).map((p) => richBlockPart(p, ctx)).join('')}</div>`;
    case 'input':
      return renderInputBlock(block, index, errors);
    case 'file':
      return `<div class="b-file">${block.file_id ? `<a href="${escapeHtml(fileUrl(block.file_id))}" target="_blank">File ${escapeHtml(block.file_id)}</a>` : '[file]'}</div>`;
    default:
      return `<div class="unsupported">[${escapeHtml(block?.type ?? 'unknown')} block not shown locally]</div>`;
  }
}

/** The block_id an input block is read under: its own, or a stable stand-in by position. */
export function inputBlockId(block, index) {
  return block?.block_id || `block_${index}`;
}

function renderInputBlock(block, index, errors) {
  const blockId = inputBlockId(block, index);
  const el = block.element ?? {};
  const id = `in-${blockId}-${el.action_id ?? 'value'}`.replace(/[^A-Za-z0-9_-]/g, '_');
  const optional = block.optional ? ' <span class="optional">(optional)</span>' : '';
  const label = `<label class="input-label" for="${escapeHtml(id)}">${escapeHtml(plainOf(block.label))}${optional}</label>`;
  const common = ` id="${escapeHtml(id)}" data-kind="input"${attr('data-testid', `input-${el.action_id ?? blockId}`)}${attr('data-block-id', blockId)}${attr('data-action-id', el.action_id)}`;
  let control;
  if (el.type === 'plain_text_input') {
    const placeholder = attr('placeholder', plainOf(el.placeholder));
    const max = el.max_length ? ` maxlength="${Number(el.max_length) || ''}"` : '';
    const required = block.optional ? '' : ' required';
    control = el.multiline
      ? `<textarea class="input" rows="5" data-input-type="plain_text_input"${common}${placeholder}${max}${required}>${escapeHtml(el.initial_value ?? '')}</textarea>`
      : `<input class="input" type="text" data-input-type="plain_text_input"${common}${placeholder}${max}${required}${attr('value', el.initial_value)}>`;
  } else if (el.type === 'static_select') {
    control = renderSelect(el, blockId, { inModal: true, id, testid: `input-${el.action_id ?? blockId}` });
  } else {
    control = `<span class="unsupported">[${escapeHtml(el.type ?? 'input')} not shown locally]</span>`;
  }
  const hint = block.hint ? `<div class="input-hint">${escapeHtml(plainOf(block.hint))}</div>` : '';
  const error =
    errors && errors[blockId] ? `<div class="input-error" role="alert">${escapeHtml(errors[blockId])}</div>` : '';
  return `<div class="b-input${error ? ' has-error' : ''}" data-input-block="${escapeHtml(blockId)}">${label}${control}${hint}${error}</div>`;
}

/** A list of blocks as HTML. */
export function renderBlocks(blocks, ctx = {}, errors = {}) {
  if (!Array.isArray(blocks)) return '';
  return blocks.map((b, i) => renderBlock(b, ctx, i, errors)).join('');
}

/** A Slack ts ("1714550000.000100") as a Date. */
export function tsToDate(ts) {
  return new Date(Math.round(Number.parseFloat(String(ts)) * 1000));
}

/** "14:05" in the viewer's (or the given) time zone. */
export function formatTime(ts, timeZone) {
  const d = tsToDate(ts);
  if (Number.isNaN(d.getTime())) return '';
  return new Intl.DateTimeFormat('en-GB', {
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    ...(timeZone ? { timeZone } : {}),
  }).format(d);
}

/** "Thursday, 1 May" for the day dividers. */
export function formatDay(ts, timeZone) {
  const d = tsToDate(ts);
  if (Number.isNaN(d.getTime())) return '';
  return new Intl.DateTimeFormat('en-GB', {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    ...(timeZone ? { timeZone } : {}),
  }).format(d);
}

function initials(name) {
  const words = String(name ?? '?')
    .trim()
    .split(/[\s._-]+/)
    .filter((w) => /^[\p{L}\p{N}]/u.test(w));
  return ((words[0]?.[0] ?? '?') + (words[1]?.[0] ?? '')).toUpperCase();
}

/** A stable colour for an author's avatar. */
export function avatarHue(id) {
  let h = 2166136261;
  for (const c of String(id ?? '')) h = Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0;
  return h % 360;
}

/**
 * One message. `ctx.localUserIds` (a Set) tells the people from the app (shown with an APP badge);
 * `ctx.inThread` leaves out the reply counter.
 */
export function renderMessage(msg, ctx = {}) {
  const isBot = ctx.localUserIds ? !ctx.localUserIds.has(msg.userId) : false;
  const classes = ['msg'];
  if (msg.ephemeralTo) classes.push('msg-ephemeral');
  if (msg.pinned) classes.push('msg-pinned');
  const hasBlocks = Array.isArray(msg.blocks) && msg.blocks.length > 0;
  const body = hasBlocks
    ? `<div class="blocks">${renderBlocks(msg.blocks, ctx)}</div>`
    : `<div class="msg-text">${mrkdwn(msg.text, ctx)}</div>`;
  const files = (msg.files ?? [])
    .map((f) => {
      const src = safeUrl(f.url) ?? fileUrl(f.id);
      return `<figure class="msg-file"><a href="${escapeHtml(src)}" target="_blank"><img src="${escapeHtml(src)}" alt="${escapeHtml(f.title ?? '')}" loading="lazy"></a><figcaption>${escapeHtml(f.title ?? '')}</figcaption></figure>`;
    })
    .join('');
  const pinned = msg.pinned ? '<div class="msg-flag msg-flag-pinned" data-testid="pinned">Pinned</div>' : '';
  const ephemeral = msg.ephemeralTo
    ? '<div class="msg-flag msg-flag-ephemeral" data-testid="ephemeral">Only visible to you</div>'
    : '';
  const edited = msg.edited ? '<span class="edited" data-testid="edited">(edited)</span>' : '';
  const replies =
    !ctx.inThread && msg.replyCount > 0
      ? `<button type="button" class="replies" data-testid="replies" data-thread-ts="${escapeHtml(msg.ts)}">${msg.replyCount} ${msg.replyCount === 1 ? 'reply' : 'replies'}</button>`
      : '';
  const badge = isBot ? '<span class="badge">APP</span>' : '';
  const time = formatTime(msg.ts, ctx.timeZone);
  const reactions = renderReactions(msg, ctx);
  const tools = msg.ephemeralTo ? '' : renderMessageTools(msg, ctx);
  return (
    `<div class="${classes.join(' ')}" data-testid="message" data-ts="${escapeHtml(msg.ts)}">` +
    `<div class="avatar${isBot ? ' avatar-app' : ''}" style="--hue:${avatarHue(msg.userId)}" aria-hidden="true">${escapeHtml(initials(msg.userName || msg.userId))}</div>` +
    `<div class="msg-body">${pinned}${ephemeral}` +
    `<div class="msg-meta"><span class="author">${escapeHtml(msg.userName || msg.userId)}</span>${badge}<time class="time" title="${escapeHtml(tsToDate(msg.ts).toISOString?.() ?? '')}">${escapeHtml(time)}</time></div>` +
    `${body}${files}${edited ? `<div class="msg-edited">${edited}</div>` : ''}${reactions}${replies}</div>${tools}</div>`
  );
}

/** The emoji the message toolbar offers to add in one click (pushpin: vigil's default timeline emoji). */
export const QUICK_REACTIONS = ['pushpin', 'eyes', 'white_check_mark'];

/** An emoji name as the page shows it: the symbol when known, else :name:. */
export function emojiOf(name) {
  const base = String(name ?? '').split('::')[0];
  const e = Object.prototype.hasOwnProperty.call(EMOJI, base) ? EMOJI[base] : null;
  return e ? `<span class="emoji${e[1] ? ` emoji-${e[1]}` : ''}">${e[0]}</span>` : `:${escapeHtml(base)}:`;
}

/** A message's reactions as chips: clicking one adds the viewer's or takes it off. */
export function renderReactions(msg, ctx = {}) {
  const list = Array.isArray(msg.reactions) ? msg.reactions.filter((r) => r.count > 0) : [];
  if (list.length === 0) return '';
  const chips = list.map((r) => {
    const mine = ctx.currentUser && (r.users ?? []).includes(ctx.currentUser);
    const who = (r.users ?? []).map((u) => nameOf(ctx.users, u) ?? u).join(', ');
    return `<button type="button" class="reaction${mine ? ' reaction-mine' : ''}" data-msg-action="react" data-reaction="${escapeHtml(r.name)}" data-testid="reaction-${escapeHtml(r.name)}" title="${escapeHtml(`${who} reacted with :${r.name}:`)}">${emojiOf(r.name)} <span class="reaction-count">${Number(r.count)}</span></button>`;
  });
  return `<div class="reactions" data-testid="reactions">${chips.join('')}</div>`;
}

/** The toolbar shown over a message: quick reactions, pin or unpin, and the app's message shortcuts. */
export function renderMessageTools(msg, ctx = {}) {
  const react = QUICK_REACTIONS.map(
    (name) =>
      `<button type="button" class="tool" data-msg-action="react" data-reaction="${name}" data-testid="react-${name}" title="React with :${name}:">${emojiOf(name)}</button>`,
  ).join('');
  const pin = `<button type="button" class="tool" data-msg-action="pin" data-testid="pin-toggle" title="${msg.pinned ? 'Unpin from' : 'Pin to'} this channel">${msg.pinned ? 'Unpin' : 'Pin'}</button>`;
  const shortcuts = (ctx.messageShortcuts ?? []).length
    ? `<button type="button" class="tool" data-msg-action="shortcuts" data-testid="message-shortcuts" title="More actions: the app's shortcuts">⋯</button>`
    : '';
  return `<div class="msg-tools" role="toolbar" aria-label="Message actions">${react}${pin}${shortcuts}</div>`;
}

/** The menu of the app's shortcuts of one type (global: the composer's ⚡, message: a message's ⋯). */
export function renderShortcutMenu(shortcuts, type) {
  const list = (shortcuts ?? []).filter((x) => x.type === type);
  if (list.length === 0) return '<div class="empty">The app declares no such shortcut (manifest.yml).</div>';
  return `<ul class="shortcut-list" role="menu">${list
    .map(
      (x) =>
        `<li><button type="button" role="menuitem" class="shortcut" data-callback-id="${escapeHtml(x.callbackId)}" data-testid="shortcut-${escapeHtml(x.callbackId)}"><span class="shortcut-name">${escapeHtml(x.name)}</span><span class="shortcut-description">${escapeHtml(x.description ?? '')}</span></button></li>`,
    )
    .join('')}</ul>`;
}

/** The Home tab: the view views.publish set for this person, or a hint while the app has published none. */
export function renderHome(home, ctx = {}) {
  const blocks = home?.view?.blocks;
  if (!Array.isArray(blocks) || blocks.length === 0)
    return '<div class="empty">The app has not published a Home tab for you yet.</div>';
  return `<div class="home-view" data-testid="home-view" data-view-id="${escapeHtml(home.viewId)}"><div class="blocks">${renderBlocks(blocks, ctx)}</div></div>`;
}

/** Messages oldest first with a divider at each new day. */
export function renderMessageList(messages, ctx = {}) {
  if (!Array.isArray(messages) || messages.length === 0) {
    return `<div class="empty">${escapeHtml(ctx.emptyText ?? 'No messages yet.')}</div>`;
  }
  const sorted = [...messages].sort((a, b) => Number.parseFloat(a.ts) - Number.parseFloat(b.ts));
  let day = '';
  const out = [];
  for (const m of sorted) {
    const d = formatDay(m.ts, ctx.timeZone);
    if (d !== day && !ctx.inThread) {
      out.push(`<div class="day-divider"><span>${escapeHtml(d)}</span></div>`);
      day = d;
    }
    out.push(renderMessage(m, ctx));
  }
  return out.join('');
}

/** An open modal: title, blocks (inputs read on submit), per-block errors, and submit / close buttons. */
export function renderView(openView, ctx = {}, errors = {}, formError = '') {
  const view = openView?.view ?? {};
  const title = plainOf(view.title) || 'Dialog';
  const submit = view.submit ? plainOf(view.submit) : view.blocks?.some((b) => b?.type === 'input') ? 'Submit' : '';
  const close = plainOf(view.close) || (submit ? 'Cancel' : 'Close');
  const blocks = renderBlocks(view.blocks ?? [], { ...ctx, inModal: true }, errors);
  const error = formError ? `<div class="modal-error" role="alert">${escapeHtml(formError)}</div>` : '';
  return (
    `<div class="modal" role="dialog" aria-modal="true" aria-labelledby="modal-title" data-testid="modal" data-view-id="${escapeHtml(openView?.viewId ?? '')}">` +
    `<div class="modal-head"><h2 id="modal-title">${emojify(escapeHtml(title))}</h2><button type="button" class="modal-x" data-modal="close" aria-label="Close">×</button></div>` +
    `<form class="modal-body" data-modal="form" novalidate>${blocks}${error}</form>` +
    `<div class="modal-foot"><button type="button" class="btn" data-modal="close" data-testid="modal-close">${escapeHtml(close)}</button>` +
    (submit
      ? `<button type="button" class="btn btn-primary" data-modal="submit" data-testid="modal-submit">${escapeHtml(submit)}</button>`
      : '') +
    '</div></div>'
  );
}

/**
 * Slack's view.state.values from the modal's inputs: { [block_id]: { [action_id]: { type, value | selected_option } } }.
 * Each entry: { blockId, actionId, type: 'plain_text_input' | 'static_select', value, text? }.
 */
export function viewStateValues(entries) {
  const values = {};
  for (const e of entries ?? []) {
    if (!e.blockId || !e.actionId) continue;
    const block = (values[e.blockId] ??= {});
    if (e.type === 'static_select') {
      block[e.actionId] = {
        type: 'static_select',
        selected_option: e.value
          ? { value: e.value, ...(e.text ? { text: { type: 'plain_text', text: e.text } } : {}) }
          : null,
      };
    } else {
      block[e.actionId] = { type: e.type || 'plain_text_input', value: e.value === '' ? null : e.value };
    }
  }
  return values;
}

/** Per-block errors from a /local/page/view reply: `errors` as { block_id: message } (or Slack's response_action shape). */
export function viewErrors(reply) {
  const errs = reply?.errors ?? (reply?.response_action === 'errors' ? reply.errors : null);
  if (!errs || typeof errs !== 'object') return {};
  const out = {};
  for (const [k, v] of Object.entries(errs)) out[k] = String(v);
  return out;
}

/** The channel list in the sidebar. */
export function renderChannelList(channels, selectedId) {
  const sorted = [...(channels ?? [])].sort(
    (a, b) => Number(a.archived) - Number(b.archived) || String(a.name).localeCompare(String(b.name)),
  );
  return sorted
    .map((c) => {
      const cls = ['channel'];
      if (c.id === selectedId) cls.push('selected');
      if (c.archived) cls.push('archived');
      const count = c.messages > 0 ? `<span class="count">${Number(c.messages)}</span>` : '';
      const title = [c.topic, c.archived ? '(archived)' : ''].filter(Boolean).join(' ');
      return `<li><a href="#${escapeHtml(c.name)}" class="${cls.join(' ')}" data-testid="channel-${escapeHtml(c.name)}" data-channel-id="${escapeHtml(c.id)}"${attr('title', title)}${c.id === selectedId ? ' aria-current="page"' : ''}><span class="hash">${String(c.id).startsWith('D') ? '@' : '#'}</span><span class="name">${escapeHtml(c.name)}</span>${c.archived ? '<span class="archived-tag">archived</span>' : ''}${count}</a></li>`;
    })
    .join('');
}
