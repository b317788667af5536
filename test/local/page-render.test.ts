// The local page's rendering (src/local/page/render.js): mrkdwn and Block Kit to HTML strings, escaped, in Node.
import { describe, expect, it } from 'vitest';
import {
  renderHome,
  renderShortcutMenu,
  renderMessageTools,
  renderReactions,
  encodeMentions,
  mentionQuery,
  peopleMatches,
  commandHints,
  escapeHtml,
  mrkdwn,
  mrkdwnToPlain,
  renderBlocks,
  renderChannelList,
  renderMessage,
  renderMessageList,
  renderView,
  safeUrl,
  viewErrors,
  viewStateValues,
  type PageMessage,
} from '../../src/local/page/render.js';

const ctx = { users: { U0RESP: 'Rina Responder', U0MGR: 'Maya Manager' }, channels: { C0INC: 'inc-12-refund-spike' } };

function message(over: Partial<PageMessage> = {}): PageMessage {
  return {
    ts: '1714550400.000100',
    threadTs: null,
    userId: 'U0BOT',
    userName: 'vigil',
    text: 'hello',
    blocks: null,
    files: [],
    ephemeralTo: null,
    replyCount: 0,
    edited: false,
    pinned: false,
    reactions: [],
    ...over,
  };
}

describe('mrkdwn', () => {
  it('formats bold, italic, strike, code and pre', () => {
    expect(mrkdwn('*Status* is _open_ ~gone~')).toBe('<strong>Status</strong> is <em>open</em> <del>gone</del>');
    expect(mrkdwn('run `refund-spike` now')).toBe('run <code>refund-spike</code> now');
    expect(mrkdwn('```a  *b*\n&lt;c&gt;```')).toBe('<pre>a  *b*\n&lt;c&gt;</pre>');
  });

  it('leaves snake_case and arithmetic alone', () => {
    expect(mrkdwn('refund_spike_rate 2*3*4')).toBe('refund_spike_rate 2*3*4');
  });

  it('names user and channel mentions, and keeps Slack date fallbacks', () => {
    expect(mrkdwn('owner <@U0RESP>', ctx)).toBe(
      'owner <span class="mention" data-user-id="U0RESP">@Rina Responder</span>',
    );
    expect(mrkdwn('<@U0NOPE>', ctx)).toContain('@U0NOPE');
    expect(mrkdwn('see <#C0INC>', ctx)).toContain('#inc-12-refund-spike</a>');
    expect(mrkdwn('see <#C0X|ops-room>', ctx)).toContain('#ops-room</a>');
    expect(mrkdwn('<!here> look')).toContain('@here');
    expect(mrkdwn('at <!date^1714550400^{date_short_pretty} {time}|1 May 2024, 15:00 GMT+7>')).toContain(
      '>1 May 2024, 15:00 GMT+7</time>',
    );
    expect(mrkdwn('owner <@U0RESP>', ctx)).toContain('@Rina Responder');
  });

  it('links only http(s) URLs', () => {
    expect(mrkdwn('<https://example.com/a?b=1&amp;c=2|the doc>')).toBe(
      '<a href="https://example.com/a?b=1&amp;c=2" target="_blank" rel="noopener noreferrer">the doc</a>',
    );
    expect(mrkdwn('<javascript:alert(1)|click>')).toBe('click');
    expect(mrkdwn('<data:text/html,x>')).toBe('&lt;data:text/html,x&gt;');
  });

  it('escapes HTML and decodes Slack entities once', () => {
    expect(mrkdwn('<img src=x onerror=alert(1)>')).not.toContain('<img');
    expect(mrkdwn('&lt;script&gt;alert(1)&lt;/script&gt; &amp;amp;')).toBe(
      '&lt;script&gt;alert(1)&lt;/script&gt; &amp;amp;',
    );
    expect(mrkdwn('a "quote" \'s')).toBe('a &quot;quote&quot; &#39;s');
    expect(mrkdwn('<https://x.example/"onmouseover="alert(1)|x>')).not.toMatch(/href="[^"]*"onmouseover/);
    expect(mrkdwn('*<b>bold</b>*')).toBe('<strong>&lt;b&gt;bold&lt;/b&gt;</strong>');
  });

  it('turns emoji codes, newlines and quotes into HTML', () => {
    expect(mrkdwn(':red_circle: Open\n:nope: x')).toBe(
      '<span class="emoji emoji-red" title=":red_circle:">●</span> Open<br>:nope: x',
    );
    expect(mrkdwn('&gt; quoted\nafter')).toBe('<blockquote>quoted</blockquote>after');
    expect(mrkdwn('an `unclosed ```fence')).toBe('an <code>unclosed </code>``fence');
    expect(mrkdwn('<https://example.com|`code` link>')).toBe(
      '<a href="https://example.com" target="_blank" rel="noopener noreferrer"><code>code</code> link</a>',
    );
  });

  it('makes plain text for confirm dialogs', () => {
    expect(mrkdwnToPlain('Archive *#12* for <@U0MGR> &amp; others? :warning:', ctx)).toBe(
      'Archive #12 for @Maya Manager & others? ⚠',
    );
  });
});

