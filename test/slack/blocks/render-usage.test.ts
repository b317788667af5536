import { describe, expect, it } from 'vitest';
import { assertWithinLimits } from '../../../src/slack/blocks/assert-within-limits.ts';
import { renderUsage } from '../../../src/slack/blocks/render-usage.ts';

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
      { type: 'section', text: { type: 'mrkdwn', text: '*Usage*\n```/incident new &lt;title&gt; [sev=1-4]\n/incident ack &lt;id&gt;```' } },
      { type: 'section', text: { type: 'mrkdwn', text: '*Example*\n`/incident ack 12`' } },
    ]);
    expect(msg.text).toBe('Unknown subcommand "akc" &amp; &lt;more&gt; Usage: /incident new &lt;title&gt; [sev=1-4]');
    assertWithinLimits(msg.blocks, msg.text);
  });

  it('works without an error or a summary', () => {
    const msg = renderUsage({ command: '/incident', usage: spec.usage, examples: [] });
    expect(msg.blocks[0]).toEqual({ type: 'section', text: { type: 'mrkdwn', text: '*/incident*' } });
    expect(msg.blocks.at(-1)).toEqual({ type: 'context', elements: [{ type: 'mrkdwn', text: 'Try `/incident help`.' }] });
    expect(msg.text).toBe('/incident Usage: /incident new &lt;title&gt; [sev=1-4]');
  });

  it('keeps a huge usage inside its code fences and within limits', () => {
    const msg = renderUsage({ ...spec, usage: Array.from({ length: 400 }, (_, i) => `/incident sub${i} <arg>`) });
    expect(msg.blocks[1]).toMatchObject({ text: { text: expect.stringMatching(/^\*Usage\*\n```[\s\S]*…```$/) } });
    assertWithinLimits(msg.blocks, msg.text);
  });
});
