// Retry de-duplication in batches: the delivery keys that arrive within a short window go to slack_deliveries in one INSERT.
import type pg from 'pg';

/** Answers, for each delivery key, whether this is its first delivery (true) or a retry or replay (false). */
export type FirstDelivery = (key: string) => Promise<boolean>;

/** How long keys gather before their INSERT, and how many one INSERT takes at most. */
export interface DeliveryBatching {
  windowMs: number;
  maxBatch: number;
}

// One INSERT per command cost about a third of the database round trips of a command at 100/s (bench slack-ack,
// issue 3). Retries come seconds apart (Slack retries after 3 s without an ack), so a 50 ms window cannot
// miss one, and a reply 50 ms later goes unnoticed.
export const DEFAULT_DELIVERY_BATCHING: DeliveryBatching = { windowMs: 50, maxBatch: 500 };

/** Records delivery keys in batches; the same key twice in one batch counts as a retry the second time. */
export function recordDeliveries(pool: pg.Pool, batching: DeliveryBatching = DEFAULT_DELIVERY_BATCHING): FirstDelivery {
  let batch = new Map<string, Array<(first: boolean) => void>>();
  let fail = new Map<string, Array<(err: unknown) => void>>();
  let timer: NodeJS.Timeout | undefined;

  const flush = () => {
    clearTimeout(timer);
    timer = undefined;
    const keys = [...batch.keys()];
    const waiting = batch;
    const failing = fail;
    batch = new Map();
    fail = new Map();
    pool
      .query(
        'INSERT INTO slack_deliveries (delivery_key) SELECT unnest($1::text[]) ON CONFLICT DO NOTHING RETURNING delivery_key',
        [keys],
      )
      .then(
        ({ rows }) => {
          const inserted = new Set(rows.map((r: { delivery_key: string }) => r.delivery_key));
          for (const [key, resolvers] of waiting)
            resolvers.forEach((resolve, i) => resolve(i === 0 && inserted.has(key)));
        },
        (err: unknown) => {
          for (const rejecters of failing.values()) for (const reject of rejecters) reject(err);
        },
      );
  };

  return (key) =>
    new Promise<boolean>((resolve, reject) => {
      const resolvers = batch.get(key);
      if (resolvers) {
        resolvers.push(resolve);
        fail.get(key)!.push(reject);
      } else {
        batch.set(key, [resolve]);
        fail.set(key, [reject]);
      }
      if (batch.size >= batching.maxBatch) flush();
      else timer ??= setTimeout(flush, batching.windowMs);
    });
}
