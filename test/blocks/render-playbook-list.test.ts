import { describe, expect, it } from 'vitest';
import { assertWithinLimits } from '../../src/blocks/assert-within-limits.ts';
import { renderPlaybookHelp, renderPlaybookList } from '../../src/blocks/render-playbook-list.ts';
import { refundPlaybook } from './render-playbook-fixtures.ts';

describe('renderPlaybookList', () => {
  it('lists id, title and the first line of each description, then the files that did not load', () => {
    const msg = renderPlaybookList(
      [refundPlaybook()],
      ['playbooks/bad.yml line 3: steps.0.kind: unknown step kind "querry"'],
    );
    assertWithinLimits(msg.blocks, msg.text);
    const all = JSON.stringify(msg.blocks);
    expect(all).toContain('`refund-spike` *Refund spike*: Where refunds rose and why.');
    expect(all).not.toContain('Second line');
    expect(all).toContain('1 playbook file did not load');
    expect(all).toContain('playbooks/bad.yml line 3');
    expect(msg.text).toBe('Playbooks: refund-spike; 1 failed to load');
  });

  it('stays within limits with hundreds of playbooks and problems', () => {
    const many = Array.from({ length: 300 }, (_, i) => ({
      ...refundPlaybook(),
      id: `p-${i}`,
      description: 'd'.repeat(500),
    }));
    const msg = renderPlaybookList(
      many,
      Array.from({ length: 300 }, (_, i) => `file ${i} ${'e'.repeat(100)}`),
    );
    assertWithinLimits(msg.blocks, msg.text);
  });

  it('says when none loaded', () => {
    expect(JSON.stringify(renderPlaybookList([], []).blocks)).toContain('No playbooks loaded');
  });
});

describe('renderPlaybookHelp', () => {
  it('explains params (type, default, required, filled from the incident) and the steps', () => {
    const msg = renderPlaybookHelp(refundPlaybook());
    assertWithinLimits(msg.blocks, msg.text);
    const all = JSON.stringify(msg.blocks);
    expect(all).toContain("• `city` string, from the incident's slice.city: the city");
    expect(all).toContain('• `window` duration, default 24h');
    expect(all).toContain('• `merchant_id` string, required');
    expect(all).toContain('`mode` one of fast | full, default fast');
    expect(all).toContain('1. Refunds by day (query)\\n2. note (note)');
    expect(all).toContain('Run: `/investigate refund-spike merchant_id=…`');
    expect(all).toContain('suggested for `refund_rate`');
    expect(JSON.stringify(renderPlaybookHelp({ ...refundPlaybook(), metrics: ['*'] }).blocks)).toContain(
      'suggested for every metric',
    );
  });
});
