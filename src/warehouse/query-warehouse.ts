// Runs catalog and playbook SQL against the warehouse safely: a READ ONLY transaction, a statement
// timeout, bound parameters and a row cap, with driver errors turned into what to fix.
import type pg from 'pg';
import { VigilError } from '../errors.ts';
import { bindNamedSql } from './bind-named-sql.ts';

/** Guard rails for one warehouse query. */
export interface WarehouseLimits {
  statementTimeoutMs: number;
  maxRows: number;
}

/** Defaults: 30 s and 200,000 rows. */
export const DEFAULT_WAREHOUSE_LIMITS: WarehouseLimits = { statementTimeoutMs: 30_000, maxRows: 200_000 };

/** Rows and the column names, in order. */
export interface WarehouseResult {
  rows: Record<string, unknown>[];
  columns: string[];
}

/** Runs `sql` (with :name parameters) read-only; `label` names the metric or step in errors. */
export async function queryWarehouse(
  pool: pg.Pool,
  sql: string,
  params: Readonly<Record<string, unknown>>,
  label: string,
  limits: WarehouseLimits = DEFAULT_WAREHOUSE_LIMITS,
): Promise<WarehouseResult> {
  const bound = bindNamedSql(sql, params, label);
  const body = bound.text.trim().replace(/;+\s*$/, '');
  // The cap is applied by the database, so a runaway query never ships its rows to us.
  const text = `SELECT * FROM (\n${body}\n) AS vigil_query LIMIT ${limits.maxRows + 1}`;
  let client: pg.PoolClient;
  try {
    client = await pool.connect();
  } catch (err) {
    throw new VigilError(
      'vigil_warehouse_unreachable',
      `The warehouse cannot be reached (${(err as Error).message}).`,
      'Check WAREHOUSE_URL (or DATABASE_URL) and that the database is up; the next run retries.',
      { cause: err },
    );
  }
  let broken = false;
  try {
    await client.query('BEGIN READ ONLY');
    await client.query("SELECT set_config('statement_timeout', $1, true)", [String(limits.statementTimeoutMs)]);
    const result = await client.query({ text, values: bound.values });
    await client.query('COMMIT');
    if (result.rows.length > limits.maxRows) {
      throw new VigilError(
        'vigil_warehouse_too_many_rows',
        `${label} returned more than ${limits.maxRows} rows.`,
        'Aggregate further in the SQL (GROUP BY the bucket and dimensions) or narrow the slices.',
      );
    }
    return { rows: result.rows as Record<string, unknown>[], columns: result.fields.map((f) => f.name) };
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {
      broken = true;
    });
    throw describeFailure(err, label, limits);
  } finally {
    client.release(broken);
  }
}

function describeFailure(err: unknown, label: string, limits: WarehouseLimits): unknown {
  if (err instanceof VigilError) return err;
  const code = (err as { code?: string }).code;
  const message = (err as Error).message;
  if (code === '57014') {
    return new VigilError(
      'vigil_warehouse_timeout',
      `${label} ran longer than ${limits.statementTimeoutMs / 1000} s and was cancelled.`,
      label.startsWith('playbook')
        ? "Narrow the window or the filters, add an index on the time column, or raise the step's timeout in the playbook file."
        : 'Add an index on the time column, aggregate less, or narrow the slices.',
      { cause: err },
    );
  }
  if (code === '25006') {
    return new VigilError(
      'vigil_warehouse_read_only',
      `${label} tried to write; warehouse queries are read-only.`,
      'Make the SQL a plain SELECT.',
      { cause: err },
    );
  }
  if (code?.startsWith('42') || code === '22P02' || code === '22007' || code === '22008') {
    return new VigilError(
      'vigil_warehouse_sql_error',
      `${label} failed in the warehouse: ${message}.`,
      `Fix the SQL in ${label.startsWith('playbook') ? 'the playbook file' : 'vigil.yml'} (run it by hand with the same parameters to check).`,
      { cause: err },
    );
  }
  if (
    code === '57P01' ||
    code === '08006' ||
    code === '08003' ||
    code === 'ECONNREFUSED' ||
    code === 'ECONNRESET' ||
    /terminat|connect/i.test(message)
  ) {
    return new VigilError(
      'vigil_warehouse_unreachable',
      `The warehouse connection failed while running ${label} (${message}).`,
      'Check that the warehouse is up; the next run retries.',
      { cause: err },
    );
  }
  return new VigilError(
    'vigil_warehouse_query_failed',
    `${label} failed: ${message}.`,
    'Check the SQL and the warehouse logs.',
    { cause: err },
  );
}
