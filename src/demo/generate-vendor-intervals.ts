// Vendor workforce per 15 minutes: agents logged in, time handling contacts, contacts, and cost.
import { vendorLanguagePairs } from './partners.ts';
import { Rng, deriveSeed } from './random.ts';
import { ContactCounter, type World } from './world.ts';

/** Target share of logged-in time spent handling contacts (gne-domain.md metric 22: ~75-85%). */
const TARGET_OCCUPANCY = 0.8;

/** The (vendor, language) pairs vendor_intervals covers, in ContactCounter order. */
export function intervalPairs(): { vendorId: number; language: string }[] {
  return vendorLanguagePairs().map((p) => ({ vendorId: p.vendor.id, language: p.language }));
}

/** Writes every vendor x language x interval row, staffed for the contacts that arrived (after all contacts exist). */
export async function generateVendorIntervals(w: World): Promise<void> {
  const rng = new Rng(deriveSeed(w.seed, 'vendor-intervals'));
  const pairs = vendorLanguagePairs();
  const step = ContactCounter.INTERVAL;
  for (let k = 0; k < w.contacts.intervals; k++) {
    const start = w.start + k * step;
    if (start >= w.end) break;
    for (const [p, { vendor, language }] of pairs.entries()) {
      const contacts = w.contacts.count(p, k);
      // Rosters follow demand with some slack; a breach leaves only part of the roster logged in.
      const scheduled = Math.max(1, Math.ceil((contacts * vendor.handleSec * rng.lognormal(1, 0.2)) / step / TARGET_OCCUPANCY));
      const agents = Math.max(1, Math.round(scheduled * w.effects.staffing(vendor.id, language, start)));
      const loggedIn = Math.round(agents * step * rng.uniform(0.9, 1));
      const handle = Math.min(loggedIn, Math.round(contacts * vendor.handleSec * rng.lognormal(1, 0.25)));
      const cost = Math.round((loggedIn / 3600) * vendor.usdPerAgentHour * 100) / 100;
      w.out.vendor_intervals.add([vendor.id, vendor.site, language, vendor.kind === 'cs' ? 'tickets' : 'cases', start, loggedIn, handle,
        contacts, cost]);
    }
    await w.out.vendor_intervals.takeIfFull()?.();
  }
}
