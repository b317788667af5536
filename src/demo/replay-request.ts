// The body of POST /local/page/replay (the page's replay control and `vigil demo replay`) applied to
// the replay: { speed?, from?, to? } starts one (replacing a running one, unless `unlessRunning: true`),
// { stop: true } stops it; the answer is the page API's { ok, error? } with the replay's status.
import { VigilError } from '../errors.ts';
import type { DemoReplay, ReplayStatus } from './replay-demo.ts';

/** What the route answers. */
export interface ReplayReply {
  ok: boolean;
  error?: string;
  replay?: ReplayStatus;
  /** Whether this request started a replay (false: `unlessRunning` found one running and left it be). */
  started?: boolean;
}

const text = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);

/** Starts or stops the replay as the body asks; a bad speed or period is `{ ok: false, error }` saying what to give. */
export async function applyReplayRequest(replay: DemoReplay, body: Record<string, unknown>): Promise<ReplayReply> {
  if (body.stop === true) {
    await replay.stop();
    return { ok: true, replay: replay.status() };
  }
  const now = replay.status();
  if (body.unlessRunning === true && now.running) return { ok: true, started: false, replay: now };
  try {
    const speed = body.speed === undefined || body.speed === null ? undefined : Number(body.speed);
    return { ok: true, started: true, replay: replay.start({ speed, from: text(body.from), to: text(body.to) }) };
  } catch (err) {
    if (err instanceof VigilError) return { ok: false, error: `${err.message} ${err.hint}` };
    throw err;
  }
}

/** The replay's status for the page's state (GET /local/page/state): null until a replay has been started. */
export function replayState(replay: DemoReplay | undefined): ReplayStatus | null {
  const status = replay?.status();
  return status?.from ? status : null;
}
