// Reads the VEVENTs of an iCalendar file (RFC 5545, the subset an on-call calendar uses): DTSTART and DTEND
// (or DURATION) with TZID, Z or a date, SUMMARY, ATTENDEE, RRULE, EXDATE and RECURRENCE-ID. Pure.
import type { LocalDateTime } from '../time/zone-time.ts';

/** A DATE or DATE-TIME value: its wall-clock parts, and its zone (`UTC` for Z, undefined when floating). */
export interface IcalTime {
  local: LocalDateTime;
  zone?: string;
  /** A whole day (VALUE=DATE). */
  date: boolean;
}

/** The recurrence rules vigil expands: daily and weekly (BYDAY), with INTERVAL, COUNT or UNTIL. */
export interface Rrule {
  freq: 'DAILY' | 'WEEKLY';
  interval: number;
  count?: number;
  until?: IcalTime;
  /** Weekdays of a weekly rule, 0 = Sunday .. 6 = Saturday. */
  byDay?: number[];
}

/** One VEVENT. */
export interface IcalEvent {
  uid: string;
  start: IcalTime;
  end?: IcalTime;
  /** DURATION, when given instead of DTEND. */
  durationMs?: number;
  summary: string;
  /** ATTENDEE values as written (mailto:…). */
  attendees: string[];
  rrule?: Rrule;
  exdates: IcalTime[];
  /** Set on an event that replaces one occurrence of the recurring event with the same UID. */
  recurrenceId?: IcalTime;
  cancelled: boolean;
  /** Its position in the file. */
  order: number;
}

/** The events, the calendar's own zone (X-WR-TIMEZONE) and what could not be read (each a sentence). */
export interface IcalCalendar {
  events: IcalEvent[];
  zone?: string;
  problems: string[];
}

const DAYS = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'];

interface ContentLine {
  name: string;
  params: Record<string, string>;
  value: string;
}

// Lines longer than 75 octets are folded: a line break followed by a space or a tab continues the line.
function unfold(text: string): string[] {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/\n[ \t]/g, '')
    .split('\n')
    .filter((l) => l.trim() !== '');
}

function contentLine(line: string): ContentLine | undefined {
  let quoted = false;
  let colon = -1;
  for (let i = 0; i < line.length; i++) {
    if (line[i] === '"') quoted = !quoted;
    else if (line[i] === ':' && !quoted) {
      colon = i;
      break;
    }
  }
  if (colon < 0) return undefined;
  const [name = '', ...rawParams] = line.slice(0, colon).split(';');
  const params: Record<string, string> = {};
  for (const p of rawParams) {
    const eq = p.indexOf('=');
    if (eq > 0) params[p.slice(0, eq).toUpperCase()] = p.slice(eq + 1).replace(/^"|"$/g, '');
  }
  return { name: name.toUpperCase(), params, value: line.slice(colon + 1) };
}

function unescapeText(v: string): string {
  return v.replace(/\\([\\;,nN])/g, (_m, c: string) => (c === 'n' || c === 'N' ? '\n' : c));
}

/** A DATE (20260105) or DATE-TIME (20260105T090000, …Z) value; undefined when it is neither. */
export function parseIcalTime(value: string, tzid?: string): IcalTime | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})?(Z)?)?$/.exec(value.trim());
  if (!m) return undefined;
  const local = { year: +m[1]!, month: +m[2]!, day: +m[3]!, hour: +(m[4] ?? 0), minute: +(m[5] ?? 0) };
  if (m[4] === undefined) return { local, date: true };
  const zone = m[7] ? 'UTC' : tzid;
  return { local, date: false, ...(zone ? { zone } : {}) };
}

// A DURATION such as PT12H, P7D, P1W or -PT30M, in milliseconds.
function parseDuration(value: string): number | undefined {
  const m = /^([+-])?P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(value.trim());
  if (!m || value.trim() === 'P') return undefined;
  const [w, d, h, min, s] = [m[2], m[3], m[4], m[5], m[6]].map((x) => Number(x ?? 0));
  const ms = ((((w! * 7 + d!) * 24 + h!) * 60 + min!) * 60 + s!) * 1000;
  return m[1] === '-' ? -ms : ms;
}

