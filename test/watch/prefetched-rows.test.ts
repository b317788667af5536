// prefetchedRows against a seeded demo warehouse: every tick's read gives the rows a direct fetch gives,
// from one warehouse pass per metric; a read outside the prefetched span goes to the warehouse.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchMetricRows } from '../../src/watch/fetch-metric-rows.ts';
import { demoCatalog } from '../../src/metrics/load-catalog.ts';
import { backtestTicks, neededRanges } from '../../src/watch/backtest-incidents.ts';
import { judgedBucket, rangesFor } from '../../src/watch/judge-metric.ts';
import { prefetchedRows } from '../../src/watch/prefetched-rows.ts';
import type { FetchRows } from '../../src/watch/create-evaluator.ts';
import { DEMO_TEMPLATE, openDemoDatabase } from '../helpers/demo-template.ts';
import { testDatabaseKinds, type TestDatabase } from '../helpers/test-database.ts';

const TZ = 'Asia/Singapore';
const DAY = 86_400_000;
const TO = new Date(DEMO_TEMPLATE.end.getTime() - DAY);
const FROM = new Date(TO.getTime() - 2 * DAY);

describe.each(testDatabaseKinds)('prefetchedRows on %s', (kind) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openDemoDatabase(kind);
  }, 300_000);
  afterAll(async () => {
    await db?.close();
  });

  it('answers every tick of every demo metric with the rows of a direct fetch, one pass per metric', async () => {
    const catalog = demoCatalog();
    const ticks = backtestTicks([...new Set(catalog.map((m) => m.grain))], TZ, FROM, TO);
    let passes = 0;
    const counting: FetchRows = (...args) => {
      passes += 1;
      return fetchMetricRows(...args);
    };
    const read = prefetchedRows((m) => neededRanges(m, ticks, TZ), counting);
    for (const metric of catalog) {
      // The first, a middle and the last tick of the metric's grain (each a distinct set of ranges).
      const mine = ticks.filter((t) => t.grain === metric.grain);
      for (const tick of [mine[0]!, mine[mine.length >> 1]!, mine.at(-1)!]) {
        const ranges = rangesFor(metric, judgedBucket(metric, tick.at, TZ));
        const direct = await fetchMetricRows(db.pool, metric, metric.grain, TZ, ranges);
        const answered = await read(db.pool, metric, metric.grain, TZ, ranges);
        expect(direct.length, metric.id).toBeGreaterThan(0);
        expect(canonical(answered), `${metric.id} at ${tick.at.toISOString()}`).toEqual(canonical(direct));
      }
    }
    expect(passes).toBe(catalog.length);
  }, 300_000);

  it('reads outside the prefetched span from the warehouse', async () => {
    const metric = demoCatalog().find((m) => m.grain === 'hour')!;
    const ticks = backtestTicks(['hour'], TZ, FROM, TO);
    let passes = 0;
    const read = prefetchedRows(
      (m) => neededRanges(m, ticks, TZ),
      (...args) => {
        passes += 1;
        return fetchMetricRows(...args);
      },
    );
    const earlier = rangesFor(metric, judgedBucket(metric, new Date(FROM.getTime() - 3 * DAY), TZ));
    const direct = await fetchMetricRows(db.pool, metric, metric.grain, TZ, earlier);
    expect(canonical(await read(db.pool, metric, metric.grain, TZ, earlier))).toEqual(canonical(direct));
    expect(passes).toBe(2);
  }, 120_000);
});

// Rows as sorted JSON (buckets as ISO times): the same multiset of rows, whatever the order of the chunks.
function canonical(rows: Array<Record<string, unknown>>): string[] {
  return rows
    .map((r) =>
      JSON.stringify(
        Object.keys(r)
          .sort()
          .map((k) => [k, r[k] instanceof Date ? (r[k] as Date).toISOString() : r[k]]),
      ),
    )
    .sort();
}
