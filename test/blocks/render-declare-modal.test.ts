import { describe, expect, it } from 'vitest';
import {
  messageMetadata,
  messageOfMetadata,
  quoteSource,
  readDeclareForm,
  renderDeclareModal,
  type ViewValues,
} from '../../src/blocks/render-declare-modal.ts';

const values = (v: { title?: string; severity?: string; metric?: string; slice?: string; description?: string }) =>
  ({
    title: { title: { value: v.title ?? null } },
    severity: { severity: { selected_option: v.severity ? { value: v.severity } : null } },
    metric: { metric: { selected_option: v.metric ? { value: v.metric } : null } },
    slice: { slice: { value: v.slice ?? null } },
    description: { description: { value: v.description ?? null } },
  }) as ViewValues;

describe('the declare modal', () => {
  it("takes the title from the message's first line, links and mentions as their labels", () => {
    const view = renderDeclareModal([{ id: 'refund_rate', title: 'Refund rate' }], {
      channelId: 'C1',
      ts: '1.2',
      author: 'U1',
      text: '\n  <https://status.example.com|Status page>   says   refunds fail\nmore',
    }) as { blocks: Array<{ block_id: string; element: { initial_value?: string; options?: unknown[] } }> };
    expect(view.blocks[0]!.element.initial_value).toBe('Status page says refunds fail');
    expect(view.blocks.find((b) => b.block_id === 'metric')!.element.options).toEqual([
      { text: { type: 'plain_text', text: 'Refund rate (refund_rate)' }, value: 'refund_rate' },
    ]);
  });

  it('leaves the metric out when the catalog is empty', () => {
    const view = renderDeclareModal([]) as { blocks: Array<{ block_id: string }>; private_metadata: string };
    expect(view.blocks.map((b) => b.block_id)).toEqual(['title', 'severity', 'slice', 'description']);
    expect(view.private_metadata).toBe('');
  });

  it('reads a filled-in modal, lower-casing the slice', () => {
    expect(
      readDeclareForm(
        values({ title: ' Refunds   fail ', severity: '1', metric: 'refund_rate', slice: 'city=Jakarta' }),
        ['refund_rate'],
      ),
    ).toEqual({
      ok: true,
      form: { title: 'Refunds fail', severity: 1, metricId: 'refund_rate', slice: { city: 'jakarta' } },
    });
  });

  it('names each problem beside its field', () => {
    const read = readDeclareForm(values({ title: ' ', severity: '3', metric: 'gone', slice: 'jakarta' }), [
      'refund_rate',
    ]);
    expect(read).toEqual({
      ok: false,
      errors: {
        title: 'Give the incident a title.',
        metric: 'That metric is not in the catalog.',
        slice: 'Write the slice as key=value pairs, e.g. city=jakarta category=food.',
      },
    });
  });

  it('carries a long message in private_metadata within 3000 characters and reads it back', () => {
    const source = { channelId: 'C1', ts: '1700000000.000100', author: 'U1', text: '"quoted" '.repeat(600) };
    const metadata = messageMetadata(source);
    expect(metadata.length).toBeLessThanOrEqual(3000);
    const back = messageOfMetadata(metadata)!;
    expect(back).toMatchObject({ channelId: 'C1', ts: source.ts, author: 'U1' });
    expect(source.text.startsWith(back.text.slice(0, -1))).toBe(true);
    expect(messageOfMetadata('not json')).toBeUndefined();
    expect(messageOfMetadata('')).toBeUndefined();
  });

  it("quotes the message with who said it where, a bot's as an app", () => {
    expect(quoteSource({ channelId: 'C1', ts: '1.2', author: 'B1', text: 'a\nb' }, 'U2')).toBe(
      ':speech_balloon: <@U2> declared this incident from a message by an app in <#C1>:\n> a\n> b',
    );
  });
});
