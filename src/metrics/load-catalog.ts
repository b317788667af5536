// The metric catalog in force: vigil.yml's `metrics`, or the demo marketplace's catalog shipped in
// vigil's own vigil.yml when the workspace file has none.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { catalogSchema, type CatalogMetric } from './metric-catalog-schema.ts';
import { VigilError } from '../errors.ts';

// src/metrics/ -> the package root, in the source tree and in dist/ alike (the build copies vigil.yml).
const SHIPPED = fileURLToPath(new URL('../../vigil.yml', import.meta.url));

let shipped: CatalogMetric[] | undefined;

/** The demo catalog from the vigil.yml shipped with vigil. */
export function demoCatalog(): CatalogMetric[] {
  if (!shipped) {
    const doc = parse(readFileSync(SHIPPED, 'utf8')) as { metrics?: unknown };
    shipped = catalogSchema.parse(doc.metrics ?? []);
  }
  return shipped;
}

/** The catalog in force for this configuration. */
export function catalogOf(config: { workspace: { metrics?: CatalogMetric[] | undefined } }): CatalogMetric[] {
  return config.workspace.metrics ?? demoCatalog();
}

/** The catalog metrics with these ids (all when none are given); an unknown id is an error naming the known ones. */
export function selectMetrics(catalog: readonly CatalogMetric[], ids?: readonly string[]): CatalogMetric[] {
  if (!ids || ids.length === 0) return [...catalog];
  return ids.map((id) => {
    const m = catalog.find((c) => c.id === id);
    if (!m)
      throw new VigilError(
        'vigil_metric_unknown',
        `There is no metric "${id}" in the catalog.`,
        `Use one of: ${catalog.map((c) => c.id).join(', ')}.`,
      );
    return m;
  });
}
