// Independent RFC 5545 expansion for RecurrenceCrossCheckTests: ical.js (not Ical.Net, not NodaTime) expands each
// case's RRULE from a local DTSTART and converts every occurrence start to UTC with a VTIMEZONE written here from the
// published daylight-saving rules (not from the TZDB the C# engine embeds), so the two sides share no code or data.
// Usage: node recurrence-cross-check.mjs <cases.json>; prints { "<id>": ["2026-...Z", ...], ... }.
import { readFileSync } from 'node:fs';
import ICAL from 'ical.js';

// Rules in force for 2025-2028: EU (last Sunday of March/October at 01:00 UTC), US since 2007 (second Sunday of
// March, first Sunday of November, 02:00 local), New South Wales since 2008 (first Sunday of October/April).
const zones = {
  'Europe/London': [
    'BEGIN:DAYLIGHT', 'TZOFFSETFROM:+0000', 'TZOFFSETTO:+0100', 'DTSTART:19810329T010000', 'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU', 'END:DAYLIGHT',
    'BEGIN:STANDARD', 'TZOFFSETFROM:+0100', 'TZOFFSETTO:+0000', 'DTSTART:19961027T020000', 'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU', 'END:STANDARD',
  ],
  'America/New_York': [
    'BEGIN:DAYLIGHT', 'TZOFFSETFROM:-0500', 'TZOFFSETTO:-0400', 'DTSTART:20070311T020000', 'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU', 'END:DAYLIGHT',
    'BEGIN:STANDARD', 'TZOFFSETFROM:-0400', 'TZOFFSETTO:-0500', 'DTSTART:20071104T020000', 'RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU', 'END:STANDARD',
  ],
  'Australia/Sydney': [
    'BEGIN:STANDARD', 'TZOFFSETFROM:+1100', 'TZOFFSETTO:+1000', 'DTSTART:20080406T030000', 'RRULE:FREQ=YEARLY;BYMONTH=4;BYDAY=1SU', 'END:STANDARD',
    'BEGIN:DAYLIGHT', 'TZOFFSETFROM:+1000', 'TZOFFSETTO:+1100', 'DTSTART:20081005T020000', 'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=1SU', 'END:DAYLIGHT',
  ],
};

for (const [tzid, lines] of Object.entries(zones)) {
  const vtimezone = new ICAL.Component(ICAL.parse(['BEGIN:VTIMEZONE', `TZID:${tzid}`, ...lines, 'END:VTIMEZONE'].join('\r\n')));
  ICAL.TimezoneService.register(vtimezone);
}

const cases = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const result = {};
for (const c of cases) {
  const text = [
    'BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//ReleasePolicy//cross-check//EN',
    'BEGIN:VEVENT', `UID:${c.id}`, 'DTSTAMP:20260101T000000Z', `DTSTART;TZID=${c.zone}:${c.start}`, `DURATION:${c.duration}`, `RRULE:${c.rrule}`, 'END:VEVENT',
    'END:VCALENDAR',
  ].join('\r\n');
  const event = new ICAL.Event(new ICAL.Component(ICAL.parse(text)).getFirstSubcomponent('vevent'));
  const from = Date.parse(c.from) / 1000;
  const to = Date.parse(c.to) / 1000;
  const starts = [];
  const iterator = event.iterator();
  // Bounded: open rules are endless; stop at the first start at or after the range's end.
  for (let next = iterator.next(); next; next = iterator.next()) {
    const unix = next.toUnixTime();
    if (unix >= to) break;
    if (unix >= from) starts.push(new Date(unix * 1000).toISOString().replace('.000Z', 'Z'));
  }
  result[c.id] = starts;
}

process.stdout.write(JSON.stringify(result));