describe('safeUrl', () => {
  it('keeps http(s) and local file paths only', () => {
    expect(safeUrl('https://example.com/x')).toBe('https://example.com/x');
    expect(safeUrl('/local/files/F0ABC')).toBe('/local/files/F0ABC');
    expect(safeUrl('javascript:alert(1)')).toBeNull();
    expect(safeUrl('//evil.example/x')).toBeNull();
    expect(safeUrl('/local/files/../api/x')).toBeNull();
  });
});

describe('Block Kit', () => {
  const card = [
    { type: 'header', text: { type: 'plain_text', text: 'SEV2 · Refund <spike>', emoji: true } },
    {
      type: 'section',
      fields: [
        { type: 'mrkdwn', text: '*Status*\n:red_circle: Open' },
        { type: 'mrkdwn', text: '*Owner*\n<@U0RESP>' },
      ],
    },
    { type: 'image', slack_file: { id: 'F0CHART' }, alt_text: 'chart' },
    { type: 'context', elements: [{ type: 'mrkdwn', text: 'Incident #12' }] },
    { type: 'divider' },
    {
      type: 'actions',
      block_id: 'card_actions',
      elements: [
        {
          type: 'button',
          text: { type: 'plain_text', text: 'Acknowledge' },
          action_id: 'incident_ack',
          value: '12',
          style: 'primary',
        },
        {
          type: 'button',
          text: { type: 'plain_text', text: 'Archive channel' },
          action_id: 'incident_archive',
          value: '12',
          style: 'danger',
          confirm: {
            title: { type: 'plain_text', text: 'Archive this channel?' },
            text: { type: 'mrkdwn', text: 'Incident *#12* stays.' },
            confirm: { type: 'plain_text', text: 'Archive' },
            deny: { type: 'plain_text', text: 'Cancel' },
          },
        },
      ],
    },
  ];

  it('renders an incident card: header escaped, fields, chart from the local file server, buttons with hooks', () => {
    const html = renderBlocks(card, ctx);
    expect(html).toContain('<div class="b-header">SEV2 · Refund &lt;spike&gt;</div>');
    expect(html).toContain(
      '<div class="b-field"><strong>Status</strong><br><span class="emoji emoji-red" title=":red_circle:">●</span> Open</div>',
    );
    expect(html).toContain('@Rina Responder');
    expect(html).toContain('src="/local/files/F0CHART"');
    expect(html).toContain('<hr class="b-divider">');
    expect(html).toContain(
      'class="btn btn-primary" data-kind="button" data-testid="action-incident_ack" data-action-id="incident_ack" data-block-id="card_actions" data-value="12"',
    );
    expect(html).toContain(
      'data-confirm-title="Archive this channel?" data-confirm-text="Incident #12 stays." data-confirm-ok="Archive" data-confirm-deny="Cancel"',
    );
  });

  it('renders a section accessory, a select, rich text and unknown blocks safely', () => {
    const html = renderBlocks(
      [
        {
          type: 'section',
          text: { type: 'mrkdwn', text: 'pick' },
          accessory: { type: 'button', text: { type: 'plain_text', text: 'Go' }, action_id: 'go', value: 'v"1' },
        },
        {
          type: 'actions',
          elements: [
            {
              type: 'static_select',
              action_id: 'sel',
              placeholder: { type: 'plain_text', text: 'Choose' },
              options: [{ text: { type: 'plain_text', text: 'A <1>' }, value: 'a' }],
            },
          ],
        },
        {
          type: 'rich_text',
          elements: [
            {
              type: 'rich_text_section',
              elements: [
                { type: 'text', text: 'hi <b>', style: { bold: true } },
                { type: 'link', url: 'javascript:x', text: 'bad' },
                { type: 'user', user_id: 'U0MGR' },
              ],
            },
            {
              type: 'rich_text_list',
              style: 'ordered',
              elements: [{ type: 'rich_text_section', elements: [{ type: 'text', text: 'one' }] }],
            },
          ],
        },
        { type: 'video<script>' },
        { type: 'image', image_url: 'javascript:alert(1)', alt_text: 'x' },
      ],
      ctx,
    );
    expect(html).toContain('data-testid="action-go"');
    expect(html).toContain('data-value="v&quot;1"');
    expect(html).toContain('<option value="a">A &lt;1&gt;</option>');
    expect(html).toContain('<strong>hi &lt;b&gt;</strong>bad<span class="mention">@Maya Manager</span>');
    expect(html).toContain('<ol class="rt-list"><li>one</li></ol>');
    expect(html).toContain('[video&lt;script&gt; block not shown locally]');
    expect(html).not.toContain('javascript:');
  });
});

