// Moderation cases on content in each city, decided by vendors within an SLA, and QA samples of those decisions.
import { CHANNELS, CITIES } from './markets.ts';
import { cellIndex, type Merchant } from './generate-merchants.ts';
import { MODERATION_ROUTING } from './partners.ts';
import { WeightedTable, type Rng } from './random.ts';
import { CATEGORY_MIX, HOUR } from './seasonality.ts';
import type { World } from './world.ts';

/** Moderation cases per order, roughly: content volume follows marketplace activity. */
export const CASES_PER_ORDER = 0.3;
/** QA accuracy of a vendor on a normal day. */
export const BASE_QA_ACCURACY = 0.975;

const CHANNEL_MIX = WeightedTable.of([
  ['video', 0.45],
  ['live', 0.25],
  ['search', 0.15],
  ['poi', 0.15],
] as const);
// Action deadlines by channel in seconds: LIVE content is seen while it streams, so it gets the shortest.
const SLA: Readonly<Record<(typeof CHANNELS)[number], number>> = {
  live: 15 * 60,
  video: HOUR,
  search: 4 * HOUR,
  poi: 4 * HOUR,
};
const POLICIES = WeightedTable.of([
  ['misleading_claims', 0.3],
  ['prohibited_service', 0.15],
  ['spam', 0.25],
  ['ip_infringement', 0.1],
  ['adult', 0.12],
  ['violence', 0.08],
] as const);
const DECISIONS = WeightedTable.of([
  ['approve', 0.5],
  ['remove', 0.35],
  ['restrict', 0.15],
] as const);
const ERRORS = WeightedTable.of([
  ['over_enforce', 0.45],
  ['under_enforce', 0.4],
  ['wrong_policy', 0.15],
] as const);
const ERRORS_UNTRAINED = WeightedTable.of([
  ['over_enforce', 0.2],
  ['under_enforce', 0.7],
  ['wrong_policy', 0.1],
] as const);
const ROUTES = Object.fromEntries(
  Object.entries(MODERATION_ROUTING).map(([lang, routes]) => [lang, WeightedTable.of(routes)]),
);
const LANGUAGES = CITIES.map((c) => WeightedTable.of(c.languages));

/** The cases created in one city hour, with their QA samples. */
export function generateCases(
  w: World,
  rng: Rng,
  samplers: readonly WeightedTable<Merchant>[],
  cityIdx: number,
  t0: number,
  expectedOrders: number,
): void {
  for (let n = rng.poisson(expectedOrders * CASES_PER_ORDER); n > 0; n--) {
    const created = t0 + rng.int(HOUR);
    if (created >= w.end) continue;
    const sampler = samplers[cellIndex(cityIdx, CATEGORY_MIX[cityIdx]!.draw(rng))]!;
    const merchantId = sampler.total > 0 ? sampler.draw(rng).id : null;
    const channel = CHANNEL_MIX.draw(rng);
    const language = LANGUAGES[cityIdx]!.draw(rng);
    const vendorId = ROUTES[language]!.draw(rng);
    const sla = SLA[channel];
    const took = Math.max(10, Math.round(rng.lognormal(0.3 * sla, 0.8)));
    const actioned = created + took < w.end ? created + took : null;
    const decision = DECISIONS.draw(rng);
    const views = Math.round((took / 60) * rng.lognormal(channel === 'live' ? 40 : 3, 1));
    const appeal =
      decision === 'remove' && actioned !== null && rng.chance(0.06)
        ? rng.chance(0.2)
          ? 'overturned'
          : 'upheld'
        : null;
    const caseId = w.ids.case++;
    w.out.moderation_cases.add([
      caseId,
      w.ids.object++,
      merchantId,
      channel,
      language,
      POLICIES.draw(rng),
      rng.chance(0.8) ? 'model' : 'user_report',
      created,
      actioned,
      vendorId,
      vendorId * 1000 + rng.int(40),
      decision,
      sla,
      actioned === null ? null : views,
      appeal,
    ]);
    w.contacts.add(vendorId, language, created);
    if (actioned !== null) sampleForQa(w, rng, caseId, channel, vendorId, language, actioned);
  }
}

/** QA audits a stratified sample: LIVE at 20%, the rest at 10%, weighted back by 1 / rate. */
function sampleForQa(
  w: World,
  rng: Rng,
  caseId: number,
  channel: string,
  vendorId: number,
  language: string,
  actioned: number,
): void {
  const rate = channel === 'live' ? 0.2 : 0.1;
  if (!rng.chance(rate)) return;
  const sampled = actioned + Math.round(rng.lognormal(4 * HOUR, 0.8));
  if (sampled >= w.end) return;
  const degraded = w.effects.qaAccuracy(vendorId, language, actioned);
  const correct = rng.chance(degraded ?? BASE_QA_ACCURACY);
  const error = correct ? null : (degraded === undefined ? ERRORS : ERRORS_UNTRAINED).draw(rng);
  w.out.qa_samples.add([
    w.ids.sample++,
    caseId,
    null,
    sampled,
    channel === 'live' ? 'live' : 'standard',
    1 / rate,
    900 + rng.int(25),
    correct,
    error,
  ]);
}
