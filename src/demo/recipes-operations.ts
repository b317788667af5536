// Recipes for incidents in operations: a failing POS integration, a moderation vendor's quality, a CS vendor's SLA.
import { CITIES } from './markets.ts';
import { CS_ROUTING, LANGUAGE_NAMES, MODERATION_ROUTING, VENDORS, type Vendor } from './partners.ts';
import { percent, type Recipe } from './incident-recipe.ts';
import { WeightedTable } from './random.ts';

/** Share of all buyers who use a language. */
function languageShare(language: string): number {
  return CITIES.reduce((sum, c) => sum + c.share * (c.languages.find(([l]) => l === language)?.[1] ?? 0), 0);
}

/** (vendor, language, share of all contacts) for a routing table. */
function routedPairs(routing: typeof CS_ROUTING): { vendor: Vendor; language: string; share: number }[] {
  return Object.entries(routing).flatMap(([language, routes]) =>
    routes.map(([vendorId, share]) => ({
      vendor: VENDORS.find((v) => v.id === vendorId)!,
      language,
      share: share * languageShare(language),
    })),
  );
}

/** One POS integration starts timing out, so redemptions through it fail in every city. */
export const redemptionFailure: Recipe = {
  kind: 'redemption_failure',
  hours: [3, 10],
  utcStart: [1, 8],
  liveHours: 20,
  build({ rng }, window) {
    const pos = WeightedTable.of([
      ['app-scan', 0.4],
      ['tillnow', 0.25],
      ['posmart', 0.2],
      ['qrdesk', 0.15],
    ] as const).draw(rng);
    const failProb = rng.uniform(0.45, 0.8);
    return {
      metric: 'redemption_failure_rate',
      slice: { pos_integration: pos },
      cause:
        `A faulty release of the ${pos} POS integration made voucher redemptions time out; about ${percent(failProb)} of ` +
        `attempts through it failed`,
      effect: { kind: 'redemption_failure', window, pos, failProb },
    };
  },
};

/** A moderation vendor hands one language to an untrained team; QA catches more wrong decisions. */
export const moderationQaDrop: Recipe = {
  kind: 'moderation_qa_drop',
  hours: [72, 168],
  build({ rng }, window) {
    const pairs = routedPairs(MODERATION_ROUTING).filter((p) => p.share >= 0.05);
    const { vendor, language } = new WeightedTable(
      pairs,
      pairs.map((p) => p.share),
    ).draw(rng);
    const accuracy = rng.uniform(0.75, 0.86);
    return {
      metric: 'moderation_qa_accuracy',
      slice: { vendor: vendor.slug, language },
      cause:
        `${vendor.name} moved ${LANGUAGE_NAMES[language]} moderation to a newly hired team; QA accuracy fell to about ` +
        `${percent(accuracy)}, mostly from under-enforcement`,
      effect: { kind: 'moderation_qa_drop', window, vendorId: vendor.id, language, accuracy },
    };
  },
};

const STAFFING_CAUSES = ['a power cut at its site', 'a flu outbreak among agents', 'a botched shift-planning change'];

/** A CS vendor is understaffed for hours; first replies miss their SLA. */
export const csSlaBreach: Recipe = {
  kind: 'cs_sla_breach',
  hours: [6, 30],
  utcStart: [0, 8],
  liveHours: 20,
  build({ rng }, window) {
    const pairs = routedPairs(CS_ROUTING);
    const vendor = new WeightedTable(
      pairs.map((p) => p.vendor),
      pairs.map((p) => p.share),
    ).draw(rng);
    const own = pairs.filter((p) => p.vendor === vendor);
    const language = rng.chance(0.5)
      ? new WeightedTable(
          own.map((p) => p.language),
          own.map((p) => p.share),
        ).draw(rng)
      : null;
    const staffing = rng.uniform(0.4, 0.6);
    const replyMultiplier = rng.uniform(4, 7);
    const agents = language === null ? 'agents' : `${LANGUAGE_NAMES[language]} agents`;
    const slice: Record<string, string> = { vendor: vendor.slug };
    if (language !== null) slice.language = language;
    return {
      metric: 'cs_first_response_sla',
      slice,
      cause:
        `${vendor.name} had only ${percent(staffing)} of its scheduled ${agents} logged in after ${rng.pick(STAFFING_CAUSES)}; ` +
        `first replies took about ${replyMultiplier.toFixed(1)}x longer`,
      effect: { kind: 'cs_sla_breach', window, vendorId: vendor.id, language, replyMultiplier, staffing },
    };
  },
};
