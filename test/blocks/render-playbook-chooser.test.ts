import { describe, expect, it } from 'vitest';
import { assertWithinLimits } from '../../src/blocks/assert-within-limits.ts';
import { parsePickValue, pickValue, renderPlaybookChooser } from '../../src/blocks/render-playbook-chooser.ts';
import { refundPlaybook } from './render-playbook-fixtures.ts';

describe('renderPlaybookChooser', () => {
  it('offers a Run button per suggested playbook, each with a unique action id and the incident in its value', () => {
    const pbs = [refundPlaybook(), { ...refundPlaybook(), id: 'external-shock', title: 'External shock' }];
    const msg = renderPlaybookChooser(7, 'refund_rate', pbs);
    assertWithinLimits(msg.blocks, msg.text);
    const buttons = (msg.blocks[1] as { elements: Array<{ action_id: string; value: string }> }).elements;
    expect(buttons.map((b) => [b.action_id, b.value])).toEqual([
      ['incident_playbook_pick_0', '7:refund-spike'],
      ['incident_playbook_pick_1', '7:external-shock'],
    ]);
    expect(msg.text).toBe('Which playbook for incident #7? refund-spike, external-shock');
  });

  it('caps the choices and says how many more there are', () => {
    const many = Array.from({ length: 30 }, (_, i) => ({
      ...refundPlaybook(),
      id: `p-${i}`,
      title: `P ${i} ${'x'.repeat(100)}`,
    }));
    const msg = renderPlaybookChooser(1, null, many);
    assertWithinLimits(msg.blocks, msg.text);
    expect(JSON.stringify(msg.blocks)).toContain('20 more suggested');
  });

  it('round-trips the button value and rejects anything else', () => {
    expect(parsePickValue(pickValue(12, 'refund-spike'))).toEqual({ incidentId: 12, playbookId: 'refund-spike' });
    expect(parsePickValue('12')).toBeUndefined();
    // Incident ids start at 1.
    expect(parsePickValue('0:refund-spike')).toBeUndefined();
    expect(parsePickValue('012:refund-spike')).toBeUndefined();
    expect(parsePickValue('x:refund-spike')).toBeUndefined();
  });
});
