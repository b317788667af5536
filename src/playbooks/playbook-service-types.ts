// The playbook service as commands and buttons see it: list, explain, run (stored), read a stored run.
import type { Playbook } from './playbook-schema.ts';
import type { PlaybookRunResult } from './run-types.ts';

/** Where a run was asked for: in an incident channel its metric, slice and window fill parameters. */
export interface IncidentContext {
  incidentId: number;
  metricId: string | null;
  slice: Record<string, string>;
  windowStart: Date;
  windowEnd: Date;
  /** The window the incident's card judged (its anomalous bucket through the end of the metric's grain). */
  card?: { windowStart: Date; windowEnd: Date; grain: string };
}

/** Progress of a running playbook, reported before each step starts. */
export interface RunProgress {
  /** 1-based. */
  index: number;
  total: number;
  step: { id: string; kind: string; title: string };
}

/** Who asked for a run and where. */
export interface RunRequest {
  requestedBy: string;
  channelId?: string;
  incident?: IncidentContext;
  dryRun?: boolean;
  /** Renders chart steps to PNG (off in a dry run and on the command line unless asked). */
  charts?: boolean;
  onProgress?: (progress: RunProgress) => void | Promise<void>;
}

/** A stored run. */
export interface StoredRun {
  runId: number;
  requestedBy: string;
  channelId: string | null;
  incidentId: number | null;
  status: 'running' | 'succeeded' | 'failed';
  result: PlaybookRunResult;
}

/** A parameter problem or an unknown playbook: what is wrong and what to type instead. */
export interface RunRefusal {
  ok: false;
  code: string;
  message: string;
  hint: string;
}

/** What /investigate, the Run playbook button and `vigil playbook` call. */
export interface PlaybookService {
  /** Playbooks that loaded, by id order. */
  list(): Playbook[];
  /** Files that did not load, each naming file, line and field. */
  problems(): string[];
  get(id: string): Playbook | undefined;
  /** Playbook ids a metric's incidents suggest (the catalog's playbook first, then those listing the metric). */
  suggestFor(metricId: string | null): string[];
  /** The suggested playbooks that can run for the incident's slice (parameters fill, something left to drill). */
  runnableFor?(incident: IncidentContext): string[];
  /** Whether `run` would start: the playbook exists and its parameters resolve (nothing is queried). */
  check(id: string, given: Record<string, string>, incident?: IncidentContext): { ok: true } | RunRefusal;
  /** Resolves parameters, runs the playbook and stores the run (not in a dry run). */
  run(
    id: string,
    given: Record<string, string>,
    request: RunRequest,
  ): Promise<{ ok: true; runId: number | null; result: PlaybookRunResult } | RunRefusal>;
  /** A stored run, to post again. */
  readRun(runId: number): Promise<StoredRun | null>;
}
