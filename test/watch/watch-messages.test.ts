import { describe, expect, it } from 'vitest';
import { metricSchema } from '../../src/metrics/metric-catalog-schema.ts';
import { staleNotice } from '../../src/watch/watch-messages.ts';

const metric = (grain: string) =>
  metricSchema.parse({
    id: 'orders',
    title: 'Orders',
    description: 'orders per bucket',
    kind: 'amount',
    grain,
    bad: 'down',
    sql: 'SELECT bucket, n AS value FROM t WHERE bucket >= :from AND bucket < :to',
    slices: [[]],
    stale_after: '2d',
  });

describe('staleNotice', () => {
  it('names the date of a years-old newest bucket in the team zone', () => {
    const text = staleNotice(metric('day'), new Date('2023-03-02T17:00:00Z'), 'Asia/Jakarta');
    expect(text).toContain('the newest bucket is from 3 Mar 2023 (more than 2d old)');
    expect(text).not.toContain('never');
  });

  it('gives the time of day for a shorter grain', () => {
    expect(staleNotice(metric('hour'), new Date('2023-03-03T02:00:00Z'), 'Asia/Jakarta')).toContain(
      'from 3 Mar 2023, 09:00',
    );
  });

  it('says "no data at all" only when there is none, and nothing of the kind when it is not known', () => {
    expect(staleNotice(metric('day'), null, 'UTC')).toContain('is stale: there is no data at all');
    const unknown = staleNotice(metric('day'), undefined, 'UTC');
    expect(unknown).not.toMatch(/never|at all/);
  });
});
