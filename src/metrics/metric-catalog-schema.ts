// Schema of the metric catalog (vigil.yml `metrics:`): what each metric is, how to query it, which
// slices to watch and how to judge them.
import { z } from 'zod';
import { GRAINS } from './grain.ts';
import { LOCALES, type Locale } from '../i18n/locales.ts';

const duration = z.string().regex(/^\d+(m|h|d)$/, 'a duration such as 90m, 2h or 1d');

const identifier = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,62}$/, 'lowercase letters, digits and _, starting with a letter');

// A Slack user (U.../W...) or user group (S...), bare or as a mention.
const owner = z
  .string()
  .regex(
    /^(<@)?[UW][A-Z0-9]{2,}>?$|^(<!subteam\^)?S[A-Z0-9]{2,}(\|[^>]*)?>?$/,
    'a Slack member id (U...) or user group id (S...)',
  );

const titleText = z.string().min(1).max(80);
const titleMap = z.record(z.string(), titleText);

/** How anomalies are judged; every field has a default tuned on the demo marketplace. */
export const detectorSchema = z
  .object({
    // Weeks of the same hour-of-week (or weekday, for daily grain) the expected value is the median of.
    baseline_weeks: z.number().int().min(2).max(12).default(4),
    // The rhythm the expected value follows: the same hour of past weeks (week), of past days (day), or
    // none (the windows just before the point, for a value without a rhythm).
    season: z.enum(['week', 'day', 'none']).default('week'),
    // Past points of a day or none season (and of the shorter season a new slice falls back to).
    trailing_points: z.number().int().min(3).max(2000).default(7),
    // Past points a week or day season needs before it judges (at least 2 and 3; 0 keeps those): with fewer,
    // the next shorter season judges. A median of three same-hour points is a noisy baseline for a jumpy value.
    min_season_points: z.number().int().min(0).max(2000).default(0),
    // Past points the trailing baseline needs before it judges (at least 3; 0 keeps that).
    min_trailing_points: z.number().int().min(0).max(2000).default(0),
    // How much wider the band is when a slice is judged against a shorter season than its own (low history).
    cold_start_widen: z.number().min(1).max(4).default(1.5),
    // Buckets summed into each judged point, so a thin slice is judged on enough volume (1 = the bucket alone).
    window_buckets: z.number().int().min(1).max(168).default(1),
    // Robust z (deviation / scaled MAD, with a noise floor) a point must pass.
    z: z.number().positive().default(4),
    // The relative change from the expected value a point must also pass (0.2 = 20 %).
    min_change: z.number().min(0).default(0.2),
    // Novelty: a point's z is also divided by the largest |z| of this many judged points before it (when
    // larger than z), so it must be more unusual than the worst of its recent past (0, the default, turns it off).
    novelty_points: z.number().int().min(0).max(10_000).default(0),
    // Long memory for novelty: a point must also pass novelty_memory_share of the worst |z| of all judged points
    // before it, each worth half as much every novelty_memory_half_life points (0, the default, turns it off).
    novelty_memory_half_life: z.number().int().min(0).max(100_000).default(0),
    novelty_memory_share: z.number().min(0).max(1).default(0.6),
    // Density: the mean |z| (each capped at density_cap) of the last density_points judged points, judged
    // like novelty against the densities before it and at least density_floor spreads, makes a point
    // anomalous when beyond both: a burst of moderate deviations (0, the default, turns it off).
    density_points: z.number().int().min(0).max(1000).default(0),
    density_cap: z.number().positive().default(6),
    density_floor: z.number().min(0).default(2),
    // How many judged points' densities a density is judged against (0, the default: novelty_points).
    density_novelty_points: z.number().int().min(0).max(10_000).default(0),
    // Two-sided confidence for the Wilson interval of count-based rates (rate_kind: proportion or count).
    confidence: z.number().min(0.5).max(0.999999).default(0.999),
    // Minimum impact: events beyond the expected count in the judged point (extra failures, extra
    // fake reviews; for an amount, the excess amount), so a statistically sure but tiny move is not an alert.
    min_excess: z.number().min(0).default(0),
    // Consecutive anomalous points before an alert fires.
    min_duration: z.number().int().min(1).max(48).default(2),
    // Consecutive healthy points before a firing alert counts as recovered (hysteresis).
    recovery_buckets: z.number().int().min(1).max(96).default(3),
    // CUSUM on standardised residuals for sustained shifts: slack k and decision threshold h (0, the default, turns it off).
    cusum_k: z.number().min(0).default(1),
    cusum_h: z.number().min(0).default(0),
    // Buckets of a short window judged beside window_buckets (0, the default, turns it off): a burst that began a
    // few buckets ago is judged on its own buckets instead of diluted in the long window, which stays the volume guard.
    fast_window_buckets: z.number().int().min(0).max(168).default(0),
    // A point this many times beyond both z and min_change fires at once, without waiting min_duration (0 turns it off).
    instant_factor: z.number().min(0).default(3),
    // CUSUM of the bad events of each bucket alone beyond those the baseline's rate expects at its volume, in
    // events (0, the default, turns it off): it fires once a burst's excess reaches this, hour by hour, without
    // diluting it in a long window's sum. excess_cusum_ratio is the rise it watches for (2 = twice the usual rate):
    // a bucket adds its events minus (ratio - 1) / ln(ratio) times the expected ones.
    excess_cusum_h: z.number().min(0).default(0),
    excess_cusum_ratio: z.number().gt(1).default(2),
    // The smallest step the metric's value moves by (1 for a count of things): the spread is never taken as
    // narrower, so one more event after a run of identical values is not a storm. 0, the default: no floor.
    resolution: z.number().min(0).default(0),
  })
  .strict();

