// What /vigil status shows of the scheduler: the last run of each grain and the metrics that are not ok.
import type pg from 'pg';
import { GRAINS } from '../metrics/grain.ts';
import { unhealthyMetrics, type MetricHealthIssue } from '../watch/metric-health.ts';
import { lastRunPerGrain, type GrainRunSummary } from './claim-run.ts';

/** The scheduler's picture for /vigil status. */
export interface SchedulerHistory {
  grains: GrainRunSummary[];
  health: MetricHealthIssue[];
}

/** Reads the last run per grain (in GRAINS order) and the metrics that are not ok. */
export async function readRunHistory(pool: pg.Pool): Promise<SchedulerHistory> {
  const grains = (await lastRunPerGrain(pool)).sort((a, b) => GRAINS.indexOf(a.grain) - GRAINS.indexOf(b.grain));
  return { grains, health: await unhealthyMetrics(pool) };
}
