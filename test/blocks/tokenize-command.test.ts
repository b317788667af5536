import { describe, expect, it } from 'vitest';
import { splitKeyValues, tokenize } from '../../src/blocks/tokenize-command.ts';

describe('tokenize', () => {
  it('splits on spaces and keeps quoted phrases together without their quotes', () => {
    expect(tokenize('  refund-spike   city=jakarta ')).toEqual(['refund-spike', 'city=jakarta']);
    expect(tokenize(`new "Refund spike" 'in Jakarta' sev=2`)).toEqual(['new', 'Refund spike', 'in Jakarta', 'sev=2']);
    expect(tokenize('')).toEqual([]);
  });

  it('reads key="a b" and key=\'a b\' as one word with the quotes taken off the value', () => {
    expect(tokenize(`city="kuala lumpur" category='food & drink' x=1`)).toEqual([
      'city=kuala lumpur',
      'category=food & drink',
      'x=1',
    ]);
    expect(tokenize('city=“kuala lumpur” vendor=‘acme co’')).toEqual(['city=kuala lumpur', 'vendor=acme co']);
    expect(tokenize('city=""')).toEqual(['city=']);
  });

  it('leaves apostrophes inside words and quotes never closed as characters', () => {
    expect(tokenize("Merchant's refunds can't wait")).toEqual(["Merchant's", 'refunds', "can't", 'wait']);
    expect(tokenize('city="kuala lumpur')).toEqual(['city="kuala', 'lumpur']);
    expect(tokenize('"half open')).toEqual(['"half', 'open']);
  });
});

describe('splitKeyValues', () => {
  it('takes quoted values whole, the rest positional', () => {
    expect(splitKeyValues(tokenize('refund_rate 2h City="kuala lumpur"'))).toEqual({
      positional: ['refund_rate', '2h'],
      options: { city: 'kuala lumpur' },
      problems: [],
    });
  });
});

describe('splitKeyValues problems', () => {
  it('names a repeated key, an empty value and a quote never closed, and nothing for clean input', () => {
    expect(splitKeyValues(tokenize('a b=1 c="x y"')).problems).toEqual([]);
    expect(splitKeyValues(tokenize('city=a city=b')).problems).toEqual(['city= given twice']);
    expect(splitKeyValues(tokenize('city=')).problems).toEqual(['city= has no value']);
    expect(splitKeyValues(tokenize('city="kuala lumpur')).problems).toEqual(['a quote never closed in city=']);
    expect(splitKeyValues(tokenize("city='kuala lumpur")).problems).toEqual(['a quote never closed in city=']);
    expect(splitKeyValues(tokenize('city=kuala lumpur"')).problems).toEqual(['a quote never closed near lumpur"']);
  });
});
