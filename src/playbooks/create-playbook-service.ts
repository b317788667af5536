// The playbook service: loads playbooks/ once, resolves parameters, runs the engine and stores each run.
import type pg from 'pg';
import type { Logger } from 'pino';
import { renderSpecToPng } from '../charts/render-png.ts';
import type { Config } from '../config/load-config.ts';
import { catalogOf } from '../metrics/load-catalog.ts';
import { paramTypesOf, windowSourceOf } from './describe-run-params.ts';
import type { LikelyCause } from '../incidents/incident-types.ts';
import { loadPlaybooks } from './load-playbooks.ts';
import { cannotRunReason } from './runnable-for-incident.ts';
import { finishRun, readRun, startRun } from './playbook-run-store.ts';
import type { IncidentContext, PlaybookService } from './playbook-service-types.ts';
import { resolveParams } from './resolve-params.ts';
import { runPlaybook } from './run-playbook.ts';

/** What the service needs: the bot's database (runs), the warehouse, config, a logger and the clock. */
export interface PlaybookServiceDeps {
  pool: pg.Pool;
  warehouse: pg.Pool;
  config: Pick<Config, 'workspace' | 'timezone' | 'playbooksDir'> & Partial<Pick<Config, 'openai'>>;
  logger: Logger;
  clock: () => Date;
  /** Called after a stored run for an incident concludes: the card's likely cause becomes the conclusion. */
  onConclusion?: (incidentId: number, cause: LikelyCause) => Promise<void>;
  /** Where the playbook files are (default: VIGIL_PLAYBOOKS_DIR, else the playbooks shipped with vigil). */
  dir?: string;
}

/** Builds the service; files that fail to load are logged once and listed by `problems()`. */
export function createPlaybookService(
  deps: PlaybookServiceDeps,
): PlaybookService & Required<Pick<PlaybookService, 'runnableFor'>> {
  const loaded = loadPlaybooks(deps.dir ?? deps.config.playbooksDir);
  for (const problem of loaded.problems) deps.logger.warn({ problem }, 'a playbook file did not load');
  const byId = new Map(loaded.playbooks.map((p) => [p.id, p]));
  const catalog = catalogOf(deps.config);
  const metrics = new Map(catalog.map((m) => [m.id, [...new Set(m.slices.flat())]]));
  const resolve = (id: string, given: Record<string, string>, incident: IncidentContext | undefined) => {
    const playbook = byId.get(id);
    if (!playbook) {
      return {
        ok: false as const,
        code: 'vigil_playbook_not_found',
        message: `There is no playbook "${id}".`,
        hint: `Use one of: ${loaded.playbooks.map((p) => p.id).join(', ') || '(none loaded)'} (\`/investigate list\`).`,
      };
    }
    const resolved = resolveParams(playbook, given, {
      now: deps.clock(),
      timezone: deps.config.timezone,
      metrics,
      ...(incident ? { incident } : {}),
    });
    return resolved.ok ? { ...resolved, playbook } : resolved;
  };
  const suggestFor = (metricId: string | null): string[] => {
    if (!metricId) return [];
    const first = catalog.find((m) => m.id === metricId)?.playbook;
    const listed = loaded.playbooks.filter((p) => p.metrics.includes(metricId)).map((p) => p.id);
    const general = loaded.playbooks.filter((p) => p.metrics.includes('*')).map((p) => p.id);
    return [...new Set([...(first ? [first] : []), ...listed, ...general])].filter((id) => byId.has(id));
  };
  return {
    list: () => loaded.playbooks,
    problems: () => loaded.problems,
    get: (id) => byId.get(id),
    suggestFor,
    runnableFor(incident) {
      return suggestFor(incident.metricId).filter((id) => {
        const resolved = resolve(id, {}, incident);
        return resolved.ok && cannotRunReason(resolved.playbook, resolved.values, metrics) === null;
      });
    },
    check(id, given, incident) {
      const resolved = resolve(id, given, incident);
      return resolved.ok ? { ok: true } : resolved;
    },
    async run(id, given, request) {
      const resolved = resolve(id, given, request.incident);
      if (!resolved.ok) return resolved;
      const playbook = resolved.playbook;
      const dryRun = request.dryRun ?? false;
      const runId = dryRun
        ? null
        : await startRun(deps.pool, {
            playbookId: id,
            requestedBy: request.requestedBy,
            ...(request.channelId ? { channelId: request.channelId } : {}),
            ...(request.incident ? { incident: request.incident } : {}),
            params: resolved.values,
            startedAt: deps.clock(),
          });
      const log = deps.logger.child({ playbook: id, run: runId, user: request.requestedBy });
      const ran = await runPlaybook(
        playbook,
        resolved.values,
        {
          warehouse: deps.warehouse,
          timezone: deps.config.timezone,
          catalog,
          ...(deps.config.openai?.apiKey && !dryRun ? { drafting: deps.config.openai } : {}),
          ...(request.charts !== false && !dryRun ? { renderChart: (spec) => renderSpecToPng(spec) } : {}),
        },
        { dryRun, clock: deps.clock, ...(request.onProgress ? { onProgress: request.onProgress } : {}) },
      );
      const result = request.incident ? { ...ran, windowSource: windowSourceOf(request.incident) } : ran;
      for (const step of result.steps.filter((s) => s.error && !s.skipped))
        log.warn({ step: step.id, code: step.error!.code, error: step.error!.message }, 'playbook step failed');
      if (runId !== null) await finishRun(deps.pool, runId, result);
      if (runId !== null && request.incident && result.conclusion && deps.onConclusion) {
        const cause: LikelyCause = {
          elements: result.conclusion.elements,
          text: result.conclusion.text,
          source: 'playbook',
          playbook: id,
        };
        // The run is stored and answered either way; a card that cannot be updated is logged, not fatal.
        await deps.onConclusion(request.incident.incidentId, cause).catch((err: unknown) => {
          log.warn({ err }, 'could not set the incident likely cause from the conclusion');
        });
      }
      return { ok: true, runId, result };
    },
    readRun: (runId) =>
      readRun(
        deps.pool,
        runId,
        (pid) => byId.get(pid)?.title ?? pid,
        (pid) => {
          const p = byId.get(pid);
          return p ? paramTypesOf(p) : undefined;
        },
      ),
  };
}
