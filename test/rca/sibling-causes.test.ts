// Two causes that share a dimension, both inside one value of another dimension: the shift search names the
// two values, not the slice that happens to contain them.
import { describe, expect, it } from 'vitest';
import { localizeRootCauses } from '../../src/rca/localize-root-causes.ts';
import type { RcaRatioLeaf } from '../../src/rca/rca-types.ts';

// Deterministic noise in [-1, 1), so the test never flakes.
function noise(i: number): number {
  const x = Math.sin(i * 12.9898 + 78.233) * 43758.5453;
  return 2 * (x - Math.floor(x)) - 1;
}

// p2p x bitrate x cdn; bitrates b1 and b2 mostly run over p2p=1; their success rate drops from 0.9 to 0.6.
function cube(): RcaRatioLeaf[] {
  const leaves: RcaRatioLeaf[] = [];
  let i = 0;
  for (const p2p of ['0', '1'])
    for (const bitrate of ['b0', 'b1', 'b2', 'b3', 'b4'])
      for (const cdn of ['c0', 'c1', 'c2', 'c3']) {
        const hot = bitrate === 'b1' || bitrate === 'b2';
        const den = p2p === '1' ? (hot ? 800 : 150) : hot ? 20 : 300;
        const rate = (hot ? 0.6 : 0.9) + 0.01 * noise(i++);
        leaves.push({
          values: [p2p, bitrate, cdn],
          num: rate * den,
          den,
          expectedNum: (0.9 + 0.01 * noise(i++)) * den,
          expectedDen: den,
        });
      }
  return leaves;
}

const keys = (causes: Array<{ elements: Record<string, string> }>): string[] =>
  causes.map((c) =>
    Object.entries(c.elements)
      .map(([k, v]) => `${k}=${v}`)
      .join('&'),
  );

describe('shift search, causes sharing a dimension', () => {
  it('names bitrate=b1 and bitrate=b2 rather than p2p=1, which holds most of both', () => {
    const causes = localizeRootCauses({ dims: ['p2p', 'bitrate', 'cdn'], measure: { kind: 'ratio' }, leaves: cube() });
    expect(new Set(keys(causes))).toEqual(new Set(['bitrate=b1', 'bitrate=b2']));
  });
});
