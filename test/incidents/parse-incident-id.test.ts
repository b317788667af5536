import { describe, expect, it } from 'vitest';
import { parseIncidentId } from '../../src/incidents/parse-incident-id.ts';

describe('parseIncidentId', () => {
  it('reads 12 and #12', () => {
    expect(parseIncidentId('12')).toBe(12);
    expect(parseIncidentId('#7')).toBe(7);
    expect(parseIncidentId('007')).toBe(7);
    expect(parseIncidentId(String(Number.MAX_SAFE_INTEGER))).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('refuses anything that is not a positive whole number PostgreSQL can hold', () => {
    for (const text of [
      undefined,
      '',
      'abc',
      'NaN',
      '0',
      '#00',
      '-3',
      '1.5',
      '1e3',
      ' 12',
      '12 ',
      '##12',
      '99999999999999999999',
    ]) {
      expect(parseIncidentId(text)).toBeUndefined();
    }
  });
});
