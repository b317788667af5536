// The digest's configured warehouse sections on a real database: counts and the vendor scorecard over the period;
// a failing or misshapen query is left out (null) and logged, and the rest still comes back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logging/create-logger.ts';
import { fetchDigestSections } from '../../src/summaries/fetch-digest-sections.ts';
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from '../helpers/test-database.ts';

const START = new Date('2026-11-24T17:00:00Z');
const END = new Date('2026-11-25T17:00:00Z');
const VENDOR_SQL = `SELECT vendor, count(*) AS contacts, avg(CASE WHEN ok THEN 1 ELSE 0 END)::float8 AS frt_sla
  FROM wh_sections.tickets WHERE at >= :from AND at < :to GROUP BY 1 ORDER BY 1`;

describe.each(testDatabaseKinds)('fetchDigestSections on %s', (kind) => {
  let db: TestDatabase;
  const warnings: string[] = [];
  const logger = createLogger({
    level: 'warn',
    pretty: false,
    destination: { write: (line: string) => warnings.push(JSON.parse(line).msg) },
  });

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    await db.pool.query('CREATE SCHEMA wh_sections');
    await db.pool.query('CREATE TABLE wh_sections.tickets (vendor text, at timestamptz, ok boolean)');
    // Three tickets of vendor-a (two in time), one of vendor-b in the period, one of each the day before.
    await db.pool.query(`INSERT INTO wh_sections.tickets VALUES
      ('vendor-a', '2026-11-25T01:00:00Z', true), ('vendor-a', '2026-11-25T02:00:00Z', false), ('vendor-a', '2026-11-25T03:00:00Z', true),
      ('vendor-b', '2026-11-25T04:00:00Z', true), ('vendor-a', '2026-11-24T01:00:00Z', false), ('vendor-b', '2026-11-24T01:00:00Z', false)`);
  }, 60_000);
  afterAll(async () => {
    await db?.close();
  });

  it('runs each count and the scorecard over [from, to)', async () => {
    const got = await fetchDigestSections(
      db.pool,
      {
        integrity: [
          {
            label: 'tickets',
            unit: 'count',
            sql: 'SELECT count(*) AS value FROM wh_sections.tickets WHERE at >= :from AND at < :to',
          },
          {
            label: 'answered in time',
            unit: 'ratio',
            sql: 'SELECT avg(CASE WHEN ok THEN 1 ELSE 0 END)::float8 AS value FROM wh_sections.tickets WHERE at >= :from AND at < :to',
          },
        ],
        vendors: {
          sql: VENDOR_SQL,
          columns: [
            { key: 'contacts', label: 'contacts', unit: 'count', bad: 'up' },
            { key: 'frt_sla', label: 'first reply within SLA', unit: 'ratio', bad: 'down' },
          ],
        },
      },
      START,
      END,
      'Asia/Jakarta',
    );
    expect(got.integrity).toEqual([
      { label: 'tickets', unit: 'count', value: 4 },
      { label: 'answered in time', unit: 'ratio', value: 0.75 },
    ]);
    expect(got.vendors).toEqual({
      columns: [
        { key: 'contacts', label: 'contacts', unit: 'count', target: null, bad: 'up' },
        { key: 'frt_sla', label: 'first reply within SLA', unit: 'ratio', target: null, bad: 'down' },
      ],
      rows: [
        { vendor: 'vendor-a', values: { contacts: 3, frt_sla: 2 / 3 } },
        { vendor: 'vendor-b', values: { contacts: 1, frt_sla: 1 } },
      ],
    });
  });

  it('leaves out what fails (bad SQL, no value column, a missing scorecard column) and logs it', async () => {
    warnings.length = 0;
    const got = await fetchDigestSections(
      db.pool,
      {
        integrity: [
          { label: 'broken', unit: 'count', sql: 'SELECT count(*) AS value FROM wh_sections.nope WHERE :from < :to' },
          {
            label: 'unnamed',
            unit: 'count',
            sql: 'SELECT count(*) AS n FROM wh_sections.tickets WHERE at >= :from AND at < :to',
          },
          { label: 'fine', unit: 'count', sql: 'SELECT 7 AS value WHERE :from < :to' },
        ],
        vendors: {
          sql: VENDOR_SQL,
          columns: [{ key: 'qa_accuracy', label: 'QA accuracy', unit: 'ratio', bad: 'down' }],
        },
      },
      START,
      END,
      'UTC',
      logger,
    );
    expect(got.integrity.map((c) => c.value)).toEqual([null, null, 7]);
    expect(got.vendors).toBeNull();
    expect(warnings.filter((w) => /integrity count failed/.test(w))).toHaveLength(2);
    expect(warnings.some((w) => /vendor scorecard failed/.test(w))).toBe(true);
  });

  it('is empty without settings', async () => {
    expect(await fetchDigestSections(db.pool, undefined, START, END, 'UTC')).toEqual({ integrity: [], vendors: null });
  });
});