describe('messages', () => {
  it('shows author, time, text, files, markers and the thread button', () => {
    const html = renderMessage(
      message({
        text: 'plain *text*',
        edited: true,
        pinned: true,
        replyCount: 3,
        files: [{ id: 'F1', title: 'chart <1>', url: '/local/files/F1' }],
      }),
      { ...ctx, timeZone: 'UTC', localUserIds: new Set(['U0RESP']) },
    );
    expect(html).toContain('data-testid="message" data-ts="1714550400.000100"');
    expect(html).toContain('<span class="author">vigil</span><span class="badge">APP</span>');
    expect(html).toContain('>08:00</time>');
    expect(html).toContain('plain <strong>text</strong>');
    expect(html).toContain('src="/local/files/F1" alt="chart &lt;1&gt;"');
    expect(html).toContain('(edited)');
    expect(html).toContain('Pinned');
    expect(html).toContain('data-thread-ts="1714550400.000100">3 replies</button>');
  });

  it('highlights mentions of the viewer and leaves the reply counter out of a thread', () => {
    const html = renderMessage(message({ text: 'over to <@U0RESP>', replyCount: 2 }), {
      ...ctx,
      currentUser: 'U0RESP',
      inThread: true,
    });
    expect(html).toContain('class="mention mention-me"');
    expect(html).not.toContain('data-testid="replies"');
  });

  it('marks ephemeral messages and shows blocks instead of the fallback text', () => {
    const html = renderMessage(
      message({
        text: 'fallback',
        blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'the block' } }],
        ephemeralTo: 'U0RESP',
      }),
    );
    expect(html).toContain('Only visible to you');
    expect(html).toContain('the block');
    expect(html).not.toContain('fallback');
  });

  it('lists messages oldest first with day dividers, and says when there are none', () => {
    const html = renderMessageList([message({ ts: '1714636800.000000', text: 'second' }), message({ text: 'first' })], {
      timeZone: 'UTC',
    });
    expect(html.indexOf('first')).toBeLessThan(html.indexOf('second'));
    expect(html.match(/day-divider/g)).toHaveLength(2);
    expect(renderMessageList([])).toContain('No messages yet.');
  });
});

