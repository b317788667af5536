// Digest facts for the chart tests: one red and one amber metric among greens, each day with its usual band.
import type { DigestFacts, MetricFact } from '../../src/summaries/digest-facts-schema.ts';
import { digestFacts } from '../slack/digest-fixtures.ts';

/** The digest of 2 June with a red refund rate (target 3 %) and an amber GMV, the rest green. */
export function redAndAmber(kind: DigestFacts['kind'] = 'daily'): DigestFacts {
  const base = digestFacts({ kind });
  const banded = (m: MetricFact): MetricFact => ({
    ...m,
    series: m.series.map((p) => ({ ...p, expected: p.value, low: p.value! * 0.9, high: p.value! * 1.1 })),
  });
  return {
    ...base,
    metrics: [
      banded(base.metrics[1]!), // Redemption failures, green
      banded({ ...base.metrics[2]!, status: 'amber', statusReason: 'worse than usual' }), // GMV
      banded({ ...base.metrics[0]!, statusReason: 'worse than target' }), // Refund rate, red
    ],
  };
}
