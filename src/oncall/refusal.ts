// The shape of a refused input: a stable code, what was wrong, and an example of what works.

/** A user input vigil will not act on, with a code to search for and the next step. */
export interface Refusal {
  ok: false;
  code: string;
  message: string;
  hint: string;
}

/** Narrows a `T | Refusal` result. */
export function isRefusal(value: unknown): value is Refusal {
  return typeof value === 'object' && value !== null && (value as { ok?: unknown }).ok === false && 'code' in value;
}
