// `vigil demo check`: measures each injected incident in the seeded data, so labels can be trusted.
import { readFileSync } from 'node:fs';
import { loadConfig } from '../config/load-config.ts';
import { createPool } from '../db/create-pool.ts';
import { measureIncident, metricDefinition } from '../demo/demo-metrics.ts';
import type { InjectedIncident } from '../demo/seed-demo.ts';
import { VigilError } from '../errors.ts';
import { openCliDatabase } from './open-cli-database.ts';

// How far a metric must move in its bad direction (observed / baseline) to count as visible.
const VISIBLE_UP = 1.5;
const VISIBLE_DOWN = 0.95;

/** One incident's measurement and verdict. */
export interface IncidentCheck {
  id: string;
  kind: string;
  metric: string;
  slice: Record<string, string>;
  observed: number | null;
  baseline: number | null;
  ratio: number | null;
  visible: boolean;
}

/** Measures the labels (a --labels file, or warehouse.injected_incidents); lines or JSON to print, and whether all show. */
export async function runDemoCheck(
  env: NodeJS.ProcessEnv,
  flags: { labels?: string; json?: boolean },
): Promise<{ lines: string[]; ok: boolean }> {
  const config = loadConfig(env);
  const fromFile = flags.labels ? readLabels(flags.labels) : undefined;
  const db = await openCliDatabase(config);
  try {
    const warehouse = config.warehouseUrl
      ? await createPool(config.warehouseUrl, { variable: 'WAREHOUSE_URL', max: 2 })
      : db.pool;
    try {
      const labels = fromFile ?? (await readInjected(warehouse));
      const checks: IncidentCheck[] = [];
      for (const label of labels) {
        const m = await measureIncident(warehouse, label);
        const bad = metricDefinition(label.metric).bad;
        const visible = m.ratio !== null && (bad === 'up' ? m.ratio >= VISIBLE_UP : m.ratio <= VISIBLE_DOWN);
        checks.push({ id: label.id, kind: label.kind, metric: label.metric, slice: label.slice, ...m, visible });
      }
      const ok = checks.length > 0 && checks.every((c) => c.visible);
      if (flags.json) return { lines: [JSON.stringify({ ok, incidents: checks }, null, 2)], ok };
      const fmt = (n: number | null) => (n === null ? 'n/a' : n.toPrecision(3));
      return {
        ok,
        lines: [
          ...checks.map(
            (c) =>
              `${c.visible ? 'visible' : 'NOT VISIBLE'}  ${c.id}  ${c.metric} ${JSON.stringify(c.slice)}: ${fmt(c.observed)} vs baseline ${fmt(c.baseline)} (x${fmt(c.ratio)})`,
          ),
          `${checks.filter((c) => c.visible).length}/${checks.length} injected incidents visible (bad direction: x>=${VISIBLE_UP} up, x<=${VISIBLE_DOWN} down)`,
        ],
      };
    } finally {
      if (warehouse !== db.pool) await warehouse.end();
    }
  } finally {
    await db.close();
  }
}

function readLabels(path: string): InjectedIncident[] {
  try {
    const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
    if (!Array.isArray(parsed)) throw new Error('not a JSON array');
    return parsed as InjectedIncident[];
  } catch (err) {
    throw new VigilError(
      'vigil_labels_unreadable',
      `Cannot read labels from ${path}: ${(err as Error).message}.`,
      'Pass the file written by `vigil demo seed --labels-out`, or omit --labels to use warehouse.injected_incidents.',
      { cause: err },
    );
  }
}

async function readInjected(pool: import('pg').Pool): Promise<InjectedIncident[]> {
  const present = await pool.query<{ ok: boolean }>(
    "SELECT to_regclass('warehouse.injected_incidents') IS NOT NULL AS ok",
  );
  if (!present.rows[0]?.ok) {
    throw new VigilError(
      'vigil_demo_not_seeded',
      'The warehouse has no injected incidents: the demo is not seeded.',
      'Run `vigil demo seed` first.',
    );
  }
  const { rows } = await pool.query(
    'SELECT id, kind, metric, slice, start_at, end_at, cause FROM warehouse.injected_incidents ORDER BY start_at, id',
  );
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    metric: r.metric,
    slice: r.slice,
    start: r.start_at.toISOString(),
    end: r.end_at.toISOString(),
    cause: r.cause,
  }));
}
