// Merchants: heavy-tailed sizes, tiers, tenure, POS integration, and the identifiers rings can share.
import { CATEGORIES, CITIES, type City } from './markets.ts';
import { POS_INTEGRATIONS, TIERS } from './partners.ts';
import { Rng, WeightedTable, deriveSeed } from './random.ts';
import { DAY, baseCellOrdersPerDay } from './seasonality.ts';
import type { Cell } from './bulk-insert.ts';
import type { Window } from './incident-types.ts';

/** A merchant as the generators see it. */
export interface Merchant {
  id: number;
  name: string;
  cityIdx: number;
  catIdx: number;
  tier: (typeof TIERS)[number];
  onboardedAt: number;
  /** Relative share of its city x category's orders at full ramp-up. */
  weight: number;
  pos: string;
  phoneHash: string;
  payoutHash: string;
  deviceId: string;
  ip: string;
  /** For fraud-ring merchants: the window in which they refuse vouchers; they are suspended at its end. */
  ring?: Window;
}

/** Merchants per expected daily order of their cell; many more merchants than orders keeps most small. */
const MERCHANTS_PER_DAILY_ORDER = 2.4;
const NEW_MERCHANTS_PER_DAY = 0.0015;
const RAMP_DAYS = 14;
const POS_BY_TIER = TIERS.map(
  (_, t) =>
    new WeightedTable(
      POS_INTEGRATIONS.map((p) => p.slug),
      POS_INTEGRATIONS.map((p) => p.byTier[t]!),
    ),
);
const PREFIXES = [
  'Golden',
  'Lucky',
  'Jade',
  'Sunrise',
  'Harbour',
  'Mango',
  'Lotus',
  'Bamboo',
  'Orchid',
  'Coral',
  'Silver',
  'Urban',
  'Little',
  'Royal',
  'Blue',
  'Green',
  'Happy',
  'Star',
  'River',
  'Garden',
  'Pearl',
  'Monsoon',
  'Island',
  'Lantern',
];
const NOUNS: Readonly<Record<string, readonly string[]>> = {
  restaurant: ['Kitchen', 'Noodle House', 'Grill', 'Dim Sum', 'Bistro', 'Eatery', 'Cafe', 'Hotpot', 'Satay'],
  spa: ['Spa', 'Wellness', 'Massage', 'Retreat', 'Reflexology'],
  'hair-salon': ['Hair Studio', 'Barbers', 'Salon', 'Cuts', 'Beauty Bar'],
  fitness: ['Fitness', 'Gym', 'Yoga', 'Boxing Club', 'Pilates', 'Climbing'],
  'home-cleaning': ['Cleaners', 'Home Care', 'Maids', 'Shine Services', 'Fresh Homes'],
  attractions: ['Adventures', 'Park', 'Tours', 'Escape Room', 'Aquarium', 'Karting'],
};

/** The index of a city x category cell in per-cell arrays. */
export function cellIndex(cityIdx: number, catIdx: number): number {
  return cityIdx * CATEGORIES.length + catIdx;
}

/** A plausible IPv4 address in the city's market. */
export function randomIp(rng: Rng, city: City): string {
  return `${city.ipFirstOctet}.${rng.int(256)}.${rng.int(256)}.${1 + rng.int(254)}`;
}

/** Tier from size: the largest few are key accounts. */
function tierOf(weight: number): Merchant['tier'] {
  return weight >= 40 ? 'key_account' : weight >= 6 ? 'mid' : 'long_tail';
}

/** A new merchant with fresh identifiers. */
export function makeMerchant(
  rng: Rng,
  id: number,
  cityIdx: number,
  catIdx: number,
  onboardedAt: number,
  weight: number,
  tier = tierOf(weight),
): Merchant {
  const city = CITIES[cityIdx]!;
  const cat = CATEGORIES[catIdx]!;
  return {
    id,
    cityIdx,
    catIdx,
    tier,
    onboardedAt,
    weight,
    name: `${rng.pick(PREFIXES)} ${rng.pick(NOUNS[cat.slug] ?? ['Services'])}`,
    pos: POS_BY_TIER[TIERS.indexOf(tier)]!.draw(rng),
    phoneHash: rng.hex(16),
    payoutHash: rng.hex(16),
    deviceId: `dv-${rng.hex(6)}`,
    ip: randomIp(rng, city),
  };
}

/** All ordinary merchants: those onboarded before the period and those joining during it. */
export function generateMerchants(seed: number, start: number, days: number): Merchant[] {
  const rng = new Rng(deriveSeed(seed, 'merchants'));
  const out: Merchant[] = [];
  let id = 10001;
  for (let ci = 0; ci < CITIES.length; ci++) {
    for (let ki = 0; ki < CATEGORIES.length; ki++) {
      const cell: Merchant[] = [];
      const existing = Math.round(baseCellOrdersPerDay(ci, ki) * MERCHANTS_PER_DAILY_ORDER);
      const joining = Math.round(existing * NEW_MERCHANTS_PER_DAY * days);
      for (let i = 0; i < existing + joining; i++) {
        const onboarded = i < existing ? start - rng.uniform(0, 1500) * DAY : start + rng.uniform(0, days) * DAY;
        cell.push(makeMerchant(rng, id++, ci, ki, Math.floor(onboarded), Math.min(rng.pareto(1, 1.05), 3000)));
      }
      shareChainAccounts(rng, cell);
      out.push(...cell);
    }
  }
  return out;
}

/** Branches of a chain share the owner's payout account and phone, so sharing alone is not fraud. */
function shareChainAccounts(rng: Rng, cell: Merchant[]): void {
  const branches = cell.filter((m) => m.tier !== 'key_account');
  for (const lead of cell) {
    if (lead.tier !== 'key_account' || !rng.chance(0.4) || branches.length < 8) continue;
    for (const branch of rng.sample(branches, 2 + rng.int(5))) {
      branch.payoutHash = lead.payoutHash;
      branch.phoneHash = lead.phoneHash;
    }
  }
}

/** The merchants' table row; ring merchants are suspended once their window has passed. */
export function merchantRow(m: Merchant, end: number): Cell[] {
  const city = CITIES[m.cityIdx]!;
  const status = m.ring && m.ring.end < end ? 'suspended' : 'active';
  return [
    m.id,
    m.name,
    city.id,
    city.market,
    CATEGORIES[m.catIdx]!.slug,
    m.tier,
    m.onboardedAt,
    status,
    m.phoneHash,
    m.payoutHash,
    m.deviceId,
    m.ip,
    m.pos,
  ];
}

/** Per-cell weighted pickers of the merchants selling on a day (onboarded before it, not suspended). */
export function dailySamplers(byCell: readonly Merchant[][], dayStart: number): WeightedTable<Merchant>[] {
  return byCell.map((cell) => {
    const live = cell.filter((m) => m.onboardedAt < dayStart && (!m.ring || dayStart < m.ring.end));
    const weights = live.map((m) =>
      m.ring ? m.weight : m.weight * Math.min(1, Math.max(0.1, (dayStart - m.onboardedAt) / (RAMP_DAYS * DAY))),
    );
    return new WeightedTable(live, weights);
  });
}
