// How demand moves: local hour-of-day curves, weekdays, public holidays and growth over the period.
import { HOLIDAYS } from './holidays.ts';
import { CATEGORIES, CITIES, cellShare, type Category, type City } from './markets.ts';
import { WeightedTable } from './random.ts';

/** Seconds in an hour (all demo times are epoch seconds). */
export const HOUR = 3600;
/** Seconds in a day. */
export const DAY = 86400;

/** Orders per day across all markets 120 days before the end of the data (the default period's start). */
export const BASE_DAILY_ORDERS = 6500;
/** Compound daily growth of demand: +30% over 120 days. Anchored to the end, so the latest days look the same for any period. */
export const GROWTH_PER_DAY = Math.log(1.3) / 120;

/** A 24-value local-hour curve with mean 1, from Gaussian bumps over a small night floor. */
export function hourCurve(bumps: Category['bumps']): Float64Array {
  const curve = new Float64Array(24);
  let sum = 0;
  for (let h = 0; h < 24; h++) {
    let v = 0.08;
    for (const [peak, width, height] of bumps) {
      const d = Math.min(Math.abs(h + 0.5 - peak), 24 - Math.abs(h + 0.5 - peak));
      v += height * Math.exp(-0.5 * (d / width) ** 2);
    }
    curve[h] = v;
    sum += v;
  }
  for (let h = 0; h < 24; h++) curve[h] = (curve[h]! * 24) / sum;
  return curve;
}

const CURVES = CATEGORIES.map((c) => hourCurve(c.bumps));
const SHARES = CITIES.map((city) => CATEGORIES.map((cat) => cellShare(city, cat)));

/** Per city, a draw of a category index weighted by its share of the city's orders. */
export const CATEGORY_MIX = SHARES.map(
  (shares) =>
    new WeightedTable(
      CATEGORIES.map((_, i) => i),
      shares,
    ),
);

/** The local hour (0..23) in a city at epoch second t. */
export function localHour(t: number, city: City): number {
  return Math.floor(((((t + city.utcOffsetHours * HOUR) % DAY) + DAY) % DAY) / HOUR);
}

/** Days since 1970-01-01 in the city's local time. */
export function localDay(t: number, city: City): number {
  return Math.floor((t + city.utcOffsetHours * HOUR) / DAY);
}

/** Monday = 0 .. Sunday = 6 for a local day number (1970-01-01 was a Thursday). */
export function weekdayOf(day: number): number {
  return (((day + 3) % 7) + 7) % 7;
}

/** A public holiday row for the warehouse's lookup table. */
export interface HolidayRow {
  market: string;
  date: string;
  name: string;
}

/** Every fixed-date public holiday of every market in the years the period touches. */
export function holidayRows(start: number, end: number): HolidayRow[] {
  const rows: HolidayRow[] = [];
  const first = new Date((start - DAY) * 1000).getUTCFullYear();
  const last = new Date((end + DAY) * 1000).getUTCFullYear();
  for (let year = first; year <= last; year++) {
    for (const [monthDay, name, markets] of HOLIDAYS) {
      for (const market of markets) rows.push({ market, date: `${year}-${monthDay}`, name });
    }
  }
  return rows.sort((a, b) => (a.market + a.date).localeCompare(b.market + b.date));
}

/** Expected demand per city, category and hour over one seeded period. */
export class Seasonality {
  private readonly holidays = new Set<string>();
  /** When demand was BASE_DAILY_ORDERS. */
  private readonly baseDay: number;

  constructor(start: number, end: number) {
    this.baseDay = end - 120 * DAY;
    for (const row of holidayRows(start, end)) {
      const day = Math.floor(Date.parse(`${row.date}T00:00:00Z`) / 1000 / DAY);
      for (const city of CITIES) if (city.market === row.market) this.holidays.add(`${city.id}:${day}`);
    }
  }

  /** True when the city's local day (see localDay) is a public holiday. */
  isHoliday(city: City, day: number): boolean {
    return this.holidays.has(`${city.id}:${day}`);
  }

  /** Expected orders in the hour starting at t, before noise and incidents. */
  ordersPerHour(cityIdx: number, catIdx: number, t: number): number {
    const city = CITIES[cityIdx]!;
    const cat = CATEGORIES[catIdx]!;
    const day = localDay(t, city);
    const growth = Math.exp((GROWTH_PER_DAY * (t - this.baseDay)) / DAY);
    const holiday = this.isHoliday(city, day) ? cat.holidayFactor : 1;
    const hourly = CURVES[catIdx]![localHour(t, city)]! / 24;
    return BASE_DAILY_ORDERS * growth * SHARES[cityIdx]![catIdx]! * hourly * cat.weekday[weekdayOf(day)]! * holiday;
  }
}

/** Expected orders per day in a city x category at BASE_DAILY_ORDERS, ignoring seasonality and growth. */
export function baseCellOrdersPerDay(cityIdx: number, catIdx: number): number {
  return BASE_DAILY_ORDERS * SHARES[cityIdx]![catIdx]!;
}
