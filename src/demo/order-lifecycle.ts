// What happens to a voucher after it is paid: cancelled, refunded, redeemed (after failed attempts
// perhaps), refused by a fraud ring, or left to expire; with the tickets and reviews that follow.
import { CATEGORIES, CITIES } from './markets.ts';
import type { Merchant } from './generate-merchants.ts';
import { POS_INTEGRATIONS } from './partners.ts';
import { WeightedTable, type Rng } from './random.ts';
import { DAY, HOUR, localDay } from './seasonality.ts';
import { emitTicket } from './generate-tickets.ts';
import { reviewOrder } from './generate-reviews.ts';
import type { Window } from './incident-types.ts';
import type { World } from './world.ts';

/** A paid order as the lifecycle needs it. */
export interface OrderDraft {
  id: number;
  merchant: Merchant;
  userId: number;
  channel: string;
  paid: number;
  gmv: number;
  gmvUsd: number;
  expires: number;
}

/** Share of orders the merchant cancels, before any drift. */
export const BASE_CANCEL_RATE = 0.01;
const REFUND_REASONS = WeightedTable.of([
  [['changed_mind', 'user', false], 0.45],
  [['quality', 'merchant', true], 0.2],
  [['merchant_unreachable', 'merchant', true], 0.2],
  [['duplicate_purchase', 'platform', false], 0.15],
] as const);
const FAILURES = WeightedTable.of([
  ['invalid_code', 0.35],
  ['network_error', 0.3],
  ['pos_timeout', 0.2],
  ['already_redeemed', 0.15],
] as const);
const OUTAGE_FAILURES = WeightedTable.of([
  ['pos_timeout', 0.7],
  ['pos_unavailable', 0.3],
] as const);
const BASE_FAILURE = new Map(POS_INTEGRATIONS.map((p) => [p.slug, p.baseFailure]));

function ticket(w: World, rng: Rng, o: OrderDraft, created: number, category: string, complaint: boolean): void {
  const m = o.merchant;
  emitTicket(w, rng, {
    created,
    orderId: o.id,
    merchantId: m.id,
    userId: o.userId,
    cityIdx: m.cityIdx,
    catIdx: m.catIdx,
    category,
    complaint,
    value: o.gmv,
  });
}

function refund(
  w: World,
  rng: Rng,
  o: OrderDraft,
  at: number,
  kind: string,
  reason: string,
  fault: string,
  auto: boolean,
  ticketChance: number,
): string {
  if (at >= w.end) return 'paid';
  const u = CITIES[o.merchant.cityIdx]!.usdPerUnit;
  w.out.refunds.add([w.ids.refund++, o.id, at, o.gmv, Math.round(o.gmv * u * 100) / 100, kind, reason, fault, auto]);
  if (rng.chance(ticketChance))
    ticket(
      w,
      rng,
      o,
      at + rng.int(2 * HOUR),
      kind === 'cancel' ? 'merchant_cancelled' : 'refund_request',
      fault === 'merchant',
    );
  return 'refunded';
}

function lapse(w: World, o: OrderDraft): string {
  return o.expires < w.end ? 'expired' : 'paid';
}

/** When the buyer walks in: some days after paying, during the merchant's opening hours. */
function redemptionTime(rng: Rng, o: OrderDraft): number {
  const city = CITIES[o.merchant.cityIdx]!;
  const cat = CATEGORIES[o.merchant.catIdx]!;
  const day = localDay(o.paid + rng.lognormal(cat.redeemLagDays * DAY, 1), city);
  const [open, close] = cat.openHours;
  const t = day * DAY - city.utcOffsetHours * HOUR + open * HOUR + rng.int((close - open) * HOUR);
  return t <= o.paid ? t + DAY : t;
}

