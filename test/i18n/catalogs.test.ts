import { describe, expect, it } from 'vitest';
import { LOCALES } from '../../src/i18n/locales.ts';
import { en, type MessageKey } from '../../src/i18n/messages/en.ts';
import { CATALOGS, translator } from '../../src/i18n/translate.ts';

const KEYS = Object.keys(en).sort() as MessageKey[];
const OTHERS = LOCALES.filter((l) => l !== 'en');

const placeholders = (phrase: string): string[] => [...phrase.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort();

// The phrase without the tokens allowed to carry digits: SEV{severity}, #{id}, SEV1/SEV2 and the like.
const withoutTokens = (phrase: string): string =>
  phrase.replace(/SEV\{severity\}|#\{id\}/g, '').replace(/SEV\d(\/SEV\d)?/g, '');

describe('the phrase catalogs', () => {
  it('has a catalog for every supported language, English the reference', () => {
    expect(Object.keys(CATALOGS).sort()).toEqual([...LOCALES].sort());
    expect(CATALOGS.en).toBe(en);
  });

  it.each(OTHERS)('%s has every English key and no other', (locale) => {
    expect(Object.keys(CATALOGS[locale]).sort()).toEqual(KEYS);
    for (const key of KEYS) expect(CATALOGS[locale][key].trim(), `${locale} ${key}`).not.toBe('');
  });

  it.each(OTHERS)('%s uses exactly the placeholders of English, each once', (locale) => {
    for (const key of KEYS)
      expect(placeholders(CATALOGS[locale][key]), `${locale} ${key}`).toEqual(placeholders(en[key]));
  });

  it.each(OTHERS)('%s keeps the Slack markup, the emoji and the SEV and # tokens', (locale) => {
    for (const key of KEYS) {
      const phrase = CATALOGS[locale][key];
      for (const token of ['SEV{severity}', '#{id}', 'SEV1/SEV2', 'SEV3/SEV4', 'GNE', '🔴', '🟠', '🟢', '⚪'])
        if (en[key].includes(token)) expect(phrase, `${locale} ${key}`).toContain(token);
      expect((phrase.match(/\*/g) ?? []).length, `${locale} ${key}`).toBe((en[key].match(/\*/g) ?? []).length);
    }
  });

  it.each(OTHERS)('%s writes no digit outside the SEV and # tokens', (locale) => {
    for (const key of KEYS) expect(withoutTokens(CATALOGS[locale][key]), `${locale} ${key}`).not.toMatch(/\p{Nd}/u);
  });

  it.each(OTHERS)('%s is really translated: at least 90 %% of its phrases differ from English', (locale) => {
    const differing = KEYS.filter((key) => CATALOGS[locale][key] !== en[key]);
    expect(differing.length / KEYS.length).toBeGreaterThanOrEqual(0.9);
  });
});

describe('translator', () => {
  it('fills every placeholder, numbers included', () => {
    const t = translator('id');
    expect(t('headline.daily', { date: '12 Mei', status: 'MERAH' })).toBe('GNE harian 12 Mei: keseluruhan MERAH');
    expect(translator('en')('attention.more', { count: 3 })).toBe('3 more below.');
    expect(translator('vi')('incident.head', { severity: 2, title: 'Refund rate', id: 41, status: 'đang mở' })).toBe(
      'SEV2 *Refund rate* (#41, đang mở)',
    );
  });

  it('returns a phrase without placeholders as it is, with or without params', () => {
    expect(translator('th')('section.today')).toBe('วันนี้');
    expect(translator('ms')('status.red', {})).toBe('MERAH');
  });

  it('leaves the filled values alone, even when they hold braces', () => {
    expect(translator('fil')('trend.why.redMetrics', { metrics: '{status}' })).toBe('pula: {status}');
  });

  it('throws on a missing parameter, naming the key and the parameter', () => {
    const t = translator('fil');
    expect(() => t('attention.more')).toThrow(/attention\.more.*count/);
    expect(() => t('metric.per', { value: '1,2' })).toThrow(/"metric\.per".*"base"/);
    expect(() => t('metric.per', { value: '1,2', toString: 'x' })).toThrow(/"base"/);
  });
});
