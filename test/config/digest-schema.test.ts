import { describe, expect, it } from 'vitest';
import { digestSchema } from '../../src/config/digest-schema.ts';

const issues = (input: unknown) => {
  const r = digestSchema.safeParse(input);
  if (r.success) throw new Error('expected a validation error');
  return r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};
const SQL = 'SELECT count(*) AS value FROM t WHERE at >= :from AND at < :to';

describe('digestSchema: integrity counts and the vendor scorecard', () => {
  it('has none by default, and counts default to the count unit', () => {
    expect(digestSchema.parse(undefined).integrity).toEqual([]);
    expect(digestSchema.parse(undefined).vendors).toBeUndefined();
    expect(digestSchema.parse({ integrity: [{ label: 'reviews held', sql: SQL }] }).integrity).toEqual([
      { label: 'reviews held', unit: 'count', sql: SQL },
    ]);
  });

  it('refuses SQL without the period, unknown units and keys, and column keys that are not SQL names', () => {
    expect(issues({ integrity: [{ label: 'x', sql: 'SELECT 1 AS value' }] })).toEqual([
      'integrity.0.sql: must use :from and :to (the period, [from, to))',
    ]);
    expect(issues({ integrity: [{ label: 'x', sql: SQL, unit: 'pct' }] })).toEqual([
      'integrity.0.unit: must be ratio, count, currency or minutes',
    ]);
    expect(issues({ vendors: { sql: SQL, columns: [{ key: 'FRT SLA', label: 'x' }] } })).toEqual([
      'vendors.columns.0.key: a SQL column name',
    ]);
    expect(issues({ vendors: { sql: SQL, columns: [] } })[0]).toMatch(/^vendors\.columns: /);
    expect(issues({ integrity: [{ label: 'x', sql: SQL, colour: 'red' }] })[0]).toMatch(/colour/);
  });
});

describe('digestSchema: the language and the also_to channels', () => {
  it('writes in English to no other channel by default, and normalises a BCP 47 tag', () => {
    expect(digestSchema.parse(undefined)).toMatchObject({ language: 'en', also_to: [] });
    expect(digestSchema.parse({}).language).toBe('en');
    const parsed = digestSchema.parse({ language: 'id-ID', also_to: [{ channel: 'gne-digest-th', language: 'th' }] });
    expect(parsed.language).toBe('id');
    expect(parsed.also_to).toEqual([{ channel: 'gne-digest-th', language: 'th' }]);
  });

  it('refuses an unknown language with the ones there are, a channel twice, and an entry without its language', () => {
    expect(issues({ language: 'xx' })).toEqual([
      'language: "xx" is not a language vigil writes summaries in: use one of en, id, th, vi, ms, fil (BCP 47, e.g. "id" or "id-ID")',
    ]);
    expect(issues({ also_to: [{ channel: 'gne-th', language: 'klingon' }] })[0]).toMatch(
      /^also_to\.0\.language: "klingon" is not a language/,
    );
    expect(
      issues({
        also_to: [
          { channel: 'gne-th', language: 'th' },
          { channel: '#gne-th', language: 'th' },
        ],
      }),
    ).toEqual(['also_to: lists a channel twice: one digest per channel']);
    expect(issues({ also_to: [{ channel: 'gne-th' }] })[0]).toMatch(/^also_to\.0\.language: /);
  });
});
