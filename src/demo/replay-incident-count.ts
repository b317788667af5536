// Counts the incidents in the bot's database, so the demo replay can say how many it opened.
import type pg from 'pg';
import { countIncidents } from '../incidents/incident-store.ts';

/** A countIncidents for createDemoReplay over the bot's pool. */
export function incidentCounter(pool: pg.Pool): () => Promise<number> {
  return () => countIncidents(pool);
}
