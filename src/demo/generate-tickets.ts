// Customer-service tickets: routed to a vendor by language, answered within (or beyond) their SLA.
import { CATEGORIES, CITIES } from './markets.ts';
import { CS_ROUTING } from './partners.ts';
import { WeightedTable, type Rng } from './random.ts';
import { CATEGORY_MIX, HOUR } from './seasonality.ts';
import type { World } from './world.ts';

/** What a ticket is about and where it comes from. */
export interface TicketDraft {
  created: number;
  orderId: number | null;
  merchantId: number | null;
  userId: number;
  cityIdx: number;
  catIdx: number;
  category: string;
  complaint: boolean;
  /** Order value in local currency, the base for any compensation. */
  value: number;
}

// First-reply SLA by contact channel, in seconds (common good-practice targets).
const CONTACTS = WeightedTable.of([
  [['chat', 15 * 60], 0.6],
  [['email', 4 * HOUR], 0.3],
  [['phone', 5 * 60], 0.1],
] as const);
const QUEUES: Readonly<Record<string, string>> = {
  inquiry: 'general',
  refund_request: 'refunds',
  voucher_refused: 'refunds',
  merchant_cancelled: 'refunds',
  redemption_failed: 'redemption',
  quality: 'complaints',
  service_disruption: 'complaints',
  safety: 'safety',
};
const ROUTES = Object.fromEntries(Object.entries(CS_ROUTING).map(([lang, routes]) => [lang, WeightedTable.of(routes)]));
const CSAT_GOOD = WeightedTable.of([
  [5, 0.5],
  [4, 0.3],
  [3, 0.12],
  [2, 0.04],
  [1, 0.04],
] as const);
const CSAT_BAD = WeightedTable.of([
  [5, 0.15],
  [4, 0.2],
  [3, 0.25],
  [2, 0.2],
  [1, 0.2],
] as const);

/** Writes a ticket created before the end of the data (later ones have not happened yet). */
export function emitTicket(w: World, rng: Rng, d: TicketDraft): void {
  if (d.created >= w.end) return;
  const language = w.users.language(d.userId);
  const vendorId = ROUTES[language]!.draw(rng);
  const [contact, sla] = CONTACTS.draw(rng);
  const wait = rng.lognormal(0.3 * sla * w.effects.replyMultiplier(vendorId, language, d.created), 0.7);
  const reply = d.created + Math.max(20, Math.round(wait));
  const resolved = reply + Math.round(rng.lognormal(6 * HOUR, 1));
  const happy = reply - d.created <= sla && !d.complaint;
  const csat = resolved < w.end && rng.chance(0.4) ? (happy ? CSAT_GOOD : CSAT_BAD).draw(rng) : null;
  const compensation =
    d.complaint && d.value > 0 && rng.chance(0.3) ? Math.round(d.value * rng.uniform(10, 30)) / 100 : null;
  w.out.tickets.add([
    w.ids.ticket++,
    d.orderId,
    d.merchantId,
    d.userId,
    d.created,
    reply < w.end ? reply : null,
    resolved < w.end ? resolved : null,
    rng.chance(0.08),
    contact,
    language,
    QUEUES[d.category] ?? 'general',
    vendorId,
    d.category,
    d.complaint,
    sla,
    compensation,
    csat,
    CITIES[d.cityIdx]!.id,
    CATEGORIES[d.catIdx]!.slug,
  ]);
  w.contacts.add(vendorId, language, d.created);
}

/** During an external shock, buyers holding vouchers complain they cannot use them. */
export function generateShockComplaints(w: World, rng: Rng, cityIdx: number, t0: number, expectedOrders: number): void {
  const rate = w.effects.shockComplaintRate(cityIdx, t0);
  if (rate === 0) return;
  for (let n = rng.poisson(expectedOrders * rate); n > 0; n--) {
    const created = t0 + rng.int(HOUR);
    emitTicket(w, rng, {
      created,
      orderId: null,
      merchantId: null,
      userId: w.users.pick(rng, cityIdx, created),
      cityIdx,
      catIdx: CATEGORY_MIX[cityIdx]!.draw(rng),
      category: 'service_disruption',
      complaint: true,
      value: 0,
    });
  }
}