describe('modals', () => {
  const openView = {
    viewId: 'V1',
    view: {
      type: 'modal',
      title: { type: 'plain_text', text: 'Resolve incident' },
      submit: { type: 'plain_text', text: 'Resolve' },
      blocks: [
        {
          type: 'input',
          block_id: 'note',
          label: { type: 'plain_text', text: 'Resolution note' },
          element: { type: 'plain_text_input', action_id: 'note', multiline: true, initial_value: 'a </textarea><b>' },
        },
        {
          type: 'input',
          block_id: 'sev',
          label: { type: 'plain_text', text: 'Severity' },
          element: {
            type: 'static_select',
            action_id: 'pick',
            initial_option: { text: { type: 'plain_text', text: '2' }, value: '2' },
            options: [
              { text: { type: 'plain_text', text: '1' }, value: '1' },
              { text: { type: 'plain_text', text: '2' }, value: '2' },
            ],
          },
        },
        {
          type: 'input',
          label: { type: 'plain_text', text: 'Title' },
          element: { type: 'plain_text_input', action_id: 'title' },
          optional: true,
        },
      ],
    },
  };

  it('renders inputs, errors and the buttons', () => {
    const html = renderView(openView, {}, { note: 'Say what fixed it' });
    expect(html).toContain('data-testid="modal" data-view-id="V1"');
    expect(html).toContain('Resolve incident');
    expect(html).toContain('>a &lt;/textarea&gt;&lt;b&gt;</textarea>');
    expect(html).toContain('<option value="2" selected>2</option>');
    expect(html).toContain('data-block-id="block_2"');
    expect(html).toContain('<div class="input-error" role="alert">Say what fixed it</div>');
    expect(html).toContain('data-testid="modal-submit">Resolve</button>');
  });

  it('builds Slack view.state.values', () => {
    expect(
      viewStateValues([
        { blockId: 'note', actionId: 'note', type: 'plain_text_input', value: 'fixed' },
        { blockId: 'sev', actionId: 'pick', type: 'static_select', value: '2', text: 'SEV2' },
        { blockId: 'block_2', actionId: 'title', type: 'plain_text_input', value: '' },
      ]),
    ).toEqual({
      note: { note: { type: 'plain_text_input', value: 'fixed' } },
      sev: {
        pick: { type: 'static_select', selected_option: { value: '2', text: { type: 'plain_text', text: 'SEV2' } } },
      },
      block_2: { title: { type: 'plain_text_input', value: null } },
    });
    expect(viewErrors({ ok: false, errors: { note: 'Too short' } })).toEqual({ note: 'Too short' });
    expect(viewErrors({ ok: true })).toEqual({});
  });
});

