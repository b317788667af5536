// Recipes for incidents on the market side: fraud rings, fake reviews, external shocks, slow drifts.
import { CATEGORIES, CITIES } from './markets.ts';
import { cellIndex, makeMerchant, randomIp, type Merchant } from './generate-merchants.ts';
import { cellSlice, percent, pickCell, plural, type Recipe } from './incident-recipe.ts';
import { WeightedTable } from './random.ts';
import { DAY } from './seasonality.ts';

/** New merchants sharing one payout account sell cheap vouchers, then refuse them at redemption. */
export const refundSpike: Recipe = {
  kind: 'refund_spike',
  hours: [18, 60],
  build(ctx, window) {
    const { rng, byCell, newMerchantId } = ctx;
    const [ci, ki] = pickCell(ctx, 100);
    const city = CITIES[ci]!;
    const cellWeight = byCell[cellIndex(ci, ki)]!.filter((m) => m.onboardedAt < window.start).reduce(
      (s, m) => s + m.weight,
      0,
    );
    const payout = rng.hex(16);
    const device = `dv-${rng.hex(6)}`;
    const ip = randomIp(rng, city);
    const ring: Merchant[] = [];
    const size = 3 + rng.int(5);
    // Aggressive promotions: together the ring sells 12-25% as many vouchers as the rest of its cell.
    const share = rng.uniform(0.12, 0.25);
    for (let i = size; i > 0; i--) {
      const onboarded = Math.floor(window.start - rng.uniform(6, 24) * DAY);
      const weight = (cellWeight * share * rng.uniform(0.6, 1.4)) / size;
      const m = makeMerchant(rng, newMerchantId(), ci, ki, onboarded, weight, 'long_tail');
      m.payoutHash = payout;
      m.ip = ip;
      if (rng.chance(0.7)) m.deviceId = device;
      m.ring = window;
      ring.push(m);
    }
    return {
      metric: 'refund_rate',
      slice: cellSlice(ci, ki),
      cause:
        `${ring.length} merchants onboarded under 30 days ago in ${city.name} ${CATEGORIES[ki]!.slug}, sharing payout account ` +
        `${payout.slice(0, 6)}…, stopped honouring vouchers; customers turned away at redemption were refunded`,
      effect: { kind: 'refund_spike', window, cityIdx: ci, catIdx: ki, ringMerchantIds: ring.map((m) => m.id) },
      merchants: ring,
    };
  },
};

/** A few established merchants buy bursts of 5-star reviews from fresh accounts on shared devices. */
export const fakeReviewBurst: Recipe = {
  kind: 'fake_review_burst',
  hours: [36, 96],
  build(ctx, window) {
    const { rng } = ctx;
    const [ci, ki] = pickCell(ctx, 60);
    const city = CITIES[ci]!;
    const candidates = ctx.byCell[cellIndex(ci, ki)]!.filter(
      (m) => m.onboardedAt < window.start - 60 * DAY && m.tier !== 'key_account',
    );
    const targets = rng.sample(candidates, 2 + rng.int(4));
    const accounts = 15 + rng.int(36);
    const devices = Array.from({ length: 2 + rng.int(4) }, () => `dv-${rng.hex(6)}`);
    const ips = Array.from({ length: 1 + rng.int(4) }, () => randomIp(rng, city));
    const textHashes = Array.from({ length: 4 + rng.int(7) }, () => rng.hex(16));
    return {
      metric: 'inauthentic_review_share',
      slice: cellSlice(ci, ki),
      cause:
        `${targets.map((m) => `${m.name} (#${m.id})`).join(', ')} in ${city.name} ${CATEGORIES[ki]!.slug} got bursts of ` +
        `unverified 5-star reviews from ${accounts} accounts created days earlier, sharing ${plural(devices.length, 'device')} and ` +
        `${plural(ips.length, 'IP address', 'IP addresses')}; most were filtered`,
      effect: {
        kind: 'fake_review_burst',
        window,
        cityIdx: ci,
        catIdx: ki,
        merchantIds: targets.map((m) => m.id),
        perMerchantPerDay: rng.uniform(10, 25),
        accounts,
        devices,
        ips,
        textHashes,
        firstAccountId: 900_000_000 + ctx.serial * 1000,
      },
    };
  },
};

const SHOCKS = [
  (name: string) => `Flash floods closed roads across ${name}`,
  (name: string) => `A payment-gateway outage in ${name} blocked most checkouts`,
  (name: string) => `A city-wide public transport strike in ${name} kept customers at home`,
];

/** A whole market is hit from outside: demand collapses and complaints about unusable vouchers rise. */
export const externalShock: Recipe = {
  kind: 'external_shock',
  hours: [20, 60],
  build({ rng }, window) {
    const ci = new WeightedTable(
      CITIES.map((_, i) => i),
      CITIES.map((c) => c.share),
    ).draw(rng);
    const volumeFactor = rng.uniform(0.35, 0.6);
    const city = CITIES[ci]!;
    return {
      metric: 'order_volume',
      slice: { city: city.slug },
      cause:
        `${rng.pick(SHOCKS)(city.name)}; orders fell to about ${percent(volumeFactor)} of normal and complaints about ` +
        `unusable vouchers rose`,
      effect: { kind: 'external_shock', window, cityIdx: ci, volumeFactor, complaintRate: rng.uniform(0.012, 0.025) },
    };
  },
};

/** A rate in one big city x category creeps up over weeks: small per day, large in the end. */
export const slowDrift: Recipe = {
  kind: 'slow_drift',
  hours: [14 * 24, 35 * 24],
  build(ctx, window) {
    // Only big cells: a drift in a small one would be lost in its noise.
    const [ci, ki] = pickCell(ctx, 350);
    const metric = ctx.rng.chance(0.5) ? 'merchant_cancellation_rate' : 'negative_review_rate';
    const peak = ctx.rng.uniform(2.8, 3.8);
    const where = `${CITIES[ci]!.name} ${CATEGORIES[ki]!.slug}`;
    const days = Math.round((window.end - window.start) / DAY);
    const cause =
      metric === 'merchant_cancellation_rate'
        ? `Merchants in ${where} increasingly cancelled booked vouchers as a staff shortage spread; merchant cancellations ` +
          `rose gradually to about ${peak.toFixed(1)}x over ${days} days`
        : `Service quality in ${where} slowly declined after a popular bundle was cut back; 1-2 star reviews rose gradually ` +
          `to about ${peak.toFixed(1)}x over ${days} days`;
    return {
      metric,
      slice: cellSlice(ci, ki),
      cause,
      effect: { kind: 'slow_drift', window, cityIdx: ci, catIdx: ki, metric, peak },
    };
  },
};
