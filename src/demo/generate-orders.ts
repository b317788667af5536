// Orders: who bought which voucher, through which channel, for how much, and how it ended.
import { CATEGORIES, CHANNELS, CITIES } from './markets.ts';
import type { Merchant } from './generate-merchants.ts';
import { PAYMENT_METHODS, PAYMENT_MIX } from './partners.ts';
import { WeightedTable, type Rng } from './random.ts';
import { DAY } from './seasonality.ts';
import { settleOrder, type OrderDraft } from './order-lifecycle.ts';
import type { World } from './world.ts';

const CHANNEL_BY_CATEGORY = CATEGORIES.map((c) => new WeightedTable(CHANNELS, c.channels));
const PAYMENT_BY_CITY = CITIES.map((c) => new WeightedTable(PAYMENT_METHODS, PAYMENT_MIX[c.market]!));

function roundTo(value: number, step: number): number {
  return Math.max(step, Math.round(value / step) * step);
}

/** Creates one order paid at `paid` with merchant m, plays out its life, and writes it. */
export function createOrder(w: World, rng: Rng, m: Merchant, paid: number): void {
  const city = CITIES[m.cityIdx]!;
  const cat = CATEGORIES[m.catIdx]!;
  const userId = w.users.pick(rng, m.cityIdx, paid);
  // Fraud rings sell slightly cheaper vouchers, nearly always with a promotion.
  const priceUsd = rng.lognormal(cat.priceUsd * city.priceLevel * (m.ring ? 0.85 : 1), 0.45);
  const gmv = roundTo(priceUsd / city.usdPerUnit, city.priceStep);
  const promo = rng.chance(m.ring ? 0.8 : 0.28) ? roundTo(gmv * rng.uniform(0.1, 0.3), city.priceStep) : 0;
  const o: OrderDraft = {
    id: w.ids.order++,
    merchant: m,
    userId,
    paid,
    gmv,
    gmvUsd: Math.round(gmv * city.usdPerUnit * 100) / 100,
    channel: CHANNEL_BY_CATEGORY[m.catIdx]!.draw(rng),
    expires: paid + cat.validityDays * DAY,
  };
  const payment = PAYMENT_BY_CITY[m.cityIdx]!.draw(rng);
  const status = settleOrder(w, rng, o);
  w.out.orders.add([
    o.id,
    m.id,
    userId,
    w.users.createdAt(userId),
    w.users.deviceId(userId),
    o.channel,
    city.id,
    cat.slug,
    paid,
    gmv,
    o.gmvUsd,
    payment,
    promo,
    o.expires,
    status,
  ]);
}
