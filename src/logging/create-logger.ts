// The pino logger: JSON lines for machines, pretty lines on a terminal, secrets redacted in both.
import pino, { type DestinationStream, type Logger } from 'pino';
import pretty from 'pino-pretty';
import { REDACT_PATHS, scrubSecrets } from './redact-secrets.ts';

export type { Logger } from 'pino';

/** Options: level, and where lines go (stdout by default; tests pass a collector). */
export interface LoggerOptions {
  level: string;
  destination?: { write(line: string): unknown };
  /** Pretty-print; defaults to true when stdout is a terminal. */
  pretty?: boolean;
}

/** Builds the root logger; child loggers per incident, command or job come from `logger.child`. */
export function createLogger(opts: LoggerOptions): Logger {
  const target = opts.destination ?? process.stdout;
  const usePretty = opts.pretty ?? (opts.destination === undefined && process.stdout.isTTY === true);
  const sink = usePretty
    ? pretty({
        colorize: opts.destination === undefined,
        sync: true,
        ignore: 'pid,hostname,service',
        destination: target as NodeJS.WritableStream,
      })
    : target;
  const stream: DestinationStream = { write: (line: string) => void sink.write(scrubSecrets(line)) };
  return pino(
    {
      level: opts.level,
      base: { service: 'vigil' },
      redact: { paths: REDACT_PATHS, censor: '[REDACTED]' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    stream,
  );
}
