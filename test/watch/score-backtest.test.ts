import { describe, expect, it } from 'vitest';
import type { BacktestAlert } from '../../src/watch/backtest-metric.ts';
import { matches, scoreBacktest, type LabelledIncident } from '../../src/watch/score-backtest.ts';

const MIN = 60_000;
const at = (h: number, m = 0) => new Date(Date.UTC(2025, 4, 5, h, m)).toISOString();

function alert(
  metric: string,
  slice: Record<string, string>,
  start: string,
  end: string,
  firedAt: string,
  contributors: Array<Record<string, string>> = [],
): BacktestAlert {
  return { metric, slice, start, end, firedAt, severity: 3, score: 0.8, contributors };
}

const labels: LabelledIncident[] = [
  { id: 'refund-jkt', metric: 'refund_rate', slice: { city: 'jakarta' }, start: at(10), end: at(14) },
  { id: 'refund-all', metric: 'refund_rate', slice: {}, start: at(20), end: at(22) },
  { id: 'pos-outage', metric: 'redemption_failure_rate', slice: { city: 'bangkok' }, start: at(6), end: at(8) },
];

const alerts: BacktestAlert[] = [
  // Matches refund-jkt (a sub-slice of it), fired an hour after the incident began.
  alert('refund_rate', { city: 'jakarta', category: 'spa' }, at(10), at(13), at(11)),
  // Matches refund-jkt too, fired later: the first alert sets the delay.
  alert('refund_rate', { city: 'jakarta' }, at(12), at(15), at(12, 30)),
  // Nothing happened in Manila at 3 o'clock.
  alert('refund_rate', { city: 'manila' }, at(3), at(4), at(4)),
  // Complaints in Bangkok during the POS outage: a true alert about a real event, not a complaint incident.
  alert('complaint_rate', { city: 'bangkok' }, at(6, 30), at(8), at(7)),
  // Complaints in Jakarta during the Bangkok outage: a false alert.
  alert('complaint_rate', { city: 'jakarta' }, at(6, 30), at(8), at(7)),
];

describe('scoreBacktest', () => {
  const scores = scoreBacktest(['refund_rate', 'complaint_rate', 'redemption_failure_rate'], alerts, labels, 2, 0);

  it('scores precision, recall, false alerts and delay of a metric', () => {
    expect(scores.refund_rate).toEqual({
      alerts: 3,
      precision: 2 / 3,
      recall: 1 / 2,
      labels: 2,
      falseAlerts: 1,
      alertsPerWeek: 1.5,
      falseAlertsPerWeek: 0.5,
      medianDelayMinutes: 60,
    });
  });

  it("counts an alert during another metric's incident as correct but not towards recall", () => {
    expect(scores.complaint_rate).toMatchObject({
      alerts: 2,
      precision: 0.5,
      falseAlerts: 1,
      recall: null,
      labels: 0,
      medianDelayMinutes: null,
    });
    // The outage's own metric raised nothing, so its recall is 0 whatever the complaints did.
    expect(scores.redemption_failure_rate).toMatchObject({
      alerts: 0,
      precision: null,
      recall: 0,
      labels: 1,
      falseAlerts: 0,
      medianDelayMinutes: null,
    });
  });

  it('takes the median delay over the incidents found, never negative', () => {
    const l = (id: string, h: number): LabelledIncident => ({
      id,
      metric: 'm',
      slice: {},
      start: at(h),
      end: at(h + 1),
    });
    const ls = [l('a', 1), l('b', 3), l('c', 5), l('d', 7)];
    const as = [
      alert('m', {}, at(1), at(2), at(1, 10)),
      alert('m', {}, at(3), at(4), at(3, 20)),
      alert('m', {}, at(5), at(6), at(5, 60)),
      // Fired before the labelled start (the label is late): a delay of 0.
      alert('m', {}, at(6, 50), at(8), at(6, 55)),
    ];
    const s = scoreBacktest(['m'], as, ls, 1, 0).m!;
    expect(s.recall).toBe(1);
    expect(s.precision).toBe(1);
    // Delays 0, 10, 20, 60: the lower middle value.
    expect(s.medianDelayMinutes).toBe(10);
    const three = scoreBacktest(['m'], as.slice(0, 3), ls.slice(0, 3), 1, 0).m!;
    expect(three.medianDelayMinutes).toBe(20);
  });

  it('reports null precision and zero rates for a metric without alerts or labels', () => {
    expect(scoreBacktest(['quiet'], alerts, labels, 4, 0).quiet).toEqual({
      alerts: 0,
      precision: null,
      recall: null,
      labels: 0,
      falseAlerts: 0,
      alertsPerWeek: 0,
      falseAlertsPerWeek: 0,
      medianDelayMinutes: null,
    });
  });
});

describe('matches', () => {
  const label = labels[0]!;

  it('needs the same metric, consistent slices and overlapping time', () => {
    expect(matches(alert('refund_rate', { city: 'jakarta' }, at(9), at(11), at(10)), label, 0)).toBe(true);
    expect(matches(alert('complaint_rate', { city: 'jakarta' }, at(9), at(11), at(10)), label, 0)).toBe(false);
    expect(matches(alert('refund_rate', { city: 'bangkok' }, at(9), at(11), at(10)), label, 0)).toBe(false);
    // The whole market contains Jakarta; a Jakarta spa slice is inside it.
    expect(matches(alert('refund_rate', {}, at(9), at(11), at(10)), label, 0)).toBe(true);
    expect(matches(alert('refund_rate', { category: 'spa' }, at(9), at(11), at(10)), label, 0)).toBe(true);
    expect(matches(alert('refund_rate', { city: 'jakarta' }, at(7), at(10), at(8)), label, 0)).toBe(false);
  });

  it('accepts a slice among the contributors', () => {
    const grouped = alert('refund_rate', { category: 'spa', city: 'bangkok' }, at(10), at(11), at(11), [
      { city: 'jakarta', category: 'food' },
    ]);
    expect(matches(grouped, label, 0)).toBe(true);
  });

  it('accepts an alert starting within the grace period after the end', () => {
    const late = alert('refund_rate', { city: 'jakarta' }, at(14, 20), at(15), at(15));
    expect(matches(late, label, 0)).toBe(false);
    expect(matches(late, label, 30 * MIN)).toBe(true);
    expect(matches(late, label, 20 * MIN)).toBe(false);
  });
});

describe('scoreBacktest without any labels', () => {
  it('gives no precision (null, printed n/a) rather than 0', () => {
    const alert = {
      metric: 'm',
      slice: {},
      start: '2026-01-01T00:00:00.000Z',
      end: '2026-01-01T01:00:00.000Z',
      firedAt: '2026-01-01T01:00:00.000Z',
      severity: 2,
      score: 9,
      contributors: [],
    };
    const s = scoreBacktest(['m'], [alert], [], 1, 0, false).m!;
    expect(s.precision).toBeNull();
    expect(s.recall).toBeNull();
    expect(s.alerts).toBe(1);
    // Without labels nothing can call an alert false: not 1 false alert, but none to judge.
    expect(s.falseAlerts).toBeNull();
    expect(s.falseAlertsPerWeek).toBeNull();
  });
});