/** Plays out an order's life up to the end of the data; returns its status then. */
export function settleOrder(w: World, rng: Rng, o: OrderDraft): string {
  const m = o.merchant;
  if (rng.chance(0.04)) ticket(w, rng, o, o.paid + Math.round(rng.lognormal(20 * HOUR, 1.2)), 'inquiry', false);
  if (rng.chance(0.00005)) ticket(w, rng, o, o.paid + Math.round(rng.lognormal(2 * DAY, 0.8)), 'safety', true);
  const cancel = BASE_CANCEL_RATE * w.effects.drift('merchant_cancellation_rate', m.cityIdx, m.catIdx, o.paid);
  const refundRate = o.channel === 'live' ? 0.03 : 0.02;
  const r = rng.next();
  if (r < cancel)
    return refund(
      w,
      rng,
      o,
      o.paid + Math.round(rng.lognormal(6 * HOUR, 0.8)),
      'cancel',
      'merchant_cancelled',
      'merchant',
      true,
      0.2,
    );
  if (r < cancel + refundRate) {
    const [reason, fault, complaint] = REFUND_REASONS.draw(rng);
    return refund(
      w,
      rng,
      o,
      o.paid + Math.round(rng.lognormal(2 * DAY, 1)),
      'refund',
      reason,
      fault,
      rng.chance(0.6),
      complaint ? 0.45 : 0.2,
    );
  }
  if (!rng.chance(0.88)) return lapse(w, o);
  const attempt = redemptionTime(rng, o);
  if (attempt >= o.expires) return lapse(w, o);
  if (m.ring && attempt >= m.ring.start) return refuse(w, rng, o, attempt, m.ring);
  return redeem(w, rng, o, attempt);
}

/**
 * A fraud-ring merchant goes dark: holders of its vouchers find it unreachable or are turned away at
 * the counter, and are refunded; after its suspension, open vouchers are refunded automatically.
 */
function refuse(w: World, rng: Rng, o: OrderDraft, attempt: number, ring: Window): string {
  if (o.paid < ring.start && rng.chance(0.35)) {
    return refund(
      w,
      rng,
      o,
      ring.start + rng.int(ring.end - ring.start),
      'refund',
      'merchant_unreachable',
      'merchant',
      false,
      0.5,
    );
  }
  if (attempt >= ring.end)
    return refund(w, rng, o, ring.end + rng.int(6 * HOUR), 'refund', 'merchant_suspended', 'merchant', true, 0.05);
  if (rng.chance(0.3))
    reviewOrder(w, rng, o.merchant, o.id, o.userId, attempt + Math.round(rng.lognormal(4 * HOUR, 0.8)), 1);
  if (rng.chance(0.5)) ticket(w, rng, o, attempt + rng.int(HOUR), 'voucher_refused', true);
  return refund(
    w,
    rng,
    o,
    attempt + Math.round(rng.lognormal(2 * HOUR, 0.6)),
    'refund',
    'voucher_refused',
    'merchant',
    false,
    0,
  );
}

/** Redemption attempts through the merchant's POS; a failed visit may be retried the next day or given up. */
function redeem(w: World, rng: Rng, o: OrderDraft, first: number): string {
  const pos = o.merchant.pos;
  let t = first;
  for (let visit = 0; visit < 2; visit++) {
    for (let attempt = 0; attempt < 3; attempt++) {
      if (t >= w.end) return 'paid';
      const outage = w.effects.posFailure(pos, t);
      const ok = !rng.chance(outage ?? BASE_FAILURE.get(pos) ?? 0.01);
      w.out.redemptions.add([
        w.ids.redemption++,
        o.id,
        t,
        ok,
        ok ? null : (outage === undefined ? FAILURES : OUTAGE_FAILURES).draw(rng),
        pos,
      ]);
      if (ok) {
        if (rng.chance(CATEGORIES[o.merchant.catIdx]!.reviewRate)) {
          reviewOrder(w, rng, o.merchant, o.id, o.userId, t + Math.round(rng.lognormal(5 * HOUR, 1.2)));
        }
        if (rng.chance(0.004)) ticket(w, rng, o, t + Math.round(rng.lognormal(DAY, 1)), 'quality', true);
        return 'redeemed';
      }
      if (!rng.chance(0.8)) break;
      t += 60 + rng.int(600);
    }
    if (rng.chance(0.35)) ticket(w, rng, o, t + rng.int(HOUR), 'redemption_failed', true);
    if (visit === 1 || !rng.chance(0.75)) break;
    t += Math.round(rng.lognormal(20 * HOUR, 0.5));
  }
  if (rng.chance(0.25))
    return refund(
      w,
      rng,
      o,
      t + Math.round(rng.lognormal(DAY, 0.8)),
      'refund',
      'redemption_failed',
      'platform',
      true,
      0,
    );
  return lapse(w, o);
}
