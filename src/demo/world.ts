// Everything the generators share while seeding one period: time range, actors, incidents, writers, ids.
import type { TableWriter } from './bulk-insert.ts';
import type { Merchant } from './generate-merchants.ts';
import type { Effects } from './incident-effects.ts';
import type { Seasonality } from './seasonality.ts';
import type { Users } from './users.ts';
import type { TableName } from './warehouse-ddl.ts';

/** One writer per warehouse table. */
export type Writers = { [K in TableName]: TableWriter };

/** Next id per table; ids are handed out in generation order, so they are deterministic. */
export class Ids {
  order = 1;
  redemption = 1;
  refund = 1;
  ticket = 1;
  review = 1;
  case = 1;
  object = 1;
  sample = 1;
}

/** Contacts (tickets or moderation cases) per vendor x language x 15-minute interval. */
export class ContactCounter {
  /** Interval length in seconds. */
  static readonly INTERVAL = 900;
  private readonly index = new Map<string, number>();
  private readonly counts: Int32Array;
  readonly intervals: number;

  constructor(
    readonly start: number,
    end: number,
    pairs: readonly { vendorId: number; language: string }[],
  ) {
    pairs.forEach((p, i) => this.index.set(`${p.vendorId}:${p.language}`, i));
    this.intervals = Math.ceil((end - start) / ContactCounter.INTERVAL);
    this.counts = new Int32Array(pairs.length * this.intervals);
  }

  /** Counts one contact for a vendor x language at time t. */
  add(vendorId: number, language: string, t: number): void {
    const pair = this.index.get(`${vendorId}:${language}`);
    const k = Math.floor((t - this.start) / ContactCounter.INTERVAL);
    if (pair === undefined || k < 0 || k >= this.intervals) return;
    this.counts[pair * this.intervals + k]!++;
  }

  /** Contacts of pair `pair` (in constructor order) in interval k. */
  count(pair: number, k: number): number {
    return this.counts[pair * this.intervals + k]!;
  }
}

/** The shared state of one seeding run. */
export interface World {
  seed: number;
  start: number;
  end: number;
  season: Seasonality;
  users: Users;
  effects: Effects;
  byCell: readonly Merchant[][];
  out: Writers;
  ids: Ids;
  contacts: ContactCounter;
}
