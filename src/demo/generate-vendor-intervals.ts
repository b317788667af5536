// Vendor workforce per 15 minutes: agents logged in, time handling contacts, contacts, and cost.
import { vendorLanguagePairs } from './partners.ts';
import { Rng, deriveSeed } from './random.ts';
import { DAY } from './seasonality.ts';
import { ContactCounter, type World } from './world.ts';

/** Target share of logged-in time spent handling contacts (occupancy; contact centres commonly aim at ~75-85%). */
const TARGET_OCCUPANCY = 0.8;
/** Agents kept logged in per vendor and language even when nothing is forecast. */
const MIN_AGENTS = 0.1;

/** The (vendor, language) pairs vendor_intervals covers, in ContactCounter order. */
export function intervalPairs(): { vendorId: number; language: string }[] {
  return vendorLanguagePairs().map((p) => ({ vendorId: p.vendor.id, language: p.language }));
}

/** Average contacts per pair and 15-minute slot of the day over the whole period: the vendor's forecast. */
function forecast(w: World, pairs: number): Float64Array[] {
  const slots = DAY / ContactCounter.INTERVAL;
  const days = w.contacts.intervals / slots;
  return Array.from({ length: pairs }, (_, p) => {
    const mean = new Float64Array(slots);
    for (let k = 0; k < w.contacts.intervals; k++) mean[k % slots]! += w.contacts.count(p, k) / days;
    return mean;
  });
}

/** Writes every vendor x language x interval row (after all contacts exist): rostered to forecast, paid by the hour. */
export async function generateVendorIntervals(w: World): Promise<void> {
  const rng = new Rng(deriveSeed(w.seed, 'vendor-intervals'));
  const pairs = vendorLanguagePairs();
  const expected = forecast(w, pairs.length);
  const step = ContactCounter.INTERVAL;
  // Work not finished in an interval carries over to the next, as a queue does.
  const backlog = new Float64Array(pairs.length);
  for (let k = 0; k < w.contacts.intervals; k++) {
    const start = w.start + k * step;
    if (start >= w.end) break;
    for (const [p, { vendor, language }] of pairs.entries()) {
      const contacts = w.contacts.count(p, k);
      // Rosters follow the forecast, with a skeleton crew at night; agents split their time across queues,
      // so headcount per language is fractional. A breach leaves only part of the roster logged in.
      const rostered = Math.max(
        MIN_AGENTS,
        (expected[p]![k % expected[p]!.length]! * vendor.handleSec) / step / TARGET_OCCUPANCY,
      );
      const agents = rostered * rng.lognormal(1, 0.1) * w.effects.staffing(vendor.id, language, start);
      const loggedIn = Math.round(agents * step);
      const work = backlog[p]! + contacts * vendor.handleSec * rng.lognormal(1, 0.25);
      const handle = Math.min(loggedIn, Math.round(work));
      backlog[p] = work - handle;
      const cost = Math.round((loggedIn / 3600) * vendor.usdPerAgentHour * 100) / 100;
      w.out.vendor_intervals.add([
        vendor.id,
        vendor.site,
        language,
        vendor.kind === 'cs' ? 'tickets' : 'cases',
        start,
        loggedIn,
        handle,
        contacts,
        cost,
      ]);
    }
    await w.out.vendor_intervals.takeIfFull()?.();
  }
}
