import { describe, expect, it } from 'vitest';
import { assertWithinLimits } from '../../src/blocks/assert-within-limits.ts';
import { echoInput, MAX_ECHO_CHARS, renderUsage } from '../../src/blocks/render-usage.ts';

const spec = {
  command: '/incident',
  summary: 'open, acknowledge and resolve incidents',
  usage: ['/incident new <title> [sev=1-4]', '/incident ack <id>'],
  examples: ['/incident ack 12'],
};

describe('renderUsage', () => {
  it('shows the error first, then the usage as escaped code and the example', () => {
    const msg = renderUsage({ ...spec, error: 'Unknown subcommand "akc" & <more>' });
    expect(msg.blocks).toEqual([
      { type: 'section', text: { type: 'mrkdwn', text: ':warning: Unknown subcommand "akc" &amp; &lt;more&gt;' } },
      { type: 'section', text: { type: 'mrkdwn', text: '*/incident*: open, acknowledge and resolve incidents' } },
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: '*Usage*\n```/incident new &lt;title&gt; [sev=1-4]\n/incident ack &lt;id&gt;```',
        },
      },
      { type: 'section', text: { type: 'mrkdwn', text: '*Example*\n`/incident ack 12`' } },
    ]);
    expect(msg.text).toBe('Unknown subcommand "akc" &amp; &lt;more&gt; Usage: /incident new &lt;title&gt; [sev=1-4]');
    assertWithinLimits(msg.blocks, msg.text);
  });

  it('works without an error or a summary', () => {
    const msg = renderUsage({ command: '/incident', usage: spec.usage, examples: [] });
    expect(msg.blocks[0]).toEqual({ type: 'section', text: { type: 'mrkdwn', text: '*/incident*' } });
    expect(msg.blocks.at(-1)).toEqual({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: 'Try `/incident help`.' }],
    });
    expect(msg.text).toBe('/incident Usage: /incident new &lt;title&gt; [sev=1-4]');
  });

  it('keeps a huge usage inside its code fences and within limits', () => {
    const msg = renderUsage({ ...spec, usage: Array.from({ length: 400 }, (_, i) => `/incident sub${i} <arg>`) });
    expect(msg.blocks[1]).toMatchObject({ text: { text: expect.stringMatching(/^\*Usage\*\n```[\s\S]*…```$/) } });
    assertWithinLimits(msg.blocks, msg.text);
  });

  it('repeats at most 80 characters of any one typed word, however deep the error was written', () => {
    const pasted = 'x'.repeat(40_000);
    const msg = renderUsage({ ...spec, error: `"${pasted}" is not a duration. Give 30m or 2h.` });
    const shown = `"${'x'.repeat(78)}…`;
    expect(msg.blocks[0]).toEqual({
      type: 'section',
      text: { type: 'mrkdwn', text: `:warning: ${shown} is not a duration. Give 30m or 2h.` },
    });
    expect(msg.text.startsWith(`${shown} is not a duration.`)).toBe(true);
    expect(JSON.stringify(msg).length).toBeLessThan(1000);
  });
});

describe('echoInput', () => {
  it('keeps short input, cuts long input to 80 characters ending in an ellipsis, and never splits an emoji', () => {
    expect(echoInput('refund_rate')).toBe('refund_rate');
    expect(echoInput('a'.repeat(MAX_ECHO_CHARS))).toBe('a'.repeat(MAX_ECHO_CHARS));
    expect(echoInput('a b '.repeat(10_000))).toBe(`${'a b '.repeat(20).slice(0, 79)}…`);
    expect([...echoInput('🔥'.repeat(100))]).toEqual([...'🔥'.repeat(79), '…']);
  });
});