describe('sidebar and composer', () => {
  it('lists channels with counts and archived ones last', () => {
    const html = renderChannelList(
      [
        { id: 'C2', name: 'inc-1-old', topic: '', archived: true, messages: 4 },
        { id: 'C1', name: 'gne-alerts', topic: 'Alerts', archived: false, messages: 12 },
      ],
      'C1',
    );
    expect(html.indexOf('gne-alerts')).toBeLessThan(html.indexOf('inc-1-old'));
    expect(html).toContain('data-testid="channel-gne-alerts"');
    expect(html).toContain('<span class="count">12</span>');
    expect(html).toContain('class="channel archived"');
  });

  it('lists direct messages with @', () => {
    expect(
      renderChannelList([{ id: 'D0LRESP', name: 'vigil', topic: '', archived: false, messages: 0 }], null),
    ).toContain('<span class="hash">@</span><span class="name">vigil</span>');
  });

  it('hints the slash commands', () => {
    expect(commandHints('/in').map((c) => c.command)).toEqual(['/incident', '/investigate']);
    expect(commandHints('/incident new x').map((c) => c.command)).toEqual(['/incident']);
    expect(commandHints('hello')).toEqual([]);
    expect(escapeHtml(`<a href='x'>&`)).toBe('&lt;a href=&#39;x&#39;&gt;&amp;');
  });

  it('autocompletes people after an @ and encodes the picked ones as Slack mentions', () => {
    const users = [
      { id: 'U0LRESP', name: 'Ria (responder)' },
      { id: 'U0LADMIN', name: 'Ade (admin)' },
    ];
    expect(mentionQuery('/oncall set @Ad', 15)).toEqual({ start: 12, end: 15, query: 'Ad' });
    expect(mentionQuery('/oncall set @', 13)).toEqual({ start: 12, end: 13, query: '' });
    expect(mentionQuery('mail a@b', 8)).toBeNull();
    expect(mentionQuery('@Ade 8h', 7)).toBeNull();
    expect(peopleMatches(users, 'ad').map((u) => u.id)).toEqual(['U0LADMIN']);
    expect(peopleMatches(users, 'resp').map((u) => u.id)).toEqual(['U0LRESP']);
    expect(peopleMatches(users, '')).toHaveLength(2);
    expect(encodeMentions('/oncall set @Ade 8h', users)).toBe('/oncall set <@U0LADMIN> 8h');
    expect(encodeMentions('@ria and @nobody, a@b', users)).toBe('<@U0LRESP> and @nobody, a@b');
  });

  it("shows reactions as chips marking the viewer's own, and a toolbar to react, pin and run shortcuts", () => {
    const m = message({ reactions: [{ name: 'pushpin', count: 2, users: ['U0RESP', 'U0MGR'] }] });
    const chips = renderReactions(m, { ...ctx, currentUser: 'U0MGR' });
    expect(chips).toContain('data-testid="reaction-pushpin"');
    expect(chips).toContain('reaction-mine');
    expect(chips).toContain('Rina Responder, Maya Manager reacted with :pushpin:');
    expect(renderReactions(message(), ctx)).toBe('');
    const tools = renderMessageTools(m, ctx);
    expect(tools).toContain('data-testid="react-pushpin"');
    expect(tools).toContain('>Pin<');
    expect(tools).not.toContain('message-shortcuts');
    const more = renderMessageTools(message({ pinned: true }), {
      messageShortcuts: [{ callbackId: 'add_to_incident_timeline', name: 'Add to incident timeline' }],
    });
    expect(more).toContain('>Unpin<');
    expect(more).toContain('data-testid="message-shortcuts"');
    expect(renderMessage(message({ ephemeralTo: 'U0RESP' }), ctx)).not.toContain('msg-tools');
  });

  it('lists the shortcuts of one type, and renders the Home tab or says none is published', () => {
    const shortcuts = [
      { callbackId: 'declare_incident', name: 'Declare incident', type: 'global', description: 'Open one' },
      { callbackId: 'add_to_incident_timeline', name: 'Add to <timeline>', type: 'message', description: '' },
    ];
    const global = renderShortcutMenu(shortcuts, 'global');
    expect(global).toContain('data-testid="shortcut-declare_incident"');
    expect(global).not.toContain('add_to_incident_timeline');
    expect(renderShortcutMenu(shortcuts, 'message')).toContain('Add to &lt;timeline&gt;');
    expect(renderShortcutMenu([], 'global')).toContain('no such shortcut');
    const home = renderHome(
      {
        viewId: 'VH0LRESP',
        view: {
          type: 'home',
          blocks: [
            {
              type: 'actions',
              elements: [
                {
                  type: 'button',
                  action_id: 'home_declare_incident',
                  text: { type: 'plain_text', text: 'Declare incident' },
                },
              ],
            },
          ],
        },
      },
      ctx,
    );
    expect(home).toContain('data-view-id="VH0LRESP"');
    expect(home).toContain('data-action-id="home_declare_incident"');
    expect(renderHome(null, ctx)).toContain('not published a Home tab');
  });
});
