import type { SectionBlock } from '@slack/types';
import { describe, expect, it } from 'vitest';
import { assertWithinLimits } from '../../src/blocks/assert-within-limits.ts';
import { MAX_LIST_ROWS, renderIncidentList, renderIncidentListLine } from '../../src/blocks/render-incident-list.ts';
import { acknowledged, incident, NOW, resolved, TZ } from './incident-fixtures.ts';

const opts = { now: NOW, timezone: TZ, title: 'Incidents (open)' };

describe('renderIncidentListLine', () => {
  it('shows id, severity, status, channel, title, age and owner', () => {
    expect(renderIncidentListLine(acknowledged(), NOW)).toBe(
      '#12 SEV2 acknowledged <#C123> Refund spike in Jakarta · open 2h 5m · owner <@UALICE>',
    );
    expect(renderIncidentListLine(incident({ channelId: null }), NOW)).toBe(
      '#12 SEV2 open Refund spike in Jakarta · open 2h 5m · unassigned',
    );
    expect(renderIncidentListLine(resolved(), new Date('2025-05-09T00:00:00Z'))).toBe(
      '#12 SEV2 resolved <#C123> Refund spike in Jakarta · resolved in 2h 5m · owner <@UALICE>',
    );
  });

  it('escapes and shortens the title without breaking an escape', () => {
    const line = renderIncidentListLine(incident({ title: `${'r'.repeat(56)}<b>&c` }), NOW);
    // `&lt;` would end past 60 characters, so the cut comes before it rather than inside it.
    expect(line).toContain(`<#C123> ${'r'.repeat(56)}… · open`);
    expect(line).not.toContain('<b>');
  });
});

describe('renderIncidentList', () => {
  it('lists incidents under a header with a count in the fallback', () => {
    const list = renderIncidentList(
      [acknowledged(), incident({ id: 13, severity: 1, title: 'Redemptions failing' })],
      opts,
    );
    expect(list.text).toBe('Incidents (open): 2 incidents');
    expect(list.blocks[0]).toEqual({
      type: 'header',
      text: { type: 'plain_text', text: 'Incidents (open)', emoji: true },
    });
    expect((list.blocks[1] as SectionBlock).text?.text.split('\n')).toEqual([
      '#12 SEV2 acknowledged <#C123> Refund spike in Jakarta · open 2h 5m · owner <@UALICE>',
      '#13 SEV1 open <#C123> Redemptions failing · open 2h 5m · unassigned',
    ]);
    assertWithinLimits(list.blocks, list.text);
  });

  it('says so when there are none', () => {
    const list = renderIncidentList([], opts);
    expect(list.blocks[1]).toEqual({ type: 'section', text: { type: 'mrkdwn', text: 'No incidents.' } });
    expect(list.text).toBe('Incidents (open): 0 incidents');
  });

  it('caps 200 incidents within 50 blocks and says how many more there are', () => {
    const many = Array.from({ length: 200 }, (_, i) =>
      incident({ id: i + 1, title: `Incident ${i + 1} ${'t'.repeat(300)}` }),
    );
    const list = renderIncidentList(many, opts);
    expect(list.blocks.length).toBeLessThanOrEqual(50);
    const lines = list.blocks.flatMap((b) => (b.type === 'section' && b.text ? b.text.text.split('\n') : []));
    expect(lines).toHaveLength(MAX_LIST_ROWS);
    expect(lines[0]).toMatch(/^#1 SEV2 open <#C123> Incident 1 t+… · open 2h 5m · unassigned$/);
    expect(list.blocks.at(-1)).toEqual({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: `and ${200 - MAX_LIST_ROWS} more` }],
    });
    expect(list.text).toBe('Incidents (open): 200 incidents');
    assertWithinLimits(list.blocks, list.text);
  });
});
