// One place that tells "the database is not answering" apart from every other failure, for an honest reply.
import { VigilError } from '../errors.ts';

/** The stable code of the reply a command or click gets when the database cannot be reached. */
export const DATABASE_UNAVAILABLE = 'vigil_database_unavailable';

// Socket-level failures reaching the server (Node's errno codes).
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
// SQLSTATE class 08 (connection exception), 57P01-57P03 (the server shutting down or starting), 53300 (too many connections):
// https://www.postgresql.org/docs/current/errcodes-appendix.html
const SQLSTATES = /^(08...|57P0[123]|53300)$/;
// pg and pg-pool raise plain Errors without a code for these.
const DRIVER_MESSAGES =
  /timeout exceeded when trying to connect|Connection terminated|Query read timeout|not queryable|Cannot use a pool after calling end/i;

/** True when `err` (or an error it wraps) says the database could not be reached or dropped the connection. */
export function isDatabaseUnavailable(err: unknown): boolean {
  for (let e = err, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof VigilError && e.code === DATABASE_UNAVAILABLE) return true;
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && (SOCKET_CODES.has(code) || SQLSTATES.test(code))) return true;
    if (e instanceof Error && DRIVER_MESSAGES.test(e.message)) return true;
  }
  return false;
}

/** The coded error a user sees when the database is not answering: nothing changed, try again. */
export function databaseUnavailable(cause?: unknown): VigilError {
  return new VigilError(
    DATABASE_UNAVAILABLE,
    'The database is not answering; nothing was changed.',
    'Try again in a minute.',
    { cause },
  );
}

/** The private reply for a command or click that failed on the database (with its code, so it can be searched). */
export function databaseUnavailableText(): string {
  const e = databaseUnavailable();
  return `:warning: ${e.message} ${e.hint} (${e.code})`;
}
