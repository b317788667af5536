// iCalendar rotas for the on-call tests: a fortnightly two-person rota in Europe/London across the 2026 change
// to summer time (Sunday 29 March), with a day's cover overlapping it and a weekly secondary.

/** Joins lines the way calendar servers send them (CRLF). */
export const ics = (...lines: string[]) => [...lines, ''].join('\r\n');

/** Ade (by email) and Budi (by member id) take turns weekly from Monday 16 March 09:00 London; Citra covers a day. */
export const LONDON_ROTA = ics(
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'PRODID:-//vigil tests//on-call//EN',
  'X-WR-TIMEZONE:Europe/London',
  'BEGIN:VEVENT',
  'UID:weekly-ade',
  'DTSTART;TZID=Europe/London:20260316T090000',
  'DTEND;TZID=Europe/London:20260323T090000',
  'RRULE:FREQ=WEEKLY;INTERVAL=2',
  'SUMMARY:Primary on call',
  'ATTENDEE;CN="Ade, GNE";ROLE=REQ-PARTICIPANT:mailto:Ade@Example.com',
  'BEGIN:VALARM',
  'ACTION:DISPLAY',
  'SUMMARY:not a shift',
  'END:VALARM',
  'END:VEVENT',
  'BEGIN:VEVENT',
  'UID:weekly-budi',
  'DTSTART;TZID=Europe/London:20260323T090000',
  'DTEND;TZID=Europe/London:20260330T090000',
  'RRULE:FREQ=WEEKLY;INTERVAL=2',
  // A folded line: the continuation starts with a space.
  'SUMMARY:Primary: U0BU',
  ' DI',
  'END:VEVENT',
  'BEGIN:VEVENT',
  'UID:cover',
  'DTSTART:20260325T120000Z',
  'DTEND:20260326T120000Z',
  'SUMMARY:Cover <@U0CITRA>\\, Budi at the dentist',
  'END:VEVENT',
  'BEGIN:VEVENT',
  'UID:secondary',
  'DTSTART;TZID=Europe/London:20260316T090000',
  'DURATION:P7D',
  'RRULE:FREQ=WEEKLY;COUNT=4',
  'SUMMARY:Secondary U0SARI',
  'END:VEVENT',
  'END:VCALENDAR',
);

/** ical_people for LONDON_ROTA. */
export const PEOPLE = { 'ade@example.com': 'U0ADE' };
