// Static reference data of the demo marketplace: its six cities and the service categories sold there
// (public holidays in holidays.ts).

/** A city the marketplace operates in; one per market. */
export interface City {
  id: number;
  slug: string;
  name: string;
  market: string;
  timezone: string;
  /** These zones keep no daylight saving, so a fixed offset is exact. */
  utcOffsetHours: number;
  currency: string;
  usdPerUnit: number;
  /** Smallest price step in the local currency (vouchers are priced in round numbers). */
  priceStep: number;
  priceLevel: number;
  /** Share of all orders. */
  share: number;
  /** First octet of the (fictional) IPv4 addresses its users and merchants come from. */
  ipFirstOctet: number;
  languages: readonly (readonly [string, number])[];
  /** Per-category multipliers on the category's base share. */
  mix: Readonly<Record<string, number>>;
}

/** A service category (category_l2) with its demand shape. */
export interface Category {
  slug: string;
  share: number;
  priceUsd: number;
  /** Local-time purchase curve as [hour, width, height] bumps over a floor. */
  bumps: readonly (readonly [number, number, number])[];
  /** Monday..Sunday demand multipliers. */
  weekday: readonly number[];
  holidayFactor: number;
  redeemLagDays: number;
  validityDays: number;
  reviewRate: number;
  /** Local opening hours [open, close) for redemptions. */
  openHours: readonly [number, number];
  channels: readonly number[];
}

/** The six markets; Jakarta and Manila are the biggest. */
export const CITIES: readonly City[] = [
  {
    id: 1,
    slug: 'singapore',
    name: 'Singapore',
    market: 'SG',
    timezone: 'Asia/Singapore',
    utcOffsetHours: 8,
    currency: 'SGD',
    usdPerUnit: 0.74,
    priceStep: 0.5,
    priceLevel: 1.6,
    share: 0.09,
    ipFirstOctet: 103,
    languages: [
      ['en', 0.6],
      ['zh', 0.3],
      ['ms', 0.1],
    ],
    mix: { attractions: 1.3, fitness: 1.2, 'home-cleaning': 1.2 },
  },
  {
    id: 2,
    slug: 'jakarta',
    name: 'Jakarta',
    market: 'ID',
    timezone: 'Asia/Jakarta',
    utcOffsetHours: 7,
    currency: 'IDR',
    usdPerUnit: 0.000063,
    priceStep: 1000,
    priceLevel: 0.7,
    share: 0.27,
    ipFirstOctet: 36,
    languages: [
      ['id', 0.92],
      ['en', 0.08],
    ],
    mix: { restaurant: 1.15, spa: 1.1, attractions: 0.8 },
  },
  {
    id: 3,
    slug: 'bangkok',
    name: 'Bangkok',
    market: 'TH',
    timezone: 'Asia/Bangkok',
    utcOffsetHours: 7,
    currency: 'THB',
    usdPerUnit: 0.028,
    priceStep: 10,
    priceLevel: 0.9,
    share: 0.16,
    ipFirstOctet: 49,
    languages: [
      ['th', 0.9],
      ['en', 0.1],
    ],
    mix: { spa: 1.4, attractions: 1.1, fitness: 0.8 },
  },
  {
    id: 4,
    slug: 'kuala-lumpur',
    name: 'Kuala Lumpur',
    market: 'MY',
    timezone: 'Asia/Kuala_Lumpur',
    utcOffsetHours: 8,
    currency: 'MYR',
    usdPerUnit: 0.22,
    priceStep: 1,
    priceLevel: 1.0,
    share: 0.11,
    ipFirstOctet: 115,
    languages: [
      ['ms', 0.5],
      ['en', 0.3],
      ['zh', 0.2],
    ],
    mix: { restaurant: 1.1, 'hair-salon': 1.1 },
  },
  {
    id: 5,
    slug: 'manila',
    name: 'Manila',
    market: 'PH',
    timezone: 'Asia/Manila',
    utcOffsetHours: 8,
    currency: 'PHP',
    usdPerUnit: 0.0175,
    priceStep: 10,
    priceLevel: 0.75,
    share: 0.23,
    ipFirstOctet: 112,
    languages: [
      ['tl', 0.45],
      ['en', 0.55],
    ],
    mix: { restaurant: 1.1, 'home-cleaning': 1.2, spa: 0.9 },
  },
  {
    id: 6,
    slug: 'ho-chi-minh-city',
    name: 'Ho Chi Minh City',
    market: 'VN',
    timezone: 'Asia/Ho_Chi_Minh',
    utcOffsetHours: 7,
    currency: 'VND',
    usdPerUnit: 0.00004,
    priceStep: 5000,
    priceLevel: 0.65,
    share: 0.14,
    ipFirstOctet: 113,
    languages: [
      ['vi', 0.92],
      ['en', 0.08],
    ],
    mix: { restaurant: 1.2, 'hair-salon': 1.1, 'home-cleaning': 0.7 },
  },
];

