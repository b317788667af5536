// The iCalendar rota in force: read from oncall.ical_url (nock on the URL), cached and refreshed, the last good
// copy kept when a refresh fails, vigil.yml's rotation when it was never read; /oncall set overrides still win.
import nock from 'nock';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { oncallSchema } from '../../src/config/oncall-schema.ts';
import { migrate } from '../../src/db/migrate.ts';
import { calendarRota } from '../../src/oncall/calendar-rota.ts';
import { addOverride, onCallBy } from '../../src/oncall/oncall-store.ts';
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from '../helpers/test-database.ts';
import { ics, LONDON_ROTA, PEOPLE } from './calendar-fixtures.ts';

const URL_BASE = 'https://calendar.example.com';
const oncall = oncallSchema.parse({
  rotation: { start: '2026-01-05T09:00', primary: ['U0YAML'] },
  ical_url: `${URL_BASE}/gne/oncall.ics`,
  ical_refresh_minutes: 15,
  ical_people: PEOPLE,
});
const TZ = 'Europe/London';
const MINUTE = 60_000;

describe('calendarRota', () => {
  let now = new Date('2026-03-24T00:00:00Z');
  const logger = pino({ level: 'silent' });
  const rotaOf = () => calendarRota({ oncall, timezone: TZ, logger, clock: () => now });
  const primaryOf = async (r: ReturnType<typeof rotaOf>) => {
    const inForce = await r(now);
    const primary = inForce.shifts.filter((s) => s.role === 'primary' && s.from <= now && s.until > now).at(-1);
    return { source: inForce.source, primary: primary?.userId ?? inForce.rota?.primary[0] };
  };

  beforeAll(() => nock.disableNetConnect());
  afterEach(() => nock.cleanAll());
  afterAll(() => nock.enableNetConnect());

  it('reads the feed once per refresh period, and reads it again after', async () => {
    const feed = nock(URL_BASE).get('/gne/oncall.ics').reply(200, LONDON_ROTA, { 'content-type': 'text/calendar' });
    const rota = rotaOf();
    expect(await primaryOf(rota)).toEqual({ source: 'calendar', primary: 'U0BUDI' });
    now = new Date(now.getTime() + 14 * MINUTE);
    expect(await primaryOf(rota)).toEqual({ source: 'calendar', primary: 'U0BUDI' });
    expect(feed.isDone()).toBe(true);
    // After the refresh period the feed is read again, and its new content is in force.
    now = new Date(now.getTime() + 2 * MINUTE);
    const changed = LONDON_ROTA.replace('Primary: U0BU\r\n DI', 'Primary: U0EKO');
    nock(URL_BASE).get('/gne/oncall.ics').reply(200, changed);
    expect(await primaryOf(rota)).toEqual({ source: 'calendar', primary: 'U0EKO' });
  });

  it('keeps the last good copy when a refresh fails, and tries again a minute later rather than on every call', async () => {
    now = new Date('2026-03-24T00:00:00Z');
    nock(URL_BASE).get('/gne/oncall.ics').reply(200, LONDON_ROTA);
    const rota = rotaOf();
    await rota(now);
    now = new Date(now.getTime() + 20 * MINUTE);
    const failing = nock(URL_BASE).get('/gne/oncall.ics').reply(503, 'maintenance');
    expect(await primaryOf(rota)).toEqual({ source: 'calendar', primary: 'U0BUDI' });
    expect(failing.isDone()).toBe(true);
    expect(await primaryOf(rota)).toEqual({ source: 'calendar', primary: 'U0BUDI' }); // no second read yet
    now = new Date(now.getTime() + MINUTE);
    nock(URL_BASE).get('/gne/oncall.ics').reply(200, LONDON_ROTA.replace('Primary: U0BU\r\n DI', 'Primary: U0EKO'));
    expect(await primaryOf(rota)).toEqual({ source: 'calendar', primary: 'U0EKO' });
  });

  it("falls back to vigil.yml's rotation when the feed was never read (an error, or no events)", async () => {
    nock(URL_BASE).get('/gne/oncall.ics').replyWithError('getaddrinfo ENOTFOUND calendar.example.com');
    expect(await primaryOf(rotaOf())).toEqual({ source: 'vigil.yml', primary: 'U0YAML' });
    nock(URL_BASE).get('/gne/oncall.ics').reply(200, ics('BEGIN:VCALENDAR', 'END:VCALENDAR'));
    expect(await primaryOf(rotaOf())).toEqual({ source: 'vigil.yml', primary: 'U0YAML' });
  });

  it('is vigil.yml rotation without ical_url, and reads nothing', async () => {
    const plain = calendarRota({
      oncall: oncallSchema.parse({ rotation: oncall.rotation }),
      timezone: TZ,
      logger,
      clock: () => now,
    });
    expect(await plain(now)).toEqual({ source: 'vigil.yml', rota: oncall.rotation, shifts: [] });
  });
});

describe.each(testDatabaseKinds)('who is on call by the calendar on %s', (kind) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase(kind);
    await migrate(db.pool);
    nock.disableNetConnect();
    nock.enableNetConnect(/127\.0\.0\.1/);
  }, 60_000);
  afterAll(async () => {
    nock.cleanAll();
    nock.enableNetConnect();
    await db?.close();
  });

  it('answers from the calendar, with an /oncall set override winning over its shift', async () => {
    const now = new Date('2026-03-24T00:00:00Z');
    nock(URL_BASE).get('/gne/oncall.ics').reply(200, LONDON_ROTA);
    const rota = calendarRota({ oncall, timezone: TZ, logger: pino({ level: 'silent' }), clock: () => now });
    const inForce = await rota(now);
    expect((await onCallBy(db.pool, inForce, now, TZ)).primary).toMatchObject({ userId: 'U0BUDI', source: 'calendar' });
    await addOverride(db.pool, {
      userId: 'U0DEWI',
      role: 'primary',
      from: now,
      until: new Date(now.getTime() + 8 * 60 * MINUTE),
      setBy: 'U0LEAD',
    });
    expect((await onCallBy(db.pool, inForce, now, TZ)).primary).toMatchObject({ userId: 'U0DEWI', source: 'override' });
  });
});
