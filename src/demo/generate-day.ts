// One day of the marketplace, hour by hour: orders per city x category, moderation cases, reviews, complaints.
import { CATEGORIES, CITIES } from './markets.ts';
import { cellIndex, dailySamplers } from './generate-merchants.ts';
import { generateCases } from './generate-moderation.ts';
import { createOrder } from './generate-orders.ts';
import { generateBurstReviews, generateUnverifiedReviews } from './generate-reviews.ts';
import { generateShockComplaints } from './generate-tickets.ts';
import { Rng, deriveSeed } from './random.ts';
import { DAY, HOUR } from './seasonality.ts';
import type { World } from './world.ts';

/** Generates day `day` of the period (its own random streams, so days do not shift each other). */
export function generateDay(w: World, day: number): void {
  const dayStart = w.start + day * DAY;
  const dayEnd = Math.min(dayStart + DAY, w.end);
  const rng = new Rng(deriveSeed(w.seed, 'orders', day));
  const side = new Rng(deriveSeed(w.seed, 'content', day));
  const samplers = dailySamplers(w.byCell, dayStart);
  // A day-level wobble per cell on top of Poisson noise, as real demand has.
  const wobble = samplers.map(() => rng.lognormal(1, 0.06));
  for (let t0 = dayStart; t0 < dayEnd; t0 += HOUR) {
    for (let ci = 0; ci < CITIES.length; ci++) {
      const shock = w.effects.volumeFactor(ci, t0);
      let cityExpected = 0;
      for (let ki = 0; ki < CATEGORIES.length; ki++) {
        const cell = cellIndex(ci, ki);
        const expected = w.season.ordersPerHour(ci, ki, t0) * wobble[cell]!;
        cityExpected += expected;
        const sampler = samplers[cell]!;
        if (sampler.total === 0) continue;
        for (let n = rng.poisson(expected * shock); n > 0; n--) {
          const paid = t0 + rng.int(HOUR);
          if (paid >= w.end) continue;
          let m = sampler.draw(rng);
          // A ring merchant suspended earlier today sells nothing more.
          if (m.ring && paid >= m.ring.end) m = sampler.draw(rng);
          if (m.ring && paid >= m.ring.end) continue;
          createOrder(w, rng, m, paid);
        }
      }
      generateCases(w, side, samplers, ci, t0, cityExpected * shock);
      generateUnverifiedReviews(w, side, samplers, ci, t0, cityExpected * shock);
      generateShockComplaints(w, side, ci, t0, cityExpected);
    }
  }
  generateBurstReviews(w, new Rng(deriveSeed(w.seed, 'bursts', day)), dayStart, dayEnd);
}
