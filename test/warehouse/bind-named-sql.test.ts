import { describe, expect, it } from 'vitest';
import { VigilError } from '../../src/errors.ts';
import { bindNamedSql } from '../../src/warehouse/bind-named-sql.ts';

const params = { from: '2025-05-01T00:00:00Z', to: '2025-05-02T00:00:00Z', tz: 'Asia/Singapore' };

describe('bindNamedSql', () => {
  it('turns :from and :to into $1 and $2 with the values in order', () => {
    const b = bindNamedSql('SELECT * FROM t WHERE at >= :from AND at < :to', params);
    expect(b.text).toBe('SELECT * FROM t WHERE at >= $1 AND at < $2');
    expect(b.values).toEqual([params.from, params.to]);
    expect(b.names).toEqual(['from', 'to']);
  });

  it('numbers parameters by first use and reuses the number on repeat uses', () => {
    const b = bindNamedSql('SELECT :to, :from, :to, :from, :to', params);
    expect(b.text).toBe('SELECT $1, $2, $1, $2, $1');
    expect(b.values).toEqual([params.to, params.from]);
    expect(b.names).toEqual(['to', 'from']);
  });

  it('leaves :: casts alone, also right after a parameter', () => {
    const b = bindNamedSql(
      'SELECT :from::timestamptz, d::date, now()::text, (x)::int WHERE a::date = :to::date',
      params,
    );
    expect(b.text).toBe('SELECT $1::timestamptz, d::date, now()::text, (x)::int WHERE a::date = $2::date');
  });

  it('leaves :names inside quoted text, quoted identifiers and comments untouched', () => {
    const sql = [
      "SELECT ':from' AS a, 'it''s :to' AS b, \"col:to\" AS c, :tz AS d -- :nope in a comment",
      '/* :also_nope\n :from */ FROM t WHERE x = :from',
    ].join('\n');
    const b = bindNamedSql(sql, params);
    expect(b.text).toBe(
      [
        "SELECT ':from' AS a, 'it''s :to' AS b, \"col:to\" AS c, $1 AS d -- :nope in a comment",
        '/* :also_nope\n :from */ FROM t WHERE x = $2',
      ].join('\n'),
    );
    expect(b.values).toEqual([params.tz, params.from]);
  });

  it('leaves a colon not followed by a name alone (array slices, times)', () => {
    expect(bindNamedSql("SELECT arr[1:2], '10:30'::time, x := 1", {}).text).toBe(
      "SELECT arr[1:2], '10:30'::time, x := 1",
    );
  });

  it('reads names with digits and underscores whole', () => {
    const b = bindNamedSql('SELECT :city_2, :city', { city_2: 'b', city: 'a' });
    expect(b.text).toBe('SELECT $1, $2');
    expect(b.values).toEqual(['b', 'a']);
  });

  it('never pastes a value into the text', () => {
    const evil = "x'; DROP SCHEMA warehouse; --";
    const b = bindNamedSql('SELECT * FROM t WHERE city = :city', { city: evil });
    expect(b.text).toBe('SELECT * FROM t WHERE city = $1');
    expect(b.values).toEqual([evil]);
  });

  it('allows unused parameters and SQL without any', () => {
    expect(bindNamedSql('SELECT 1', params)).toEqual({ text: 'SELECT 1', values: [], names: [] });
  });

  it('rejects an unknown name with vigil_sql_param_unknown, naming it and the known ones', () => {
    let err: unknown;
    try {
      bindNamedSql('SELECT * FROM t WHERE at >= :start', params, 'metric refund_rate');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(VigilError);
    expect(err).toMatchObject({
      code: 'vigil_sql_param_unknown',
      message: 'metric refund_rate uses :start, which vigil does not provide.',
      hint: 'Use only :from, :to, :tz.',
    });
  });

  it('does not take inherited object properties as parameters', () => {
    expect(() => bindNamedSql('SELECT :toString', params)).toThrow(
      expect.objectContaining({ code: 'vigil_sql_param_unknown' }),
    );
  });

  // Fixed: E'' strings honour backslash escapes.
  it('binds parameters after an E-string containing a backslash-escaped quote', () => {
    const b = bindNamedSql("SELECT E'it\\'s' AS a FROM t WHERE at >= :from", params);
    expect(b.text).toBe("SELECT E'it\\'s' AS a FROM t WHERE at >= $1");
  });
});
