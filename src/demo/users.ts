// Buyers: a per-city pool whose members sign up steadily over time, with stable per-user attributes.
import { CITIES } from './markets.ts';
import { Rng, WeightedTable, mix32 } from './random.ts';
import { BASE_DAILY_ORDERS, DAY } from './seasonality.ts';

const ID_BLOCK = 10_000_000;
/** Users per expected daily order of their city; most buyers order a few times a quarter. */
const USERS_PER_DAILY_ORDER = 55;
const HISTORY_DAYS = 3 * 365;

/** The buyer pool: user i of a city signed up at a fixed time, so a user's attributes never disagree. */
export class Users {
  private readonly from: number;
  private readonly span: number;
  private readonly sizes: number[];
  private readonly languages = CITIES.map((c) => WeightedTable.of(c.languages));

  constructor(start: number, end: number) {
    this.from = start - HISTORY_DAYS * DAY;
    this.span = end - this.from;
    // Sign-ups continue into the period at the historical pace.
    const growth = (HISTORY_DAYS + (end - start) / DAY) / HISTORY_DAYS;
    this.sizes = CITIES.map((c) =>
      Math.min(ID_BLOCK - 1, Math.round(BASE_DAILY_ORDERS * c.share * USERS_PER_DAILY_ORDER * growth)),
    );
  }

  /** A buyer of the city who had signed up by time t. */
  pick(rng: Rng, cityIdx: number, t: number): number {
    const size = this.sizes[cityIdx]!;
    const existing = Math.max(1, Math.min(size, Math.floor((size * (t - this.from)) / this.span)));
    return (cityIdx + 1) * ID_BLOCK + rng.int(existing);
  }

  /** When the user signed up. */
  createdAt(userId: number): number {
    const cityIdx = Math.floor(userId / ID_BLOCK) - 1;
    return this.from + Math.floor(((userId % ID_BLOCK) * this.span) / this.sizes[cityIdx]!);
  }

  /** The user's usual device. */
  deviceId(userId: number): string {
    return `dv-${mix32(userId).toString(16).padStart(8, '0')}${(mix32(userId ^ 0x2f6b) & 0xffff).toString(16).padStart(4, '0')}`;
  }

  /** The user's usual IP address. */
  ip(userId: number): string {
    const h = mix32(userId ^ 0x51ed27);
    return `${CITIES[Math.floor(userId / ID_BLOCK) - 1]?.ipFirstOctet ?? 100}.${h & 255}.${(h >>> 8) & 255}.${1 + ((h >>> 16) % 254)}`;
  }

  /** The language the user writes to support in. */
  language(userId: number): string {
    return this.languages[Math.floor(userId / ID_BLOCK) - 1]!.at(mix32(userId ^ 0x7a11) / 4294967296);
  }
}
