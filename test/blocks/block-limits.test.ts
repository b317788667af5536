import type { KnownBlock } from '@slack/types';
import { describe, expect, it } from 'vitest';
import { assertWithinLimits, blockLimitProblems } from '../../src/blocks/assert-within-limits.ts';
import {
  actions,
  button,
  context,
  escapeMrkdwn,
  fallbackText,
  fields,
  header,
  limitBlocks,
  section,
  SLACK_LIMITS,
  truncate,
} from '../../src/blocks/block-limits.ts';

describe('truncate', () => {
  it('leaves short text alone and ends long text in an ellipsis within the limit', () => {
    expect(truncate('short', 10)).toBe('short');
    const cut = truncate('abcdefghijklmnopqrstuvwxyz', 10);
    expect(cut).toBe('abcdefghi…');
    expect(cut.length).toBe(10);
  });

  it('never cuts inside a <@U123> mention, link or date token', () => {
    const text = 'owner is <@U123ABC> now';
    for (let max = 10; max < text.length; max++) {
      const cut = truncate(text, max);
      expect(cut.length).toBeLessThanOrEqual(max);
      expect(cut.includes('<') ? cut.includes('<@U123ABC>') : true).toBe(true);
    }
    expect(truncate(text, 15)).toBe('owner is…');
    expect(truncate('see <https://example.com/a|the chart> for details', 30)).toBe('see…');
    expect(truncate('see <https://example.com/a|the chart> for details', 42)).toBe(
      'see <https://example.com/a|the chart> for…',
    );
  });

  it('never cuts an &amp; escape in half, nor a surrogate pair', () => {
    expect(truncate('a &amp; b &lt;c&gt;', 5)).toBe('a…');
    expect(truncate('ab😀cd', 4)).toBe('ab…');
  });

  it('in plain mode ignores < and &, which plain_text does not parse', () => {
    expect(truncate('a < b and c & d are here', 12, { plain: true })).toBe('a < b and c…');
  });
});

describe('escapeMrkdwn', () => {
  it('escapes only &, < and >', () => {
    expect(escapeMrkdwn('<script>alert("x")</script> & *bold* _it_ \'q\'')).toBe(
      '&lt;script&gt;alert("x")&lt;/script&gt; &amp; *bold* _it_ \'q\'',
    );
    expect(escapeMrkdwn('<!channel> <@U1>')).toBe('&lt;!channel&gt; &lt;@U1&gt;');
  });
});

describe('builders', () => {
  it('header is plain_text cut to 150', () => {
    const h = header('x'.repeat(500));
    expect(h.text.type).toBe('plain_text');
    expect(h.text.text.length).toBe(150);
    expect(h.text.text.endsWith('…')).toBe(true);
  });

  it('section is mrkdwn cut to 3000 and never empty', () => {
    expect(section('y'.repeat(5000)).text?.text.length).toBe(3000);
    expect(section('').text?.text).toBe('-');
  });

  it('fields splits into sections of at most 10, each field within 2000', () => {
    const blocks = fields(Array.from({ length: 23 }, (_, i) => (i === 0 ? 'z'.repeat(2500) : `f${i}`)));
    expect(blocks.map((b) => b.fields?.length)).toEqual([10, 10, 3]);
    expect(blocks[0]?.fields?.[0]?.text.length).toBe(2000);
    expect(blocks[2]?.fields?.[2]?.text).toBe('f22');
  });

  it('context folds elements past 10 into the last one', () => {
    const c = context(Array.from({ length: 12 }, (_, i) => `e${i}`));
    expect(c.elements).toHaveLength(10);
    expect(c.elements[9]).toEqual({ type: 'mrkdwn', text: 'e9 · e10 · e11' });
  });

  it('button cuts its text to 75, keeps value and action id, and gives a confirm the danger style', () => {
    const b = button({
      text: 'T'.repeat(100),
      actionId: 'incident_archive',
      value: '12',
      confirm: { title: 'Sure?', text: 'It goes.', confirm: 'Yes', deny: 'No' },
    });
    expect(b.text.text.length).toBe(75);
    expect(b).toMatchObject({
      action_id: 'incident_archive',
      value: '12',
      confirm: { style: 'danger', confirm: { text: 'Yes' }, deny: { text: 'No' } },
    });
    expect(b.style).toBeUndefined();
  });

  it('button and actions throw on data that cannot be truncated', () => {
    expect(() => button({ text: 'x', actionId: 'a'.repeat(256), value: '1' })).toThrow(/action_id/);
    expect(() => button({ text: 'x', actionId: 'a', value: 'v'.repeat(2001) })).toThrow(/value/);
    const many = Array.from({ length: 26 }, (_, i) => button({ text: 'b', actionId: `a${i}`, value: '1' }));
    expect(() => actions(many)).toThrow(/25/);
  });

  it('fallbackText stays within 40,000 characters', () => {
    expect(fallbackText('w'.repeat(50_000)).length).toBe(SLACK_LIMITS.messageText);
  });
});

