// The digest's configured warehouse sections: integrity counts and the vendor scorecard over the period.
// A failing query leaves its figures out (null) and is logged; the digest still goes out.
import type pg from 'pg';
import type { Logger } from 'pino';
import type { IntegrityCountSettings, VendorScorecardSettings } from '../config/digest-schema.ts';
import { queryWarehouse } from '../warehouse/query-warehouse.ts';
import type { DigestFacts } from './digest-facts-schema.ts';

/** What vigil.yml's digest section asks for. */
export interface DigestSectionSettings {
  integrity: readonly IntegrityCountSettings[];
  vendors?: VendorScorecardSettings;
}

const numberOrNull = (v: unknown): number | null =>
  v === null || v === undefined || v === '' || !Number.isFinite(Number(v)) ? null : Number(v);

/** Runs the integrity counts and the vendor scorecard over [start, end), one query at a time. */
export async function fetchDigestSections(
  warehouse: pg.Pool,
  settings: DigestSectionSettings | undefined,
  start: Date,
  end: Date,
  timezone: string,
  logger?: Logger,
): Promise<Pick<DigestFacts, 'integrity' | 'vendors'>> {
  const params = { from: start.toISOString(), to: end.toISOString(), tz: timezone };
  const integrity: DigestFacts['integrity'] = [];
  for (const count of settings?.integrity ?? []) {
    let value: number | null = null;
    try {
      const { rows, columns } = await queryWarehouse(
        warehouse,
        count.sql,
        params,
        `digest integrity count "${count.label}"`,
      );
      if (!columns.includes('value')) throw new Error('it returns no `value` column');
      value = numberOrNull(rows[0]?.value);
    } catch (err) {
      logger?.warn(
        { err, count: count.label },
        'a digest integrity count failed; it is left out (check digest.integrity in vigil.yml)',
      );
    }
    integrity.push({ label: count.label, unit: count.unit, value });
  }
  const config = settings?.vendors;
  if (!config) return { integrity, vendors: null };
  try {
    const { rows, columns } = await queryWarehouse(warehouse, config.sql, params, 'digest vendor scorecard');
    const missing = ['vendor', ...config.columns.map((c) => c.key)].filter((c) => !columns.includes(c));
    if (missing.length) throw new Error(`it returns no ${missing.map((c) => `\`${c}\``).join(', ')} column`);
    const list = rows.slice(0, 20).map((r) => ({
      vendor: String(r.vendor),
      values: Object.fromEntries(config.columns.map((c) => [c.key, numberOrNull(r[c.key])])),
    }));
    return {
      integrity,
      vendors: {
        columns: config.columns.map((c) => ({ ...c, target: c.target ?? null, bad: c.bad ?? 'up' })),
        rows: list,
      },
    };
  } catch (err) {
    logger?.warn({ err }, 'the digest vendor scorecard failed; it is left out (check digest.vendors in vigil.yml)');
    return { integrity, vendors: null };
  }
}