/** One severity rule: the first rule whose conditions all hold gives the severity. */
const severityRuleSchema = z
  .object({
    severity: z.number().int().min(1).max(4),
    // |observed / expected - 1| at least this.
    min_change: z.number().min(0).optional(),
    // Estimated impact (see `impact`) at least this.
    min_impact: z.number().min(0).optional(),
    min_score: z.number().min(0).max(1).optional(),
  })
  .strict();

/** A metric of the catalog. */
export const metricSchema = z
  .object({
    id: identifier,
    // The title people read: English text, or a map of language -> title that includes en
    // ({en: Refund rate, id: Tingkat refund}). Parsing leaves the English in `title` and the map in `titles`.
    title: z.union([titleText, titleMap], {
      error:
        'a title of at most 80 characters, or a map of language -> title that includes en, e.g. {en: Refund rate, id: Tingkat refund}',
    }),
    // The titles by language as parsing leaves them (so a parsed metric parses again); write `title` as a map instead.
    titles: titleMap.optional(),
    description: z.string().min(1).max(300),
    owner: owner.optional(),
    // ratio: numerator / denominator (x scale); amount: a value per bucket.
    kind: z.enum(['ratio', 'amount']),
    // proportion: numerator counts a subset of the denominator's events (Wilson interval applies);
    // count: numerator counts events per denominator unit (Poisson); continuous: amounts (no sampling model).
    rate_kind: z.enum(['proportion', 'count', 'continuous']).default('proportion'),
    unit: z.enum(['ratio', 'count', 'currency', 'minutes']).default('ratio'),
    scale: z.number().positive().default(1),
    grain: z.enum(GRAINS),
    bad: z.enum(['up', 'down', 'both']),
    // Returns (bucket, <dimension columns>, numerator, denominator) or (bucket, <dimension columns>, value);
    // :from and :to bound the buckets, :tz is VIGIL_TIMEZONE. Parameters are bound, never interpolated.
    sql: z.string().min(10),
    // Slices to watch, as lists of dimension columns; [] is the whole marketplace.
    slices: z.array(z.array(identifier).max(4)).min(1).default([[]]),
    // Below this denominator (ratio) or value (amount) in a judged point, the slice is not judged.
    min_volume: z.number().min(0).default(0),
    // A bucket is complete (judged) this long after it ends: late-arriving rows and SLA clocks settle.
    complete_after: duration.default('0m'),
    // The newest bucket with data older than this raises one "data stale" alert instead of anomalies.
    stale_after: duration.optional(),
    detector: detectorSchema.default(detectorSchema.parse({})),
    // Static limits: outside them is anomalous whatever the baseline says.
    thresholds: z.object({ above: z.number().optional(), below: z.number().optional() }).strict().optional(),
    // The level the business aims for (shown on cards and the digest; not an alert by itself).
    target: z.number().optional(),
    // Impact of an anomaly = |observed - expected| x denominator x per (e.g. excess refunds in USD).
    impact: z
      .object({ label: z.string().min(1).max(40), per: z.number().positive().default(1) })
      .strict()
      .optional(),
    severity: z.array(severityRuleSchema).default([{ severity: 3 }]),
    // Anomalies of this severity or more severe open an incident; the others are a notice in the alerts channel.
    incident_at_severity: z.number().int().min(1).max(4).default(3),
    playbook: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{0,62}$/)
      .optional(),
    // Metrics that move with this one (complaints with refunds): an anomaly of one during an open incident of
    // another in the same or a related slice is added to it as "also moving". Symmetric: listing it on one side is enough.
    related: z.array(identifier).default([]),
    // Planned quiet periods: maintenance, known events. Slice keys narrow a mute to matching slices.
    mutes: z
      .array(
        z
          .object({
            from: z.string().datetime({ offset: true }),
            until: z.string().datetime({ offset: true }),
            slice: z.record(z.string(), z.string()).default({}),
            reason: z.string().optional(),
          })
          .strict(),
      )
      .default([]),
  })
  .strict()
  .superRefine((m, ctx) => {
    for (const field of ['title', 'titles'] as const) {
      const map = m[field];
      if (typeof map !== 'object' || !map) continue;
      if (map.en === undefined)
        ctx.addIssue({
          code: 'custom',
          path: [field],
          message: `metric "${m.id}" has no English title: a title map must include en, e.g. title: {en: <the English title>${Object.keys(map).length > 0 ? `, ${Object.entries(map)[0]!.join(': ')}` : ''}}`,
        });
      for (const language of Object.keys(map).filter((l) => !(LOCALES as readonly string[]).includes(l)))
        ctx.addIssue({
          code: 'custom',
          path: [field, language],
          message: `metric "${m.id}": "${language}" is not a language vigil writes in; write the title under one of ${LOCALES.join(', ')} (e.g. id for Bahasa Indonesia, fil for Filipino)`,
        });
    }
    for (const [i, rule] of m.severity.entries()) {
      if (rule.min_impact !== undefined && !m.impact) {
        ctx.addIssue({
          code: 'custom',
          path: ['severity', i, 'min_impact'],
          message: 'needs an `impact` section to estimate impact from',
        });
      }
    }
  })
  .transform((m) => {
    // Everything else reads `title` as the English text; the languages live in `titles`, always with en.
    const titles = typeof m.title === 'string' ? { ...m.titles, en: m.title } : m.title;
    return { ...m, title: titles.en!, titles: titles as Partial<Record<Locale, string>> };
  });

