// The demo replay: walks simulated time forward over the demo's last days, one simulated hour per
// 1/speed real seconds, and runs the metric evaluation (and the daily digest) as the scheduler would
// have, so a visitor sees anomalies recorded and incidents open within minutes.
import type { Logger } from 'pino';
import type { CatalogMetric } from '../metrics/metric-catalog-schema.ts';
import type { Evaluate } from '../watch/evaluation-types.ts';
import type { Grain } from '../metrics/grain.ts';
import { planReplay, resolveReplayRange, type ReplayRequest } from './replay-plan.ts';

/** What a replay runs with; `sleep` and `clock` are the test seams. */
export interface DemoReplayDeps {
  evaluate: Evaluate;
  catalog: readonly CatalogMetric[];
  timezone: string;
  clock?: () => Date;
  logger: Logger;
  /** Posts the daily digest covering a local date (YYYY-MM-DD); absent, no digests are run. */
  runDigest?: (date: string) => Promise<void>;
  /** Local time the daily digest fires at (vigil.yml digest.daily_at); default 09:00. */
  digestAt?: string;
  sleep?: (ms: number) => Promise<void>;
  /** How many incidents exist (replay-incident-count.ts); the status reports those the replay added. */
  countIncidents?: () => Promise<number>;
}

/** Where a replay stands (the page shows it; `vigil demo replay` prints it). */
export interface ReplayStatus {
  running: boolean;
  /** The simulated moment reached (ISO), or null before the first replay. */
  at: string | null;
  speed: number;
  from: string | null;
  to: string | null;
  /** Evaluations run and anomalous slices found so far by this replay. */
  runs: number;
  anomalies: number;
  /** Incidents opened since the replay started (with countIncidents), and evaluations' opened-or-updated count. */
  incidents: number;
  incidentUpdates: number;
  digests: number;
  /** Why the last replay stopped early (the warehouse could not be reached), or null. */
  error: string | null;
}

/** A replay controller: one replay at a time; `start` while one runs replaces it. */
export interface DemoReplay {
  /** Checks the request (throws a VigilError on a bad speed or period) and starts walking in the background. */
  start(request: ReplayRequest): ReplayStatus;
  /** Stops the replay after the evaluation in progress; resolves once it has stopped. */
  stop(): Promise<void>;
  status(): ReplayStatus;
  /** Resolves when the current replay (if any) has finished or stopped. */
  done(): Promise<void>;
}

const idle = (): ReplayStatus => ({
  running: false,
  at: null,
  speed: 0,
  from: null,
  to: null,
  runs: 0,
  anomalies: 0,
  incidents: 0,
  incidentUpdates: 0,
  digests: 0,
  error: null,
});

/** Builds the replay controller; nothing runs until `start`. */
export function createDemoReplay(deps: DemoReplayDeps): DemoReplay {
  const clock = deps.clock ?? (() => new Date());
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const grains = [...new Set(deps.catalog.map((m) => m.grain))] as Grain[];
  const log = deps.logger.child({ component: 'demo-replay' });
  let status = idle();
  let generation = 0;
  let current: Promise<void> = Promise.resolve();

  const walk = async (mine: number, range: ReturnType<typeof resolveReplayRange>, progress: ReplayStatus) => {
    const live = () => generation === mine;
    const steps = planReplay(range, grains, deps.timezone, deps.runDigest ? (deps.digestAt ?? '09:00') : undefined);
    const stepMs = 1000 / range.speed;
    log.info({ from: range.from, to: range.to, speed: range.speed, hours: steps.length }, 'demo replay started');
    try {
      const before = deps.countIncidents ? await deps.countIncidents() : 0;
      const countOpened = async () => {
        if (deps.countIncidents) progress.incidents = (await deps.countIncidents()) - before;
      };
      for (const step of steps) {
        if (!live()) return;
        const began = Date.now();
        for (const run of step.runs) {
          if (!live()) return;
          const result = await deps.evaluate({ at: run.at, grain: run.grain, dryRun: false });
          progress.runs += 1;
          progress.anomalies += result.anomalies;
          progress.incidentUpdates += result.incidents;
        }
        if (step.runs.length > 0) await countOpened();
        for (const date of step.digests) {
          if (!live()) return;
          // A digest that fails is logged; the replay goes on, as the scheduler would.
          await deps.runDigest!(date).then(
            () => {
              progress.digests += 1;
            },
            (err: unknown) => log.warn({ err, date }, 'replayed digest failed'),
          );
        }
        progress.at = step.at.toISOString();
        const rest = stepMs - (Date.now() - began);
        if (rest > 0 && live()) await sleep(rest);
      }
      log.info(
        {
          runs: progress.runs,
          anomalies: progress.anomalies,
          incidents: progress.incidents,
          digests: progress.digests,
        },
        'demo replay finished',
      );
    } catch (err) {
      progress.error = err instanceof Error ? err.message : String(err);
      log.warn({ err, at: progress.at }, 'demo replay stopped: an evaluation failed');
    } finally {
      progress.running = false;
    }
  };

  return {
    start(request) {
      const range = resolveReplayRange(request, clock());
      const mine = ++generation;
      const previous = current;
      const mineStatus: ReplayStatus = {
        ...idle(),
        running: true,
        speed: range.speed,
        from: range.from.toISOString(),
        to: range.to.toISOString(),
        at: range.from.toISOString(),
      };
      status = mineStatus;
      // The replaced replay stops after its evaluation in progress; this one waits for it, so evaluations never overlap.
      current = previous.then(() => walk(mine, range, mineStatus));
      return { ...status };
    },
    async stop() {
      generation += 1;
      status.running = false;
      await current;
    },
    status: () => ({ ...status }),
    done: () => current,
  };
}
