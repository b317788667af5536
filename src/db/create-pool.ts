// Opens a `pg` Pool on a URL and proves the server answers, turning driver errors into fixes.
import pg from 'pg';
import { VigilError } from '../errors.ts';

/** Where a URL points, without its password, for messages and logs. */
export function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || '5432'}${u.pathname}`;
  } catch {
    return '(unparseable URL)';
  }
}

/** A connected pool; throws a VigilError naming the variable to fix when the server cannot be used. */
export async function createPool(
  url: string,
  opts: { variable: string; max?: number; connectTimeoutMs?: number; queryTimeoutMs?: number },
): Promise<pg.Pool> {
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.max ?? 10,
    connectionTimeoutMillis: opts.connectTimeoutMs ?? 5000,
    // A query on a connection whose server vanished (no RST) would otherwise wait forever; pg ends that client.
    ...(opts.queryTimeoutMs ? { query_timeout: opts.queryTimeoutMs } : {}),
    keepAlive: true,
    application_name: 'vigil',
  });
  // An idle client losing its server must not crash the process; the next query reports it.
  pool.on('error', () => {});
  try {
    await pool.query('SELECT 1');
    return pool;
  } catch (err) {
    await pool.end().catch(() => {});
    throw unreachable(url, opts.variable, err);
  }
}

function unreachable(url: string, variable: string, err: unknown): VigilError {
  const code = (err as { code?: string }).code;
  const where = describeUrl(url);
  const reason =
    code === 'ECONNREFUSED'
      ? 'connection refused'
      : code === 'ENOTFOUND'
        ? 'host not found'
        : code === '3D000'
          ? 'database does not exist'
          : code === '28P01' || code === '28000'
            ? 'authentication failed'
            : (err as Error).message;
  return new VigilError(
    'vigil_db_unreachable',
    `Cannot reach PostgreSQL at ${where} (${reason}).`,
    `Start the server or correct ${variable}; unset DATABASE_URL to use the embedded database.`,
    { cause: err },
  );
}