/** The catalog: metric ids are unique, `related` names other metrics of it; each relation is made symmetric. */
export const catalogSchema = z
  .array(metricSchema)
  .superRefine((metrics, ctx) => {
    const seen = new Set<string>();
    for (const [i, m] of metrics.entries()) {
      if (seen.has(m.id))
        ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `metric id "${m.id}" appears twice` });
      seen.add(m.id);
    }
    for (const [i, m] of metrics.entries()) {
      for (const [j, id] of m.related.entries()) {
        if (id === m.id)
          ctx.addIssue({ code: 'custom', path: [i, 'related', j], message: 'a metric cannot be related to itself' });
        else if (!seen.has(id))
          ctx.addIssue({
            code: 'custom',
            path: [i, 'related', j],
            message: `there is no metric "${id}" in the catalog; use one of ${[...seen].join(', ')}`,
          });
      }
    }
  })
  .transform((metrics) => symmetricRelated(metrics));

/** The catalog with every `related` relation listed on both sides, each list without duplicates, in catalog order. */
export function symmetricRelated<T extends { id: string; related: string[] }>(metrics: T[]): T[] {
  const pairs = new Set<string>();
  for (const m of metrics) for (const r of m.related) pairs.add(`${m.id} ${r}`).add(`${r} ${m.id}`);
  return metrics.map((m) => ({
    ...m,
    related: metrics.filter((o) => o.id !== m.id && pairs.has(`${m.id} ${o.id}`)).map((o) => o.id),
  }));
}

/** A validated catalog metric. */
export type CatalogMetric = z.infer<typeof metricSchema>;
/** Its detector settings. */
export type DetectorSettings = z.infer<typeof detectorSchema>;
