// Errors a user can act on: a stable code, what went wrong, and what to do next.
export class VigilError extends Error {
  readonly code: string;
  readonly hint: string;

  constructor(code: string, message: string, hint: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'VigilError';
    this.code = code;
    this.hint = hint;
  }
}

/** Renders an error for a terminal: the message, the fix, and the code to search for. */
export function formatError(err: unknown): string {
  if (err instanceof VigilError) return `error: ${err.message}\n  fix: ${err.hint}\n  code: ${err.code}`;
  const message = err instanceof Error ? err.message : String(err);
  return `error: ${message}`;
}
