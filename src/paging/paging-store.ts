// The deliveries to paging services in PostgreSQL (paging_deliveries): the claim that keeps a call to one.
import type pg from 'pg';
import type { PagingAction } from './paging-provider.ts';

/** One delivery: a service, the incident's key there, the action, and the round (a reopen starts a new one). */
export interface Delivery {
  provider: string;
  key: string;
  action: PagingAction;
  round: string;
  incidentId: number;
}

// Longer than a call with all its retries takes: an undelivered claim older than this was lost (a crash) and is taken over.
const CLAIM_LEASE_MS = 5 * 60_000;

/** Claims the delivery at `now`; true for the one caller (on any replica) that should make the call. */
export async function claimDelivery(pool: pg.Pool, d: Delivery, now: Date): Promise<boolean> {
  const claimed = await pool.query(
    `INSERT INTO paging_deliveries AS p (provider, paging_key, action, round, incident_id, claimed_at)
     VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (provider, paging_key, action, round) DO UPDATE SET claimed_at = EXCLUDED.claimed_at
       WHERE p.delivered_at IS NULL AND p.claimed_at < $7
     RETURNING provider`,
    [d.provider, d.key, d.action, d.round, d.incidentId, now, new Date(now.getTime() - CLAIM_LEASE_MS)],
  );
  return claimed.rowCount !== 0;
}

/** Records that the service took the delivery. */
export async function markDelivered(pool: pg.Pool, d: Delivery, at: Date): Promise<void> {
  await pool.query(
    'UPDATE paging_deliveries SET delivered_at = $5 WHERE provider = $1 AND paging_key = $2 AND action = $3 AND round = $4',
    [d.provider, d.key, d.action, d.round, at],
  );
}

/** Gives up a claim whose call failed, so a later attempt may make it. */
export async function releaseDelivery(pool: pg.Pool, d: Delivery): Promise<void> {
  await pool.query(
    'DELETE FROM paging_deliveries WHERE provider = $1 AND paging_key = $2 AND action = $3 AND round = $4 AND delivered_at IS NULL',
    [d.provider, d.key, d.action, d.round],
  );
}
