// Turns `:name` parameters in SQL into `$n` placeholders with a values array, so values are always
// bound by the driver and never pasted into the text. Quoted text, comments and `::` casts are left alone.
import { VigilError } from '../errors.ts';

/** SQL with positional placeholders and the values in order. */
export interface BoundSql {
  text: string;
  values: unknown[];
  /** The parameter names used, in placeholder order. */
  names: string[];
}

/** Binds `:name` parameters; every name used must be in `params` (unused params are fine). */
export function bindNamedSql(sql: string, params: Readonly<Record<string, unknown>>, where = 'the query'): BoundSql {
  const names: string[] = [];
  let out = '';
  let i = 0;
  while (i < sql.length) {
    const ch = sql[i]!;
    const next = sql[i + 1];
    if (ch === "'" || ch === '"') {
      // E'...' strings take backslash escapes (E'it\'s').
      const end = closing(
        sql,
        i,
        ch,
        ch === "'" && /[eE]/.test(sql[i - 1] ?? '') && !/[A-Za-z0-9_]/.test(sql[i - 2] ?? ''),
      );
      out += sql.slice(i, end);
      i = end;
    } else if (ch === '-' && next === '-') {
      const end = sql.indexOf('\n', i);
      const stop = end === -1 ? sql.length : end;
      out += sql.slice(i, stop);
      i = stop;
    } else if (ch === '/' && next === '*') {
      const end = sql.indexOf('*/', i + 2);
      const stop = end === -1 ? sql.length : end + 2;
      out += sql.slice(i, stop);
      i = stop;
    } else if (ch === ':' && next === ':') {
      out += '::';
      i += 2;
    } else if (ch === ':' && next !== undefined && /[A-Za-z_]/.test(next)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(sql.slice(i + 1))!;
      const name = m[0];
      if (!Object.hasOwn(params, name)) {
        throw new VigilError(
          'vigil_sql_param_unknown',
          `${where} uses :${name}, which vigil does not provide.`,
          `Use only ${Object.keys(params)
            .map((k) => `:${k}`)
            .join(', ')}.`,
        );
      }
      let n = names.indexOf(name);
      if (n === -1) n = names.push(name) - 1;
      out += `$${n + 1}`;
      i += 1 + name.length;
    } else {
      out += ch;
      i += 1;
    }
  }
  return { text: out, values: names.map((n) => params[n]), names };
}

// Index just past the quote closing the one at `start` ('' and "" inside are escapes).
function closing(sql: string, start: number, quote: string, backslashEscapes = false): number {
  let i = start + 1;
  while (i < sql.length) {
    if (backslashEscapes && sql[i] === '\\') {
      i += 2;
    } else if (sql[i] === quote) {
      if (sql[i + 1] === quote) i += 2;
      else return i + 1;
    } else i += 1;
  }
  return sql.length;
}
