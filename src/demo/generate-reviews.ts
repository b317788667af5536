// Reviews: verified ones after redemptions, a trickle of unverified ones, and injected fake-review bursts.
import { cellIndex, type Merchant } from './generate-merchants.ts';
import { mix32, WeightedTable, type Rng } from './random.ts';
import { CATEGORY_MIX, DAY, HOUR } from './seasonality.ts';
import type { World } from './world.ts';

/** Share of 1-2 star reviews among verified reviews, before any drift. */
export const BASE_NEGATIVE_SHARE = 0.09;
const POSITIVE = WeightedTable.of([
  [3, 0.1],
  [4, 0.3],
  [5, 0.6],
] as const);
const BURST_FILTER = WeightedTable.of([
  ['not_recommended', 0.55],
  ['removed', 0.15],
  ['published', 0.3],
] as const);

function rating(rng: Rng, negativeShare: number): number {
  return rng.chance(negativeShare) ? (rng.chance(0.55) ? 1 : 2) : POSITIVE.draw(rng);
}

function write(
  w: World,
  rng: Rng,
  row: {
    merchantId: number;
    orderId: number | null;
    userId: number;
    created: number;
    rating: number;
    verified: boolean;
    accountCreated: number;
    device: string;
    ip: string;
    textHash?: string;
    filter: string;
  },
): void {
  w.out.reviews.add([
    w.ids.review++,
    row.merchantId,
    row.orderId,
    row.userId,
    row.created,
    row.rating,
    row.verified,
    row.accountCreated,
    row.device,
    row.ip,
    row.textHash ?? rng.hex(16),
    row.filter,
  ]);
}

/** A verified review of an order at `created` (forced rating for refused vouchers); the filter passes most. */
export function reviewOrder(
  w: World,
  rng: Rng,
  m: Merchant,
  orderId: number,
  userId: number,
  created: number,
  forced?: number,
): void {
  if (created >= w.end) return;
  const negative = BASE_NEGATIVE_SHARE * w.effects.drift('negative_review_rate', m.cityIdx, m.catIdx, created);
  const u = rng.next();
  write(w, rng, {
    merchantId: m.id,
    orderId,
    userId,
    created,
    rating: forced ?? rating(rng, negative),
    verified: true,
    accountCreated: w.users.createdAt(userId),
    device: w.users.deviceId(userId),
    ip: w.users.ip(userId),
    filter: u < 0.005 ? 'removed' : u < 0.03 ? 'not_recommended' : 'published',
  });
}

/** Unverified reviews (no order) in a city hour: more extreme, and the filter catches a third of them. */
export function generateUnverifiedReviews(
  w: World,
  rng: Rng,
  samplers: readonly WeightedTable<Merchant>[],
  cityIdx: number,
  t0: number,
  expectedOrders: number,
): void {
  for (let n = rng.poisson(expectedOrders * 0.01); n > 0; n--) {
    const sampler = samplers[cellIndex(cityIdx, CATEGORY_MIX[cityIdx]!.draw(rng))]!;
    if (sampler.total === 0) continue;
    const m = sampler.draw(rng);
    const created = t0 + rng.int(HOUR);
    const userId = w.users.pick(rng, cityIdx, created);
    const u = rng.next();
    write(w, rng, {
      merchantId: m.id,
      orderId: null,
      userId,
      created,
      rating: rng.chance(0.5) ? 5 : rating(rng, 0.3),
      verified: false,
      accountCreated: w.users.createdAt(userId),
      device: w.users.deviceId(userId),
      ip: w.users.ip(userId),
      filter: u < 0.05 ? 'removed' : u < 0.35 ? 'not_recommended' : 'published',
    });
  }
}

/** Fake-review bursts overlapping [dayStart, dayEnd): fresh accounts on a few shared devices and IPs, 5 stars. */
export function generateBurstReviews(w: World, rng: Rng, dayStart: number, dayEnd: number): void {
  for (const b of w.effects.bursts) {
    const from = Math.max(dayStart, b.window.start);
    const to = Math.min(dayEnd, b.window.end, w.end);
    if (to <= from) continue;
    for (const merchantId of b.merchantIds) {
      for (let n = rng.poisson((b.perMerchantPerDay * (to - from)) / DAY); n > 0; n--) {
        const account = b.firstAccountId + rng.int(b.accounts);
        const h = mix32(account);
        write(w, rng, {
          merchantId,
          orderId: null,
          userId: account,
          created: from + rng.int(to - from),
          rating: 5,
          verified: false,
          // Each account was created 1-6 days before the burst began.
          accountCreated: b.window.start - DAY - (h % (5 * DAY)),
          device: b.devices[h % b.devices.length]!,
          ip: b.ips[(h >>> 8) % b.ips.length]!,
          textHash: b.textHashes[rng.int(b.textHashes.length)]!,
          filter: BURST_FILTER.draw(rng),
        });
      }
    }
  }
}
