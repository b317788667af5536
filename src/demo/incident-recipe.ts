// What a recipe for one incident kind looks like, and the helpers recipes share.
import { CATEGORIES, CITIES } from './markets.ts';
import type { Merchant } from './generate-merchants.ts';
import type { IncidentEffect, IncidentKind, MetricId, Window } from './incident-types.ts';
import { WeightedTable, type Rng } from './random.ts';
import { baseCellOrdersPerDay } from './seasonality.ts';

/** What a recipe may read and reserve while it builds an incident. */
export interface RecipeContext {
  rng: Rng;
  /** Merchants per city x category cell (see cellIndex). */
  byCell: readonly Merchant[][];
  /** Cells taken by incidents whose measurements another incident in the same cell would blur. */
  busyCells: Set<number>;
  newMerchantId(): number;
  /** A number unique to this incident, for identifiers it invents. */
  serial: number;
}

/** An incident as a recipe builds it, before it gets its id. */
export interface BuiltIncident {
  metric: MetricId;
  slice: Record<string, string>;
  cause: string;
  effect: IncidentEffect;
  /** Merchants the incident brings into the world (a fraud ring). */
  merchants?: Merchant[];
}

/** How to inject one kind of incident. */
export interface Recipe {
  kind: IncidentKind;
  /** Duration range in hours. */
  hours: readonly [number, number];
  /** UTC hours a short window should start between, so that it covers local business hours. */
  utcStart?: readonly [number, number];
  /** Minimum hours when the incident is the live one, still going at the end of the data. */
  liveHours?: number;
  build(ctx: RecipeContext, window: Window): BuiltIncident;
}

/** A city x category cell with at least `minPerDay` base orders, weighted by volume, avoiding busy cells. */
export function pickCell(ctx: RecipeContext, minPerDay: number): [number, number] {
  const cells: [number, number][] = [];
  for (let ci = 0; ci < CITIES.length; ci++) for (let ki = 0; ki < CATEGORIES.length; ki++) cells.push([ci, ki]);
  const volume = ([ci, ki]: [number, number]) => baseCellOrdersPerDay(ci, ki);
  let options = cells.filter((c) => volume(c) >= minPerDay && !ctx.busyCells.has(c[0] * CATEGORIES.length + c[1]));
  if (options.length === 0) options = [cells.reduce((a, b) => (volume(b) > volume(a) ? b : a))];
  const picked = new WeightedTable(options, options.map(volume)).draw(ctx.rng);
  ctx.busyCells.add(picked[0] * CATEGORIES.length + picked[1]);
  return picked;
}

/** A {city, category} slice label. */
export function cellSlice(cityIdx: number, catIdx: number): Record<string, string> {
  return { city: CITIES[cityIdx]!.slug, category: CATEGORIES[catIdx]!.slug };
}

/** "1 device", "3 devices": a count with its noun, for causes. */
export function plural(count: number, noun: string, nouns = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : nouns}`;
}

/** A share as a whole percentage, for causes. */
export function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}
