// Which follow-up queue an acked command or click runs on: reads of the database never wait behind Web API work.

/** "fast": answers from the database alone; "slow": may call the Web API, the warehouse or the LLM (seconds each). */
export type Lane = 'fast' | 'slow';

// Subcommands whose handlers only read or write vigil's database and answer through the response_url.
// `true`: every subcommand of the command is such.
const FAST: Record<string, true | ReadonlySet<string>> = {
  '/vigil': true,
  '/oncall': true,
  '/incident': new Set(['', 'help', 'list', 'status', 'timeline']),
  '/metrics': new Set(['', 'help', 'list']),
  '/investigate': new Set(['', 'help', 'list']),
};

/** The lane of a slash command (by its name and text); button clicks and anything unknown go to the slow lane. */
export function chooseLane(command: unknown, text: unknown): Lane {
  if (typeof command !== 'string') return 'slow';
  const fast = FAST[command];
  if (fast === true) return 'fast';
  if (!fast) return 'slow';
  const sub = (typeof text === 'string' ? (text.trim().split(/\s+/)[0] ?? '') : '').toLowerCase();
  return fast.has(sub) ? 'fast' : 'slow';
}
