import { describe, expect, it } from 'vitest';
import { CHANNEL_NAME_MAX, incidentChannelName, nthChannelName } from '../../src/incidents/channel-name.ts';

describe('incidentChannelName', () => {
  const at = new Date('2026-11-25T17:30:00Z'); // already the 26th in Singapore

  it('prefixes the local date and slugs the title to Slack-legal characters', () => {
    expect(incidentChannelName('Refund spike in Jakarta!', at, 'Asia/Singapore')).toBe('inc-20261126-refund-spike-in-jakarta');
    expect(incidentChannelName('Refund spike in Jakarta!', at, 'UTC')).toBe('inc-20261125-refund-spike-in-jakarta');
  });

  it('folds accents and case, collapses separators, and keeps _ and -', () => {
    expect(incidentChannelName('  Hồ Chí Minh: POS__down -- QA  ', at, 'UTC')).toBe('inc-20261125-ho-chi-minh-pos__down-qa');
  });

  it('stays within 80 characters with room for a -NN suffix', () => {
    const name = incidentChannelName('x'.repeat(300), at, 'UTC');
    expect(name.length).toBeLessThanOrEqual(CHANNEL_NAME_MAX - 3);
    expect(nthChannelName(name, 12).length).toBeLessThanOrEqual(CHANNEL_NAME_MAX);
    expect(name).toMatch(/^[a-z0-9_-]+$/);
  });

  it('falls back to "incident" when nothing of the title survives', () => {
    expect(incidentChannelName('!!! 退款', at, 'UTC')).toBe('inc-20261125-incident');
  });

  it('numbers retries from -2', () => {
    expect(nthChannelName('inc-1-a', 1)).toBe('inc-1-a');
    expect(nthChannelName('inc-1-a', 2)).toBe('inc-1-a-2');
  });
});
