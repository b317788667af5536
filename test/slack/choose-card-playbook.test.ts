import { describe, expect, it } from 'vitest';
import { chooseCardPlaybook } from '../../src/slack/run-playbook-from-card.ts';

describe('chooseCardPlaybook', () => {
  it("runs the metric's own playbook at once, naming the other suggestions", () => {
    expect(chooseCardPlaybook('refund-spike', ['refund-spike', 'metric-drilldown'])).toEqual({
      kind: 'run',
      id: 'refund-spike',
      others: ['metric-drilldown'],
    });
  });

  it('runs a lone suggestion, and offers a choice among several when the metric has none of its own loaded', () => {
    expect(chooseCardPlaybook(undefined, ['metric-drilldown'])).toEqual({
      kind: 'run',
      id: 'metric-drilldown',
      others: [],
    });
    expect(chooseCardPlaybook('not-loaded', ['fraud-check', 'metric-drilldown'])).toEqual({
      kind: 'choose',
      ids: ['fraud-check', 'metric-drilldown'],
    });
    expect(chooseCardPlaybook(undefined, [])).toEqual({ kind: 'none' });
  });
});
