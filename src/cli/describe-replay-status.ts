// What `vigil demo replay --status` prints (and `vigil demo replay` when one already runs): where the
// replay stands in its simulated period and what it has found so far.
import type { ReplayStatus } from '../demo/replay-demo.ts';

const HOUR = 3_600_000;

/** Lines saying whether a replay runs, how far through its period it is, and what it found; `base` is the bot's address. */
export function describeReplayStatus(status: ReplayStatus | null, base: string): string[] {
  if (!status?.from || !status.to)
    return [
      'No demo replay has run since the bot started.',
      `Start one with \`vigil demo replay\`; watch it at ${base}/`,
    ];
  const hours = Math.round((Date.parse(status.to) - Date.parse(status.from)) / HOUR);
  const done = status.at ? Math.round((Date.parse(status.at) - Date.parse(status.from)) / HOUR) : 0;
  const where = `at ${status.at}, ${done} of ${hours} simulated hours (${hours > 0 ? Math.floor((100 * done) / hours) : 100} %) of ${status.from} to ${status.to}`;
  const found = `${status.runs} evaluations, ${status.anomalies} anomalous slices, ${status.incidents} incidents opened, ${status.digests} digests`;
  if (status.running) {
    return [
      `Demo replay running: ${where}, ${status.speed} simulated hours a second.`,
      `So far: ${found}.`,
      `Watch it at ${base}/; stop it with \`vigil demo replay --stop\`.`,
    ];
  }
  const ending = status.error ? `stopped on an error (${status.error})` : done >= hours ? 'finished' : 'was stopped';
  return [
    `No demo replay is running; the last one ${ending} ${where}.`,
    `It ran ${found}.`,
    `Start another with \`vigil demo replay\`.`,
  ];
}
