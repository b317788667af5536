// playbook_runs: a run is recorded before it starts (so a crash leaves a trace) and completed after; summaries read their findings.
import type pg from 'pg';
import type { IncidentContext, StoredRun } from './playbook-service-types.ts';
import type { PlaybookRunResult, StepOutcome } from './run-types.ts';
import { conclusionOf, storable } from './run-playbook.ts';

/** Records a run as running and returns its id. */
export async function startRun(
  pool: pg.Pool,
  run: {
    playbookId: string;
    requestedBy: string;
    channelId?: string;
    incident?: IncidentContext;
    params: unknown;
    startedAt: Date;
  },
): Promise<number> {
  const { rows } = await pool.query<{ id: string }>(
    `INSERT INTO playbook_runs (playbook_id, requested_by, channel_id, incident_id, params, started_at)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [
      run.playbookId,
      run.requestedBy,
      run.channelId ?? null,
      run.incident?.incidentId ?? null,
      JSON.stringify(run.params),
      run.startedAt,
    ],
  );
  return Number(rows[0]!.id);
}

/** Completes a run with its steps (results capped, no images) and findings. */
export async function finishRun(pool: pg.Pool, runId: number, result: PlaybookRunResult): Promise<void> {
  await pool.query(
    'UPDATE playbook_runs SET status = $2, steps = $3, findings = $4, finished_at = $5, window_source = $6 WHERE id = $1',
    [
      runId,
      result.ok ? 'succeeded' : 'failed',
      JSON.stringify(result.steps.map(storable)),
      JSON.stringify(result.findings),
      result.finishedAt,
      result.windowSource ? JSON.stringify(result.windowSource) : null,
    ],
  );
}

/** A stored run, or null. */
export async function readRun(
  pool: pg.Pool,
  runId: number,
  titleOf: (playbookId: string) => string,
  paramTypesOf?: (playbookId: string) => Record<string, string> | undefined,
): Promise<StoredRun | null> {
  if (!Number.isSafeInteger(runId) || runId <= 0) return null;
  const { rows } = await pool.query('SELECT * FROM playbook_runs WHERE id = $1', [runId]);
  const r = rows[0] as
    | {
        id: string;
        playbook_id: string;
        requested_by: string;
        channel_id: string | null;
        incident_id: string | null;
        params: PlaybookRunResult['params'];
        status: StoredRun['status'];
        steps: StepOutcome[];
        findings: string[];
        started_at: Date;
        finished_at: Date | null;
        window_source: PlaybookRunResult['windowSource'] | null;
      }
    | undefined;
  if (!r) return null;
  return {
    runId: Number(r.id),
    requestedBy: r.requested_by,
    channelId: r.channel_id,
    incidentId: r.incident_id === null ? null : Number(r.incident_id),
    status: r.status,
    result: {
      id: r.playbook_id,
      title: titleOf(r.playbook_id),
      ok: r.status === 'succeeded',
      dryRun: false,
      params: r.params,
      steps: r.steps,
      findings: r.findings,
      ...conclusionOf(r.steps),
      ...(paramTypesOf?.(r.playbook_id) ? { paramTypes: paramTypesOf(r.playbook_id)! } : {}),
      ...(r.window_source ? { windowSource: r.window_source } : {}),
      startedAt: r.started_at,
      finishedAt: r.finished_at ?? r.started_at,
    },
  };
}

/** A finished run's findings as stored (jsonb: a list of strings, normally). */
export interface RunFindings {
  runId: number;
  playbookId: string;
  incidentId: number | null;
  findings: unknown;
}

/** Each incident's latest run that found something (its findings a non-empty list). */
export async function latestFindings(
  pool: pg.Pool,
  incidentIds: readonly number[],
): Promise<Array<{ incidentId: number; findings: unknown }>> {
  const { rows } = await pool.query(
    `SELECT DISTINCT ON (incident_id) incident_id, findings FROM playbook_runs
      WHERE incident_id = ANY($1::bigint[]) AND jsonb_typeof(findings) = 'array' AND jsonb_array_length(findings) > 0
      ORDER BY incident_id, started_at DESC, id DESC`,
    [incidentIds],
  );
  return rows.map((r) => ({ incidentId: Number(r.incident_id), findings: r.findings as unknown }));
}

/** The finished (succeeded or failed) runs of an incident, or of those started in [start, end): oldest first. */
export async function finishedRuns(
  pool: pg.Pool,
  of: { incidentId: number } | { start: Date; end: Date },
): Promise<RunFindings[]> {
  const [where, values] =
    'incidentId' in of
      ? ['incident_id = $1', [of.incidentId]]
      : ['started_at >= $1 AND started_at < $2', [of.start, of.end]];
  const { rows } = await pool.query(
    `SELECT id, playbook_id, incident_id, findings FROM playbook_runs
      WHERE ${where} AND status IN ('succeeded', 'failed') ORDER BY started_at, id`,
    values,
  );
  return rows.map((r) => ({
    runId: Number(r.id),
    playbookId: r.playbook_id as string,
    incidentId: r.incident_id === null ? null : Number(r.incident_id),
    findings: r.findings as unknown,
  }));
}

/** One run of an incident as its record exports it: what was asked, how it went and what it found (steps left out). */
export interface IncidentRun {
  runId: number;
  playbookId: string;
  requestedBy: string;
  status: string;
  params: unknown;
  findings: unknown;
  startedAt: Date;
  finishedAt: Date | null;
}

/** Every run of the incident, running ones too, oldest first. */
export async function incidentRuns(pool: pg.Pool, incidentId: number): Promise<IncidentRun[]> {
  const { rows } = await pool.query(
    `SELECT id, playbook_id, requested_by, status, params, findings, started_at, finished_at FROM playbook_runs
      WHERE incident_id = $1 ORDER BY started_at, id`,
    [incidentId],
  );
  return rows.map((r) => ({
    runId: Number(r.id),
    playbookId: r.playbook_id as string,
    requestedBy: r.requested_by as string,
    status: r.status as string,
    params: r.params as unknown,
    findings: r.findings as unknown,
    startedAt: r.started_at as Date,
    finishedAt: (r.finished_at as Date | null) ?? null,
  }));
}
