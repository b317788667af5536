// Answers the generators' questions about injected incidents: is this time, place or partner affected, and how.
import type { IncidentEffect, Window } from './incident-types.ts';

type Effect<K extends IncidentEffect['kind']> = Extract<IncidentEffect, { kind: K }>;

function within(w: Window, t: number): boolean {
  return t >= w.start && t < w.end;
}

/** Incident effects indexed for the generators' hot loops (a handful of incidents, so plain scans). */
export class Effects {
  private readonly shocks: Effect<'external_shock'>[];
  private readonly outages: Effect<'redemption_failure'>[];
  private readonly drifts: Effect<'slow_drift'>[];
  private readonly qaDrops: Effect<'moderation_qa_drop'>[];
  private readonly breaches: Effect<'cs_sla_breach'>[];
  /** Fake-review bursts, generated on their own rather than per order. */
  readonly bursts: Effect<'fake_review_burst'>[];

  constructor(effects: readonly IncidentEffect[]) {
    const of = <K extends IncidentEffect['kind']>(kind: K) => effects.filter((e): e is Effect<K> => e.kind === kind);
    this.shocks = of('external_shock');
    this.outages = of('redemption_failure');
    this.drifts = of('slow_drift');
    this.qaDrops = of('moderation_qa_drop');
    this.breaches = of('cs_sla_breach');
    this.bursts = of('fake_review_burst');
  }

  /** Multiplier on a city's demand at t (an external shock suppresses it). */
  volumeFactor(cityIdx: number, t: number): number {
    let f = 1;
    for (const s of this.shocks) if (s.cityIdx === cityIdx && within(s.window, t)) f *= s.volumeFactor;
    return f;
  }

  /** Extra complaint tickets per normally expected order in a shocked city, else 0. */
  shockComplaintRate(cityIdx: number, t: number): number {
    for (const s of this.shocks) if (s.cityIdx === cityIdx && within(s.window, t)) return s.complaintRate;
    return 0;
  }

  /** Failure probability of a redemption attempt through a failing POS integration, or undefined. */
  posFailure(pos: string, t: number): number | undefined {
    for (const o of this.outages) if (o.pos === pos && within(o.window, t)) return o.failProb;
    return undefined;
  }

  /** Multiplier on a drifting rate in a city x category: rises linearly from 1 to its peak. */
  drift(metric: Effect<'slow_drift'>['metric'], cityIdx: number, catIdx: number, t: number): number {
    for (const d of this.drifts) {
      if (d.metric !== metric || d.cityIdx !== cityIdx || d.catIdx !== catIdx || !within(d.window, t)) continue;
      return 1 + ((d.peak - 1) * (t - d.window.start)) / (d.window.end - d.window.start);
    }
    return 1;
  }

  /** QA accuracy of a degraded moderation vendor x language at t, or undefined when normal. */
  qaAccuracy(vendorId: number, language: string, t: number): number | undefined {
    for (const q of this.qaDrops)
      if (q.vendorId === vendorId && q.language === language && within(q.window, t)) return q.accuracy;
    return undefined;
  }

  /** The breach affecting a CS vendor (and language) at t, if any. */
  private breach(vendorId: number, language: string, t: number): Effect<'cs_sla_breach'> | undefined {
    return this.breaches.find(
      (b) => b.vendorId === vendorId && (b.language === null || b.language === language) && within(b.window, t),
    );
  }

  /** Multiplier on first-reply times of a CS vendor x language. */
  replyMultiplier(vendorId: number, language: string, t: number): number {
    return this.breach(vendorId, language, t)?.replyMultiplier ?? 1;
  }

  /** Share of scheduled agents who logged in. */
  staffing(vendorId: number, language: string, t: number): number {
    return this.breach(vendorId, language, t)?.staffing ?? 1;
  }
}