describe('limitBlocks', () => {
  const blocks = (n: number): KnownBlock[] => Array.from({ length: n }, (_, i) => section(`row ${i}`));

  it('keeps 50 blocks as they are', () => {
    expect(limitBlocks(blocks(50))).toHaveLength(50);
  });

  it('keeps the first 49 of more and says how many are not shown', () => {
    const limited = limitBlocks(blocks(120));
    expect(limited).toHaveLength(50);
    expect(limited[48]).toEqual(section('row 48'));
    expect(limited[49]).toEqual({ type: 'context', elements: [{ type: 'mrkdwn', text: '71 more not shown' }] });
  });

  it('takes a smaller cap when the caller keeps room for more blocks', () => {
    expect(limitBlocks(blocks(60), 10)[9]).toEqual(context(['51 more not shown']));
  });
});

describe('assertWithinLimits', () => {
  it('passes valid messages', () => {
    expect(() => assertWithinLimits([header('h'), section('s'), context(['c'])], 'text')).not.toThrow();
  });

  it('names each violated limit', () => {
    const bad: KnownBlock[] = [
      { type: 'header', text: { type: 'plain_text', text: 'h'.repeat(151) } },
      { type: 'section', text: { type: 'mrkdwn', text: 's'.repeat(3001) } },
      { type: 'section', fields: Array.from({ length: 11 }, () => ({ type: 'mrkdwn' as const, text: 'f' })) },
      { type: 'context', elements: Array.from({ length: 11 }, () => ({ type: 'mrkdwn' as const, text: 'c' })) },
      {
        type: 'actions',
        elements: [
          {
            type: 'button',
            text: { type: 'plain_text', text: 'b'.repeat(76) },
            action_id: 'same',
            value: 'v'.repeat(2001),
          },
          { type: 'button', text: { type: 'plain_text', text: 'ok' }, action_id: 'same' },
        ],
      },
    ];
    const problems = blockLimitProblems(bad, '');
    expect(problems).toEqual([
      'message text: 1-40000 characters (0)',
      'block 0 (header) header: text must be 1-150 characters (151)',
      'block 1 (section) section: text must be 1-3000 characters (3001)',
      'block 2 (section): section fields at most 10 (11)',
      'block 3 (context): context elements 1-10 (11)',
      'block 4 (actions): action_id must be unique within the block',
      'block 4 (actions) button 0: text must be 1-75 characters (76)',
      'block 4 (actions) button 0: value at most 2000 characters',
    ]);
    expect(() => assertWithinLimits(bad)).toThrow(/header: text must be 1-150/);
  });

  it('rejects more than 50 blocks with a coded error', () => {
    const many = Array.from({ length: 51 }, () => section('x'));
    expect(() => assertWithinLimits(many)).toThrow(
      expect.objectContaining({
        code: 'vigil_block_limit_exceeded',
        message: expect.stringContaining('blocks per message: at most 50 (51)'),
      }),
    );
  });
});
