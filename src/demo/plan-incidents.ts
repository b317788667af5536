// Decides which incidents happen when and where: every kind at least once, after a clean baseline,
// with one still going at the end of the data so a freshly seeded demo has a live problem.
import { cellIndex, type Merchant } from './generate-merchants.ts';
import type { BuiltIncident, Recipe, RecipeContext } from './incident-recipe.ts';
import { isoOf, type IncidentEffect, type IncidentKind, type InjectedIncident, type Window } from './incident-types.ts';
import { Rng, deriveSeed } from './random.ts';
import { csSlaBreach, moderationQaDrop, redemptionFailure } from './recipes-operations.ts';
import { externalShock, fakeReviewBurst, refundSpike, slowDrift } from './recipes-market.ts';
import { DAY, HOUR } from './seasonality.ts';

/** Days of clean data before the first incident, so every incident has a full 28-day baseline. */
export const BASELINE_DAYS = 28;

/** The incidents of one seeded period: labels, what they do, and the merchants they add. */
export interface IncidentPlan {
  incidents: InjectedIncident[];
  effects: IncidentEffect[];
  ringMerchants: Merchant[];
}

// Recipes that reserve city x category cells run first so later ones avoid those cells.
const RECIPES: readonly Recipe[] = [
  refundSpike,
  fakeReviewBurst,
  externalShock,
  redemptionFailure,
  moderationQaDrop,
  csSlaBreach,
];
const LIVE_KINDS: readonly IncidentKind[] = [
  'refund_spike',
  'redemption_failure',
  'fake_review_burst',
  'cs_sla_breach',
  'external_shock',
];

/** Plans the incidents of the period [start, end) for a seed; merchants are the ordinary ones. */
export function planIncidents(seed: number, start: number, end: number, merchants: readonly Merchant[]): IncidentPlan {
  const rng = new Rng(deriveSeed(seed, 'incidents'));
  const byCell: Merchant[][] = [];
  for (const m of merchants) (byCell[cellIndex(m.cityIdx, m.catIdx)] ??= []).push(m);
  let nextId = merchants.reduce((max, m) => Math.max(max, m.id), 0) + 1;
  const ctx: RecipeContext = { rng, byCell, busyCells: new Set(), newMerchantId: () => nextId++, serial: 0 };
  const baselineEnd = Math.ceil((start + BASELINE_DAYS * DAY) / HOUR) * HOUR;
  const built: { kind: IncidentKind; window: Window; incident: BuiltIncident }[] = [];
  const add = (recipe: Recipe, window: Window) => {
    ctx.serial++;
    built.push({ kind: recipe.kind, window, incident: recipe.build(ctx, window) });
  };

  // The drift runs up to the end of the data: it is still creeping when someone looks.
  const driftHours = Math.round(rng.uniform(slowDrift.hours[0], slowDrift.hours[1]));
  add(slowDrift, { start: Math.max(baselineEnd, end - driftHours * HOUR), end });

  const live = rng.pick(LIVE_KINDS);
  const spanDays = (end - baselineEnd) / DAY;
  for (const recipe of RECIPES) {
    const count = 1 + (spanDays >= 50 ? rng.int(2) : 0) + (spanDays >= 80 ? rng.int(2) : 0);
    const segment = (end - baselineEnd) / count;
    for (let i = 0; i < count; i++) {
      const from = baselineEnd + i * segment;
      const isLive = recipe.kind === live && i === count - 1;
      add(recipe, isLive ? liveWindow(rng, recipe, from, end) : placeWindow(rng, recipe, from, from + segment));
    }
  }

  built.sort((a, b) => a.window.start - b.window.start || a.kind.localeCompare(b.kind));
  return {
    incidents: built.map(({ kind, window, incident }, i) => ({
      id: `demo-${String(i + 1).padStart(2, '0')}-${kind.replaceAll('_', '-')}`,
      kind,
      metric: incident.metric,
      slice: incident.slice,
      start: isoOf(window.start),
      end: isoOf(window.end),
      cause: incident.cause,
    })),
    effects: built.map((b) => b.incident.effect),
    ringMerchants: built.flatMap((b) => b.incident.merchants ?? []),
  };
}

function durationHours(rng: Rng, recipe: Recipe, room: number): number {
  return Math.max(1, Math.min(Math.round(rng.uniform(recipe.hours[0], recipe.hours[1])), Math.floor(room / HOUR)));
}

/** A window ending at the end of the data, long enough to span local business hours when short. */
function liveWindow(rng: Rng, recipe: Recipe, from: number, end: number): Window {
  const hours = Math.min(
    Math.max(durationHours(rng, recipe, end - from), recipe.liveHours ?? 0),
    Math.floor((end - from) / HOUR),
  );
  return { start: end - hours * HOUR, end };
}

/** A window inside [from, to), starting on the hour, preferably at one of the recipe's UTC start hours. */
function placeWindow(rng: Rng, recipe: Recipe, from: number, to: number): Window {
  const hours = durationHours(rng, recipe, to - from);
  const first = Math.ceil(from / HOUR) * HOUR;
  const last = Math.max(first, to - hours * HOUR);
  let start = first + Math.floor((rng.next() * (last - first)) / HOUR) * HOUR;
  if (recipe.utcStart) {
    const [lo, hi] = recipe.utcStart;
    const day = Math.floor(start / DAY) * DAY;
    const preferred = [day, day + DAY, day - DAY].map((d) => d + (lo + rng.int(hi - lo + 1)) * HOUR);
    start = preferred.find((s) => s >= first && s <= last) ?? start;
  }
  return { start, end: start + hours * HOUR };
}
