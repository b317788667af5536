import { describe, expect, it } from 'vitest';
import { CHANNEL_NAME_MAX, incidentChannelName, nthChannelName } from '../../src/incidents/channel-name.ts';

describe('incidentChannelName', () => {
  const openedAt = new Date('2026-11-25T17:30:00Z'); // already the 26th in Singapore
  const named = (title: string, more: { id?: number; metricId?: string } = {}, timezone = 'UTC') =>
    incidentChannelName({ id: more.id ?? 42, title, metricId: more.metricId ?? null, openedAt }, timezone);

  it('prefixes the local date and the incident number, then slugs the title to Slack-legal characters', () => {
    expect(named('Refund spike in Jakarta!', {}, 'Asia/Singapore')).toBe('inc-20261126-42-refund-spike-in-jakarta');
    expect(named('Refund spike in Jakarta!')).toBe('inc-20261125-42-refund-spike-in-jakarta');
  });

  it('gives incidents of one title and day different names through their numbers', () => {
    const names = new Set(Array.from({ length: 100 }, (_, i) => named('POS down', { id: i + 1 })));
    expect(names.size).toBe(100);
  });

  it('folds accents, Latin letters without a decomposition, and case; collapses separators; keeps _ and -', () => {
    expect(named('  Hồ Chí Minh: POS__down -- QA  ')).toBe('inc-20261125-42-ho-chi-minh-pos__down-qa');
    expect(named('Đà Nẵng Straße Łódź')).toBe('inc-20261125-42-da-nang-strasse-lodz');
  });

  it('cuts a long title at a word boundary near 30 characters, readable in a sidebar', () => {
    const name = named('Refund spike across every merchant in greater Jakarta and Bandung');
    expect(name).toBe('inc-20261125-42-refund-spike-across-every');
    expect(named('x'.repeat(300))).toBe(`inc-20261125-42-${'x'.repeat(30)}`);
  });

  it('stays within 80 characters with room for a -N suffix, even for a huge number', () => {
    const name = named('a long title with many words in it', { id: Number.MAX_SAFE_INTEGER });
    expect(nthChannelName(name, 3).length).toBeLessThanOrEqual(CHANNEL_NAME_MAX);
    expect(name).toMatch(/^[a-z0-9_-]+$/);
  });

  it('falls back to the metric id, else "incident", when nothing of the title survives (Arabic, Chinese, Thai, emoji)', () => {
    expect(named('!!! 退款')).toBe('inc-20261125-42-incident');
    expect(named('ارتفاع المبالغ المستردة', { metricId: 'refund_rate' })).toBe('inc-20261125-42-refund_rate');
    expect(named('อัตราการคืนเงิน')).toBe('inc-20261125-42-incident');
    expect(named('🔥🔥')).toBe('inc-20261125-42-incident');
  });

  it('numbers retries from -2', () => {
    expect(nthChannelName('inc-1-a', 1)).toBe('inc-1-a');
    expect(nthChannelName('inc-1-a', 2)).toBe('inc-1-a-2');
  });
});
