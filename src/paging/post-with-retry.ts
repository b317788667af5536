// Outbound calls to paging services (POSTs, and Opsgenie's priority PUT): a bounded retry on 429, 5xx and network errors, honouring Retry-After.
import { VigilError } from '../errors.ts';

/** How hard to try: `attempts` in all, waits doubling from `firstWaitMs`, no wait (Retry-After included) above `maxWaitMs`. */
export interface RetryPolicy {
  attempts: number;
  firstWaitMs: number;
  maxWaitMs: number;
  /** Per attempt; the request is abandoned (and retried) after it. */
  timeoutMs: number;
  /** Waits between attempts (tests pass one that records the wait and returns at once). */
  sleep: (ms: number) => Promise<void>;
  now: () => number;
}

/** Three tries, 1 s then 2 s apart, Retry-After honoured up to 30 s, 10 s per try. */
export const DEFAULT_RETRY: RetryPolicy = {
  attempts: 3,
  firstWaitMs: 1_000,
  maxWaitMs: 30_000,
  timeoutMs: 10_000,
  sleep: (ms) => new Promise((done) => setTimeout(done, ms)),
  now: () => Date.now(),
};

/** A request to a paging service, and what to call the service in an error. */
export interface PagingRequest {
  service: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
  /** POST unless said (Opsgenie changes an alert's priority with a PUT). */
  method?: 'POST' | 'PUT';
}

/** How long Retry-After asks to wait (seconds or an HTTP date), or undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, now: number): number | undefined {
  if (!header) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** POSTs JSON until the service takes it (2xx), a refusal that a retry cannot fix (4xx but 429), or the attempts run out. */
export async function postWithRetry(request: PagingRequest, policy: RetryPolicy = DEFAULT_RETRY): Promise<Response> {
  let problem = '';
  let tries = 0;
  for (let attempt = 1; attempt <= policy.attempts; attempt++) {
    tries = attempt;
    let wait = policy.firstWaitMs * 2 ** (attempt - 1);
    try {
      const res = await fetch(request.url, {
        method: request.method ?? 'POST',
        headers: { 'content-type': 'application/json', ...request.headers },
        body: JSON.stringify(request.body),
        signal: AbortSignal.timeout(policy.timeoutMs),
      });
      if (res.ok) return res;
      const text = (await res.text().catch(() => '')).slice(0, 200);
      problem = `HTTP ${res.status}${text ? ` ${text}` : ''}`;
      if (res.status !== 429 && res.status < 500) break;
      wait = retryAfterMs(res.headers.get('retry-after'), policy.now()) ?? wait;
    } catch (err) {
      problem = err instanceof Error ? err.message : String(err);
    }
    if (attempt < policy.attempts) await policy.sleep(Math.min(wait, policy.maxWaitMs));
  }
  throw new VigilError(
    'vigil_paging_service_failed',
    `${request.service} did not take the request (${tries} ${tries === 1 ? 'try' : 'tries'}): ${problem}.`,
    `Check the ${request.service} settings (docs/paging.md) and its status page; page people by hand meanwhile.`,
  );
}