/** Sales channels, in the order of Category.channels weights. */
export const CHANNELS = ['video', 'live', 'search', 'poi'] as const;

/** Service categories (category_l2). */
export const CATEGORIES: readonly Category[] = [
  {
    slug: 'restaurant',
    share: 0.38,
    priceUsd: 14,
    bumps: [
      [12, 1.5, 1.6],
      [19, 2, 2.2],
    ],
    weekday: [0.9, 0.9, 0.95, 1, 1.15, 1.15, 0.95],
    holidayFactor: 1.25,
    redeemLagDays: 1.5,
    validityDays: 60,
    reviewRate: 0.16,
    openHours: [10, 22],
    channels: [0.38, 0.14, 0.28, 0.2],
  },
  {
    slug: 'spa',
    share: 0.13,
    priceUsd: 38,
    bumps: [
      [14, 2.5, 1.2],
      [20, 2, 1.8],
    ],
    weekday: [0.85, 0.85, 0.9, 0.95, 1.1, 1.25, 1.1],
    holidayFactor: 1.15,
    redeemLagDays: 5,
    validityDays: 90,
    reviewRate: 0.18,
    openHours: [10, 22],
    channels: [0.3, 0.22, 0.33, 0.15],
  },
  {
    slug: 'hair-salon',
    share: 0.13,
    priceUsd: 18,
    bumps: [
      [11, 2.5, 1.2],
      [19, 2.5, 1.5],
    ],
    weekday: [0.8, 0.9, 0.95, 1, 1.1, 1.2, 1.05],
    holidayFactor: 0.8,
    redeemLagDays: 4,
    validityDays: 90,
    reviewRate: 0.12,
    openHours: [9, 21],
    channels: [0.34, 0.12, 0.34, 0.2],
  },
  {
    slug: 'fitness',
    share: 0.1,
    priceUsd: 16,
    bumps: [
      [7, 1.5, 1.6],
      [18, 2, 1.8],
    ],
    weekday: [1.2, 1.15, 1.1, 1.05, 0.9, 0.8, 0.8],
    holidayFactor: 0.7,
    redeemLagDays: 3,
    validityDays: 90,
    reviewRate: 0.1,
    openHours: [6, 22],
    channels: [0.4, 0.1, 0.35, 0.15],
  },
  {
    slug: 'home-cleaning',
    share: 0.1,
    priceUsd: 30,
    bumps: [
      [9, 2, 1.8],
      [21, 1.5, 0.8],
    ],
    weekday: [1, 0.95, 0.95, 1, 1.05, 1.1, 0.95],
    holidayFactor: 0.6,
    redeemLagDays: 5,
    validityDays: 90,
    reviewRate: 0.14,
    openHours: [8, 18],
    channels: [0.25, 0.1, 0.55, 0.1],
  },
  {
    slug: 'attractions',
    share: 0.16,
    priceUsd: 25,
    bumps: [
      [10, 2.5, 1.6],
      [20, 2, 1.2],
    ],
    weekday: [0.75, 0.75, 0.8, 0.85, 1, 1.45, 1.4],
    holidayFactor: 1.7,
    redeemLagDays: 8,
    validityDays: 120,
    reviewRate: 0.2,
    openHours: [9, 19],
    channels: [0.45, 0.15, 0.2, 0.2],
  },
];

/** A city's share of all orders in one category (city share x adjusted category mix). */
export function cellShare(city: City, category: Category): number {
  let norm = 0;
  for (const c of CATEGORIES) norm += c.share * (city.mix[c.slug] ?? 1);
  return (city.share * category.share * (city.mix[category.slug] ?? 1)) / norm;
}