function parseRrule(value: string): Rrule | string {
  const parts = Object.fromEntries(
    value.split(';').map((p) => {
      const [k = '', v = ''] = p.split('=');
      return [k.toUpperCase(), v];
    }),
  );
  if (parts.FREQ !== 'DAILY' && parts.FREQ !== 'WEEKLY')
    return `FREQ=${parts.FREQ ?? '?'} is not supported (DAILY, WEEKLY)`;
  const rule: Rrule = { freq: parts.FREQ, interval: Math.max(1, Number(parts.INTERVAL ?? 1) || 1) };
  if (parts.COUNT) rule.count = Number(parts.COUNT);
  if (parts.UNTIL) {
    const until = parseIcalTime(parts.UNTIL);
    if (until) rule.until = until;
  }
  if (parts.BYDAY) {
    const days = parts.BYDAY.split(',').map((d: string) => DAYS.indexOf(d.trim().slice(-2).toUpperCase()));
    if (days.some((d: number) => d < 0)) return `BYDAY=${parts.BYDAY} is not understood`;
    rule.byDay = days;
  }
  return rule;
}

/** Parses the calendar's VEVENTs; an event that cannot be read is left out and said in `problems`. */
export function parseIcal(text: string): IcalCalendar {
  const events: IcalEvent[] = [];
  const problems: string[] = [];
  let zone: string | undefined;
  let current: (Partial<IcalEvent> & { exdates: IcalTime[]; attendees: string[] }) | undefined;
  let depth = 0; // components nested inside the VEVENT (VALARM)
  for (const raw of unfold(text)) {
    const line = contentLine(raw);
    if (!line) continue;
    if (line.name === 'X-WR-TIMEZONE' && !current) zone = line.value.trim();
    if (line.name === 'BEGIN' && line.value.toUpperCase() === 'VEVENT') {
      current = { exdates: [], attendees: [], summary: '', cancelled: false, order: events.length };
      continue;
    }
    if (!current) continue;
    if (line.name === 'BEGIN') depth++;
    else if (line.name === 'END' && depth > 0) depth--;
    else if (line.name === 'END' && line.value.toUpperCase() === 'VEVENT') {
      if (current.start) events.push({ uid: current.uid ?? `event-${events.length}`, ...current } as IcalEvent);
      else problems.push(`An event without a readable DTSTART (${current.summary || 'no summary'}) was left out.`);
      current = undefined;
    } else if (depth === 0) readProperty(current, line, problems);
  }
  return { events, ...(zone ? { zone } : {}), problems };
}

function readProperty(
  event: Partial<IcalEvent> & { exdates: IcalTime[]; attendees: string[] },
  line: ContentLine,
  problems: string[],
) {
  const tzid = line.params.TZID;
  switch (line.name) {
    case 'UID':
      event.uid = line.value.trim();
      break;
    case 'DTSTART':
      event.start = parseIcalTime(line.value, tzid);
      break;
    case 'DTEND':
      event.end = parseIcalTime(line.value, tzid);
      break;
    case 'DURATION':
      event.durationMs = parseDuration(line.value);
      break;
    case 'SUMMARY':
      event.summary = unescapeText(line.value);
      break;
    case 'ATTENDEE':
      event.attendees.push(line.value.trim());
      break;
    case 'STATUS':
      event.cancelled = line.value.trim().toUpperCase() === 'CANCELLED';
      break;
    case 'RECURRENCE-ID':
      event.recurrenceId = parseIcalTime(line.value, tzid);
      break;
    case 'EXDATE':
      for (const v of line.value.split(',')) {
        const t = parseIcalTime(v, tzid);
        if (t) event.exdates.push(t);
      }
      break;
    case 'RRULE': {
      const rule = parseRrule(line.value);
      if (typeof rule === 'string')
        problems.push(`${event.summary || 'An event'}: ${rule}; only its first occurrence is used.`);
      else event.rrule = rule;
      break;
    }
  }
}
